namespace DentistPortal.Domain.Audit;

/// <summary>
/// One line of the append-only audit trail (SPEC §6). Never holds a token code; the database
/// context refuses updates and deletes of these rows.
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset AtUtc { get; set; }
    public required string ActorUserId { get; set; }
    public required string ActorName { get; set; }
    public required string ActorRole { get; set; }
    public int? ClinicId { get; set; }
    public required string Action { get; set; }
    public string? SubjectType { get; set; }
    public string? SubjectId { get; set; }
    public required string Outcome { get; set; }
    public string? Detail { get; set; }
}

public static class AuditActions
{
    public const string BeneficiaryLookup = "beneficiary.lookup";
    public const string ClinicSelected = "clinic.selected";
    public const string AccessDenied = "access.denied";
    /// <summary>A clinic user read a beneficiary's header through a lookup grant (new-treatment page; issue 9 §2).</summary>
    public const string BeneficiaryRead = "beneficiary.read";
    /// <summary>A clinic user read the beneficiary block of a treatment's page (issue 9 §2).</summary>
    public const string TreatmentBeneficiaryRead = "treatment.beneficiary-read";
    /// <summary>A reference that is unknown, expired, another user's or another clinic's was refused (issue 9 §2).</summary>
    public const string BeneficiaryReferenceRefused = "beneficiary.reference-refused";
    /// <summary>The Central recorded an unsolicited-code report from any caller, by treatment number (issue 9 §6).</summary>
    public const string UnsolicitedCodeReported = "callcenter.unsolicited-report";
}
