namespace DentistPortal.Infrastructure.Pdf;

/// <summary>
/// What a Guia de Tratamento Odontológico (GTO) prints, per SPEC §8 (TISS fields). A blank guide is the same
/// document with only the operator filled in. Only <see cref="Rows"/> (authorized procedures) get the per-row date and
/// signature cells; <see cref="NotSignable"/> lists the others with their status and no cells (issue 9 §1, SPEC §9).
/// </summary>
public sealed record GuideDocument(
    string OperatorName,
    string AnsRegistration,
    string? GuideNumber,
    DateOnly? IssueDate,
    string? CardNumber,
    string? PlanName,
    string? BeneficiaryName,
    string? DentistName,
    string? CroNumber,
    string? CroUf,
    string? Cnes,
    string? ClinicName,
    string? ClinicCityUf,
    IReadOnlyList<GuideRow> Rows,
    string? QrPayload,
    string? ContingencyReason,
    IReadOnlyList<NotSignableRow>? NotSignable = null)
{
    public bool IsBlank => GuideNumber is null;

    /// <summary>Denied or under-review procedures: listed for information, never signable.</summary>
    public IReadOnlyList<NotSignableRow> NotSignableRows => NotSignable ?? [];

    public const string NotSignableTitle = "Procedimentos não assináveis nesta guia (não autorizados)";

    /// <summary>Printed under the table instead of a general signature line that could stand for every row.</summary>
    public const string PerRowNotice = "O beneficiário data e assina cada procedimento na sua linha, depois de realizado. Linhas sem data e assinatura não são consideradas realizadas.";
}

/// <summary>One signable procedure row: table 22 (TUSS), code, description, tooth/region, faces, quantity, authorized.
/// "Data de realização" and "Assinatura do beneficiário" are left empty on paper.</summary>
public sealed record GuideRow(string Table, string TussCode, string Description, string? ToothOrRegion, string? Faces, int Quantity, string Authorized);

/// <summary>A procedure that may not be signed on the guide (denied or under review), with its status in words.</summary>
public sealed record NotSignableRow(string TussCode, string Description, string? ToothOrRegion, string Status);

public interface IGuidePdfRenderer
{
    /// <summary>An A4 PDF of the guide (embedded font), with a QR code of <see cref="GuideDocument.QrPayload"/> when present.</summary>
    byte[] Render(GuideDocument guide);
}
