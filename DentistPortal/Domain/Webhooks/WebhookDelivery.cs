namespace DentistPortal.Domain.Webhooks;

/// <summary>The four token events a clinic's software may receive (docs/webhooks.md).</summary>
public enum WebhookEventType
{
    /// <summary>"token.validado": the code was accepted (at the chair, late, or with the Central).</summary>
    TokenValidated = 0,
    /// <summary>"token.expirado": the lifetime ended with no validation (TR-5).</summary>
    TokenExpired = 1,
    /// <summary>"token.revogado": the token ended otherwise (not requested, superseded, locked, paper guide); the payload says why.</summary>
    TokenRevoked = 2,
    /// <summary>"token.entrega_falhou": the SMS or e-mail carrying the token failed for good.</summary>
    DeliveryFailed = 3,
}

public enum WebhookDeliveryStatus
{
    Pending = 0,
    Delivered = 1,
    /// <summary>All attempts used, or refused for good (URL no longer allowed).</summary>
    Failed = 2,
    /// <summary>The subscription was deactivated before the event could be sent: never sent.</summary>
    Cancelled = 3,
}

/// <summary>
/// One webhook event in the outbox: written in the same transaction as the token change it reports, holding the exact
/// JSON body that is signed and posted (so every retry sends the same bytes), then claimed under a lease, posted and
/// recorded by the webhook worker. Holds no code nor anything derived from one, and no beneficiary data.
/// </summary>
public sealed class WebhookDelivery
{
    public const int ResponseExcerptLength = 200;

    private WebhookDelivery() { }

    public long Id { get; private set; }
    /// <summary>Public, unique id of the event ("evt_…"): the receiver's deduplication key.</summary>
    public string EventId { get; private set; } = "";
    public int ClinicId { get; private set; }
    public int SubscriptionId { get; private set; }
    public WebhookEventType Type { get; private set; }
    public int TreatmentId { get; private set; }
    /// <summary>The JSON body, exactly as posted and signed.</summary>
    public string Payload { get; private set; } = "";
    public DateTimeOffset OccurredAtUtc { get; private set; }
    public DateTimeOffset CreatedAtUtc { get; private set; }
    public WebhookDeliveryStatus Status { get; private set; }
    public int Attempts { get; private set; }
    public DateTimeOffset NextAttemptAtUtc { get; private set; }
    public string? LeaseOwner { get; private set; }
    public DateTimeOffset? LeaseUntilUtc { get; private set; }
    public DateTimeOffset? DeliveredAtUtc { get; private set; }
    public int? LastHttpStatus { get; private set; }
    /// <summary>pt-BR reason of the last failure.</summary>
    public string? LastError { get; private set; }
    /// <summary>The start of the receiver's last answer, at most <see cref="ResponseExcerptLength"/> characters.</summary>
    public string? LastResponseExcerpt { get; private set; }

    public static WebhookDelivery Record(string eventId, int clinicId, int subscriptionId, WebhookEventType type, int treatmentId,
        string payload, DateTimeOffset occurredAtUtc, DateTimeOffset now) => new()
    {
        EventId = eventId,
        ClinicId = clinicId,
        SubscriptionId = subscriptionId,
        Type = type,
        TreatmentId = treatmentId,
        Payload = payload,
        OccurredAtUtc = occurredAtUtc,
        CreatedAtUtc = now,
        Status = WebhookDeliveryStatus.Pending,
        NextAttemptAtUtc = now,
    };

    /// <summary>The wire name of an event type.</summary>
    public static string TypeName(WebhookEventType type) => type switch
    {
        WebhookEventType.TokenValidated => "token.validado",
        WebhookEventType.TokenExpired => "token.expirado",
        WebhookEventType.TokenRevoked => "token.revogado",
        WebhookEventType.DeliveryFailed => "token.entrega_falhou",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>
    /// Exponential backoff with jitter: min(max, base × 2^(attempts−1)) × (0.8 + 0.4 × <paramref name="jitter01"/>), where
    /// <paramref name="jitter01"/> is in [0, 1). The delay before the next attempt after <paramref name="attempts"/> failures.
    /// </summary>
    public static TimeSpan Backoff(int attempts, double baseSeconds, double maxSeconds, double jitter01)
    {
        var exponential = baseSeconds * Math.Pow(2, Math.Clamp(attempts - 1, 0, 30));
        var capped = Math.Min(maxSeconds, exponential);
        return TimeSpan.FromSeconds(Math.Max(0, capped * (0.8 + 0.4 * Math.Clamp(jitter01, 0, 1))));
    }

    /// <summary>What the receiver answered, cut to <see cref="ResponseExcerptLength"/> characters (nothing more is kept).</summary>
    public static string? Excerpt(string? body) =>
        string.IsNullOrEmpty(body) ? null : body.Length <= ResponseExcerptLength ? body : body[..ResponseExcerptLength];
}
