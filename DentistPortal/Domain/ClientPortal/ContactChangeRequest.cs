using DentistPortal.Domain.Messaging;

namespace DentistPortal.Domain.ClientPortal;

public enum ContactChangeStatus
{
    Pending = 0,
    Confirmed = 1,
    Expired = 2,
    Failed = 3,
}

/// <summary>
/// A beneficiary asked to change their mobile or e-mail: a code is sent to the NEW contact and nothing changes
/// until it is confirmed (the old contact is told). Only a keyed hash of the code is kept.
/// </summary>
public sealed class ContactChangeRequest
{
    public int Id { get; set; }
    public int BeneficiaryId { get; set; }
    public DeliveryChannel Channel { get; set; }
    /// <summary>E.164 mobile or normalised e-mail.</summary>
    public required string NewValue { get; set; }
    public required byte[] CodeHash { get; set; }
    /// <summary>The HMAC key <see cref="CodeHash"/> was made with (issue 10, Keys and secrets; "legacy" for older rows).</summary>
    public string HmacKeyId { get; set; } = Tokens.AttendanceToken.LegacyHmacKeyId;
    public required string RequestedByUserId { get; set; }
    public DateTimeOffset CreatedAtUtc { get; set; }
    public DateTimeOffset ExpiresAtUtc { get; set; }
    public int Attempts { get; set; }
    public ContactChangeStatus Status { get; set; }
    public DateTimeOffset? ConfirmedAtUtc { get; set; }
    public int Version { get; set; }
}
