namespace DentistPortal.Features.Contingency;

/// <summary>
/// What a Guia de Tratamento Odontológico (GTO) prints, per SPEC §8 (TISS fields). A blank guide is the same
/// document with only the operator filled in.
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
    string? ContingencyReason)
{
    public bool IsBlank => GuideNumber is null;
}

/// <summary>One procedure row: table 22 (TUSS), code, description, tooth/region, faces, quantity, authorized.
/// "Data de realização" and "Assinatura do beneficiário" are left empty on paper.</summary>
public sealed record GuideRow(string Table, string TussCode, string Description, string? ToothOrRegion, string? Faces, int Quantity, string Authorized);

public interface IGuidePdfRenderer
{
    /// <summary>An A4 PDF of the guide (embedded font), with a QR code of <see cref="GuideDocument.QrPayload"/> when present.</summary>
    byte[] Render(GuideDocument guide);
}
