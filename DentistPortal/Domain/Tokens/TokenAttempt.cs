namespace DentistPortal.Domain.Tokens;

public enum AttemptOutcome
{
    Validated = 0,
    Wrong = 1,
    Refused = 2,
}

/// <summary>One code typed for a treatment (never the code itself): feeds the per-user 24 h cap (TR-7) and reports.</summary>
public sealed class TokenAttempt
{
    public long Id { get; set; }
    public int TreatmentId { get; set; }
    public int? TokenId { get; set; }
    public required string UserId { get; set; }
    public DateTimeOffset AtUtc { get; set; }
    public AttemptOutcome Outcome { get; set; }
    public ValidationChannel Via { get; set; }
}

public enum ReportStatus
{
    Open = 0,
    Assigned = 1,
    Closed = 2,
}

/// <summary>A beneficiary said they did not ask for a code (manual Q8): the token is revoked and the operator looks into it.</summary>
public sealed class UnsolicitedReport
{
    public int Id { get; set; }
    public int TokenId { get; set; }
    public int TreatmentId { get; set; }
    public int ClinicId { get; set; }
    public required string DentistUserId { get; set; }
    public required string ReportedByUserId { get; set; }
    /// <summary>"portal" or "central".</summary>
    public required string ReportedVia { get; set; }
    public DateTimeOffset AtUtc { get; set; }
    public ReportStatus Status { get; set; }
    public string? Notes { get; set; }
    /// <summary>
    /// For a report taken by the Central from any caller by treatment number (issue 9 §6): whether the last digits the
    /// caller gave match a phone the treatment's code was sent to. Null for reports by the beneficiary themself.
    /// </summary>
    public bool? CallerPhoneMatched { get; set; }
    /// <summary>Back-office user handling the case.</summary>
    public string? AssignedToUserId { get; set; }
    /// <summary>How the case ended (pt-BR text chosen by the operator).</summary>
    public string? Outcome { get; set; }
    public DateTimeOffset? ClosedAtUtc { get; set; }

    /// <summary>How a report taken from any caller by treatment number is filed (<see cref="ReportedVia"/>).</summary>
    public const string ViaThirdParty = "terceiro";

    /// <summary>
    /// A case opened by the Central for a caller who is not known to be the beneficiary (issue 9 §6, SPEC §9):
    /// <paramref name="phoneMatched"/> says whether the last digits given match a phone the code was sent to.
    /// </summary>
    public static UnsolicitedReport FromThirdParty(AttendanceToken token, int clinicId, string dentistUserId, string agentUserId,
        bool phoneMatched, string? notes, DateTimeOffset now) => new()
    {
        TokenId = token.Id,
        TreatmentId = token.TreatmentId,
        ClinicId = clinicId,
        DentistUserId = dentistUserId,
        ReportedByUserId = agentUserId,
        ReportedVia = ViaThirdParty,
        AtUtc = now,
        Status = ReportStatus.Open,
        CallerPhoneMatched = phoneMatched,
        Notes = notes,
    };

    /// <summary>
    /// A later call gave matching digits for a case opened on a non-matching report: the case now says so, in its flag
    /// and in its notes (<paramref name="note"/> is appended), so the back office does not read a stale "não confere".
    /// </summary>
    public bool ConfirmCallerPhone(string note)
    {
        if (CallerPhoneMatched != false) return false;
        CallerPhoneMatched = true;
        Notes = string.IsNullOrEmpty(Notes) ? note : $"{Notes} {note}";
        return true;
    }

    /// <summary>
    /// True when <paramref name="last4"/> are the last four digits of the E.164 <paramref name="phone"/>. Used to tell a
    /// report from someone who really received the code apart from one who only knows (or guessed) a treatment number.
    /// </summary>
    public static bool PhoneEndsWith(string phone, string last4) =>
        last4.Length == 4 && phone.Length >= 4 && phone.EndsWith(last4, StringComparison.Ordinal);
}
