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

/// <summary>
/// Every action the audit trail records, one definition each (issue 9, "Design and code health"). The values are the
/// codes stored in <see cref="AuditEntry.Action"/> since the first release: never change one (existing rows keep their
/// meaning); add a new constant instead, with its pt-BR label in <c>AuditLabels</c>.
/// </summary>
public static class AuditActions
{
    // Access and beneficiary data (issue 9 §2, §5)

    /// <summary>A clinic user looked a beneficiary up (found or not); each member shown gets a lookup grant (issue 9 §2).</summary>
    public const string BeneficiaryLookup = "beneficiary.lookup";
    /// <summary>A clinic user read a beneficiary's header through a lookup grant (new-treatment page; issue 9 §2).</summary>
    public const string BeneficiaryRead = "beneficiary.read";
    /// <summary>A clinic user read the beneficiary block of a treatment's page (issue 9 §2).</summary>
    public const string TreatmentBeneficiaryRead = "treatment.beneficiary-read";
    /// <summary>A reference that is unknown, expired, another user's or another clinic's was refused (issue 9 §2).</summary>
    public const string BeneficiaryReferenceRefused = "beneficiary.reference-refused";
    /// <summary>A dentist or receptionist chose the clinic they work at for this session.</summary>
    public const string ClinicSelected = "clinic.selected";
    /// <summary>The access check refused an action to a signed-in user (issue 9 §5).</summary>
    public const string AccessDenied = "access.denied";

    // Treatments

    /// <summary>A clinic opened a treatment (GTO) for a beneficiary.</summary>
    public const string TreatmentCreated = "treatment.created";
    /// <summary>A treatment was sent to the operator for authorization.</summary>
    public const string TreatmentSubmitted = "treatment.submitted";
    /// <summary>The patient had no phone now: the treatment waits for a late token (manual Q6).</summary>
    public const string TreatmentAwaitingLateToken = "treatment.awaiting-late-token";

    // Attendance tokens

    /// <summary>A token was issued and sent to the beneficiary (never the code itself).</summary>
    public const string TokenGenerated = "token.generated";
    /// <summary>A clinic typed a token code; the outcome says whether it was valid (never the code itself).</summary>
    public const string TokenCodeEntered = "token.validate";
    /// <summary>A token was revoked: "Não solicitei este código", by the beneficiary or the Central on their behalf (manual Q8).</summary>
    public const string TokenRevoked = "token.revoked";
    /// <summary>A clinic account was blocked from validating tokens after too many wrong codes.</summary>
    public const string AccountBlockedAlert = "alert.account-blocked";
    /// <summary>The Central resent a token's code to the beneficiary (or was refused).</summary>
    public const string TokenResent = "token.resent";
    /// <summary>The Central read a token's code to a confirmed caller (reason and call recorded, never the code).</summary>
    public const string TokenRevealed = "token.revealed";

    // Contingency and signed guides

    /// <summary>A clinic printed the treatment guide for contingency attendance.</summary>
    public const string ContingencyPrinted = "contingency.printed";
    /// <summary>A clinic registered the beneficiary's signed guide for conference.</summary>
    public const string SignedGuideRegistered = "contingency.signed-guide";
    /// <summary>The Central issued a contingency number to a clinic while the portal was down (manual Q12).</summary>
    public const string ContingencyNumberIssued = "contingency.number-issued";

    // Dental audit (review)

    /// <summary>The dental auditor authorized or denied a treatment's items under review.</summary>
    public const string ReviewDecided = "review.decided";
    /// <summary>The dental auditor accepted or rejected a signed guide (TUSS 74 reason on rejection).</summary>
    public const string SignedGuideReviewed = "signed-guide.reviewed";

    // Unsolicited-code cases

    /// <summary>An unsolicited-code case was assigned to a back-office user.</summary>
    public const string CaseAssigned = "case.assigned";
    /// <summary>An unsolicited-code case was closed.</summary>
    public const string CaseClosed = "case.closed";

    // Central de atendimento

