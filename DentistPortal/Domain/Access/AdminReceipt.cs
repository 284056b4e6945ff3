namespace DentistPortal.Domain.Access;

/// <summary>
/// A back-office action that hands out credentials (create an account, reset a password), kept for a short
/// <see cref="Window"/> so that a second click of the same admin on the same action and key gets the first answer
/// instead of a second account or a second password (issue 9 §3). The temporary password is held only as the
/// Infrastructure's protected (encrypted) copy, and receipts past the window are deleted.
/// </summary>
public sealed class AdminReceipt
{
    /// <summary>Long enough for a double click on a slow connection; short enough that the encrypted copy does not linger.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(2);

    private AdminReceipt() { }

    public long Id { get; private set; }
    public string ActorUserId { get; private set; } = "";
    /// <summary>The audit action name of what was done (e.g. admin.dentist.created).</summary>
    public string Action { get; private set; } = "";
    /// <summary>What the action was about, normalized: the e-mail of a new account, the id of the account reset.</summary>
    public string Key { get; private set; } = "";
    public DateTimeOffset AtUtc { get; private set; }
    /// <summary>The account the action produced or changed.</summary>
    public string SubjectUserId { get; private set; } = "";
    /// <summary>The temporary password, encrypted; null when the admin typed the password.</summary>
    public string? ProtectedSecret { get; private set; }

    public static AdminReceipt Record(string actorUserId, string action, string key, string subjectUserId, string? protectedSecret, DateTimeOffset now) =>
        new() { ActorUserId = actorUserId, Action = action, Key = key, SubjectUserId = subjectUserId, ProtectedSecret = protectedSecret, AtUtc = now };

    public bool IsFreshAt(DateTimeOffset now) => now - AtUtc < Window;
}
