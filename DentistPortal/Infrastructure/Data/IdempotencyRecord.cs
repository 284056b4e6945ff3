namespace DentistPortal.Infrastructure.Data;

/// <summary>
/// The remembered result of one user action (issue 9 §3): unique per (<see cref="UserId"/>, <see cref="Key"/>), so a
/// repeated request with the same key gets this result back and changes nothing. Kept one day
/// (<see cref="Retention"/>), then pruned by the maintenance sweep. Holds no token code (results never carry one).
/// </summary>
public sealed class IdempotencyRecord
{
    public static readonly TimeSpan Retention = TimeSpan.FromDays(1);

    public long Id { get; set; }
    public required string UserId { get; set; }
    public Guid Key { get; set; }
    /// <summary>The action the key was used for (e.g. "token.generate"); a key is never reused across actions.</summary>
    public required string Action { get; set; }
    /// <summary>The handler's result as JSON (status, value, errors).</summary>
    public required string ResultJson { get; set; }
    public DateTimeOffset CreatedAtUtc { get; set; }
}
