namespace DentistPortal.Infrastructure.Webhooks;

/// <summary>Settings of the webhook outbox ("Webhooks" section; docs/webhooks.md, "Retries").</summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>Runs the background dispatcher (the events are written either way).</summary>
    public bool Enabled { get; set; } = true;
    /// <summary>Posts per event before it is marked failed.</summary>
    public int MaxAttempts { get; set; } = 8;
    /// <summary>Delay after the first failure; doubles per failure (with ±20 % jitter) up to <see cref="MaxDelaySeconds"/>.</summary>
    public double BaseDelaySeconds { get; set; } = 30;
    public double MaxDelaySeconds { get; set; } = 3600;
    /// <summary>How long one post may take, connection included; the receiver should answer at once and work later.</summary>
    public int TimeoutSeconds { get; set; } = 5;
    public int LeaseSeconds { get; set; } = 60;
    public int BatchSize { get; set; } = 20;
    public double PollSeconds { get; set; } = 5;
}