    /// <summary>An agent searched for a beneficiary (found or not).</summary>
    public const string CallCenterSearch = "callcenter.search";
    /// <summary>An agent recorded the caller's identity check (passed or failed).</summary>
    public const string IdentityCheck = "callcenter.identity-check";
    /// <summary>The Central recorded an unsolicited-code report from any caller, by treatment number (issue 9 §6).</summary>
    public const string UnsolicitedCodeReported = "callcenter.unsolicited-report";

    // Portal do Cliente

    /// <summary>A beneficiary asked to change their phone or e-mail (confirmation code sent).</summary>
    public const string ContactChangeRequested = "contact.change-requested";
    /// <summary>A beneficiary confirmed (or failed to confirm) a contact change.</summary>
    public const string ContactChangeConfirmed = "contact.change-confirmed";

    // Back office: exports

    /// <summary>The audit trail was exported as CSV.</summary>
    public const string AuditExported = "audit.exported";
    /// <summary>A report section was exported as CSV.</summary>
    public const string ReportExported = "report.exported";
    /// <summary>A clinic exported TISS guides (a batch for a period, or one treatment's guide): outcome "exported" or "reexported"
    /// (issue 11, TISS export). Never personal data: treatment numbers, counts and sequence numbers only.</summary>
    public const string TissExported = "tiss.exported";
    /// <summary>A TISS file already produced was downloaded again from the export history (same file, same numbers).</summary>
    public const string TissFileDownloaded = "tiss.downloaded";

    // Back office: administration

    /// <summary>A clinic was registered.</summary>
    public const string ClinicCreated = "admin.clinic.created";
    /// <summary>A clinic's data was changed.</summary>
    public const string ClinicUpdated = "admin.clinic.updated";
    /// <summary>A clinic was reactivated.</summary>
    public const string ClinicActivated = "admin.clinic.activated";
    /// <summary>A clinic was deactivated.</summary>
    public const string ClinicDeactivated = "admin.clinic.deactivated";
    /// <summary>A dentist (CRO) and their access account were registered.</summary>
    public const string DentistCreated = "admin.dentist.created";
    /// <summary>The clinics an account works at were changed.</summary>
    public const string MembershipsUpdated = "admin.memberships.updated";
    /// <summary>A staff access account was created.</summary>
    public const string AccountCreated = "admin.account.created";
    /// <summary>An access account was disabled.</summary>
    public const string AccountDisabled = "admin.account.disabled";
    /// <summary>An access account was re-enabled.</summary>
    public const string AccountEnabled = "admin.account.enabled";
    /// <summary>An account's password was reset to a temporary one.</summary>
    public const string AccountPasswordReset = "admin.account.password-reset";
    /// <summary>A locked-out account was unlocked.</summary>
    public const string AccountUnlocked = "admin.account.unlocked";
    /// <summary>A plan's coverage of procedures was changed.</summary>
    public const string PlanCoverageUpdated = "admin.plan.coverage-updated";
    /// <summary>A plan's price for a procedure was set or removed (issue 11, TISS valorProc).</summary>
    public const string PlanPriceUpdated = "admin.plan.price-updated";
    /// <summary>A dentist's CBO-S was changed (issue 11, TISS executing dentist).</summary>
    public const string DentistCbosUpdated = "admin.dentist.cbos-updated";
    /// <summary>A procedure (TUSS) was added to the catalogue.</summary>
    public const string ProcedureCreated = "admin.procedure.created";
    /// <summary>A catalogue procedure was changed.</summary>
    public const string ProcedureUpdated = "admin.procedure.updated";
    /// <summary>An API credential (and its integration user) was created for a clinic (issue 11).</summary>
    public const string ApiCredentialCreated = "admin.api-credential.created";
    /// <summary>An API credential was revoked and its integration user disabled (issue 11).</summary>
    public const string ApiCredentialRevoked = "admin.api-credential.revoked";
    /// <summary>A clinic's webhook URL was set or replaced (issue 11, webhooks); a new secret is generated with the first one.</summary>
    public const string WebhookUrlSet = "admin.webhook.url-set";
    /// <summary>A clinic's webhook signing secret was replaced (shown once; never in the trail).</summary>
    public const string WebhookSecretRotated = "admin.webhook.secret-rotated";
    /// <summary>A clinic's webhook was deactivated.</summary>
    public const string WebhookDeactivated = "admin.webhook.deactivated";
}
