namespace DentistPortal.Domain.Messaging;

public enum DeliveryChannel
{
    Sms = 0,
    Email = 1,
}

public enum DeliveryStatus
{
    Pending = 0,
    Sent = 1,
    Failed = 2,
}

/// <summary>
/// One message of the outbox (TR-10): written in the same transaction as its token, then claimed, sent and
/// recorded by the dispatcher. Holds no code: the text is built at send time from the token's encrypted copy,
/// so a token that left Active before sending is never sent.
/// </summary>
public sealed class Delivery
{
    public long Id { get; set; }
    public int TokenId { get; set; }
    public int TreatmentId { get; set; }
    public int BeneficiaryId { get; set; }
    public DeliveryChannel Channel { get; set; }
    /// <summary>E.164 mobile or e-mail address the message goes to.</summary>
    public required string Destination { get; set; }
    /// <summary>What screens show: (11) *****-4321, j***@e***.com.br.</summary>
    public required string MaskedDestination { get; set; }
    /// <summary>True when a dependent without own contacts receives through the holder's.</summary>
    public bool ThroughHolder { get; set; }
    /// <summary>Asked by the Central after the token was issued (not one of the token's own messages); feeds the resend cap.</summary>
    public bool IsResend { get; set; }
    public DeliveryStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset CreatedAtUtc { get; set; }
    public DateTimeOffset NextAttemptAtUtc { get; set; }
    public string? LeaseOwner { get; set; }
    public DateTimeOffset? LeaseUntilUtc { get; set; }
    public DateTimeOffset? SentAtUtc { get; set; }
    public string? ProviderMessageId { get; set; }
    /// <summary>pt-BR reason of the last failure (shown to the dentist).</summary>
    public string? LastError { get; set; }

    public static string ChannelDisplay(DeliveryChannel c) => c == DeliveryChannel.Sms ? "SMS" : "E-mail";
}

/// <summary>A message captured by the development inbox (/dev/mensagens) instead of a real SMS or e-mail.</summary>
public sealed class DevMessage
{
    public long Id { get; set; }
    public DeliveryChannel Channel { get; set; }
    public required string To { get; set; }
    public string? Subject { get; set; }
    public required string Body { get; set; }
    public string? HtmlBody { get; set; }
    public DateTimeOffset CreatedAtUtc { get; set; }
}
