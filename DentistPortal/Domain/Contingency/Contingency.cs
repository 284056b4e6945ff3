namespace DentistPortal.Domain.Contingency;

/// <summary>Why an attendance goes on the printed guide instead of the token (TUSS table 74, SPEC §8).</summary>
public static class ContingencyReasons
{
    public const string Emergency = "02";
    public const string SystemDown = "03";
    public const string Refused = "04";
    public const string NoPhone = "07";
    /// <summary>Not a TUSS 74 code: manual Q9, the dentist could not generate the token.</summary>
    public const string CouldNotGenerate = "NT";

    public static readonly IReadOnlyDictionary<string, string> All = new Dictionary<string, string>
    {
        [Emergency] = "02 – Urgência/emergência",
        [SystemDown] = "03 – Sistema indisponível; regularizado após a saída do paciente",
        [Refused] = "04 – Beneficiário recusou informar o token",
        [NoPhone] = "07 – Beneficiário sem celular",
        [CouldNotGenerate] = "Dentista não conseguiu gerar o token",
    };

    public static string Display(string? code) => code is not null && All.TryGetValue(code, out var d) ? d : code ?? "";
}

/// <summary>A printed guide was issued for a treatment: who, when and why (the contingency the operator audits).</summary>
public sealed class ContingencyRecord
{
    public int Id { get; set; }
    public int TreatmentId { get; set; }
    public required string ReasonCode { get; set; }
    public required string ByUserId { get; set; }
    public required string ByName { get; set; }
    public DateTimeOffset AtUtc { get; set; }
}

/// <summary>
/// Issued by the call centre while the portal was down (manual Q12); staff enter it with the signed guide
/// when the portal is back, and the treatment is regularized with reason 03.
/// </summary>
public sealed class ContingencyNumber
{
    public int Id { get; set; }
    public required string Number { get; set; }
    public int ClinicId { get; set; }
    public required string IssuedByUserId { get; set; }
    public DateTimeOffset IssuedAtUtc { get; set; }
    public string? Note { get; set; }
    public int? UsedByTreatmentId { get; set; }
    public DateTimeOffset? UsedAtUtc { get; set; }
    public int Version { get; set; }

    public bool IsUsed => UsedByTreatmentId is not null;
}

/// <summary>Scans are recognised by their first bytes, never by their name or the browser's content type.</summary>
public static class ScanFormat
{
    public const long MaxBytes = 10 * 1024 * 1024;

    public static (string ContentType, string Extension)? Detect(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 5 && head[..5].SequenceEqual("%PDF-"u8)) return ("application/pdf", ".pdf");
        if (head.Length >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF) return ("image/jpeg", ".jpg");
        if (head.Length >= 8 && head[..8].SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A })) return ("image/png", ".png");
        return null;
    }
}
