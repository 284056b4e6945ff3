namespace DentistPortal.Domain.Contingency;

/// <summary>A printed guide was issued for a treatment: who, when and why (the contingency the operator audits).</summary>
public sealed class ContingencyRecord
{
    public int Id { get; set; }
    public int TreatmentId { get; set; }
    /// <summary>TUSS table 74 code only (<see cref="Tiss.Tuss74"/>); never free text.</summary>
    public required string ReasonCode { get; set; }
    /// <summary>Free-text explanation kept apart from the code (e.g. "Dentista não conseguiu gerar o token", SPEC §9).</summary>
    public string? ReasonNote { get; set; }
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
