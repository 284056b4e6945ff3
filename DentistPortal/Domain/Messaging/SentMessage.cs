namespace DentistPortal.Domain.Messaging;

/// <summary>
/// A message the portal sent directly, outside the token outbox (contact-change code and notice). Together with the
/// outbox's <see cref="Delivery"/> rows it feeds the per-destination caps (issue 9 §2 and §4). Holds no code.
/// </summary>
public sealed class SentMessage
{
    public long Id { get; set; }
    public DeliveryChannel Channel { get; set; }
    /// <summary>E.164 mobile or normalised e-mail.</summary>
    public required string Destination { get; set; }
    /// <summary>What it was, e.g. "contact-change-code", "contact-change-notice".</summary>
    public required string Purpose { get; set; }
    public DateTimeOffset AtUtc { get; set; }
}
