namespace DentistPortal.Infrastructure.Messaging;

/// <summary>What a provider answered. Permanent failures are not retried (e.g. an invalid number).</summary>
public sealed record SendResult(bool Success, string? ProviderMessageId, string? Error, bool Permanent = false)
{
    public static SendResult Sent(string? providerId) => new(true, providerId, null);
    public static SendResult Transient(string error) => new(false, null, error);
    public static SendResult Rejected(string error) => new(false, null, error, Permanent: true);
}

public interface ISmsSender
{
    Task<SendResult> SendAsync(string e164, string text, string reference, CancellationToken ct);
}

public interface IEmailSender
{
    Task<SendResult> SendAsync(string to, string subject, string text, string html, string reference, CancellationToken ct);
}

public sealed class MessagingOptions
{
    public const string Section = "Messaging";

    public SmsOptions Sms { get; set; } = new();
    public EmailOptions Email { get; set; } = new();
    public DispatcherOptions Dispatcher { get; set; } = new();
}

public sealed class SmsOptions
{
    /// <summary>"HttpGateway", or "DevInbox" (the development inbox: Development only, and its default there; issue 10, Environments).</summary>
    public string Provider { get; set; } = "";
    public string BaseUrl { get; set; } = "";
    public string ApiKey { get; set; } = "";
    public int TimeoutSeconds { get; set; } = 10;
}

public sealed class EmailOptions
{
    /// <summary>"Smtp", or "DevInbox" (the development inbox: Development only, and its default there; issue 10, Environments).</summary>
    public string Provider { get; set; } = "";
    public string Host { get; set; } = "127.0.0.1";
    public int Port { get; set; } = 25;
    public string From { get; set; } = "token@example.com";
    public string FromName { get; set; } = "";
    public string? UserName { get; set; }
    public string? Password { get; set; }
    /// <summary>StartTls (default), SslOnConnect (implicit TLS) or None (loopback only, never with credentials).</summary>
    public DentistPortal.Infrastructure.Security.SmtpSecurity Security { get; set; } = DentistPortal.Infrastructure.Security.SmtpSecurity.StartTls;
    /// <summary>
    /// Optional SHA-256 fingerprint (hex) of the SMTP server's certificate, accepted even when it does not chain to a
    /// trusted root (an internal relay with its own certificate). Without it the usual validation applies.
    /// </summary>
    public string? ServerCertificateSha256 { get; set; }
    public int TimeoutSeconds { get; set; } = 15;
}

public sealed class DispatcherOptions
{
    public bool Enabled { get; set; } = true;
    public int MaxAttempts { get; set; } = 6;
    public double BaseDelaySeconds { get; set; } = 5;
    public double MaxDelaySeconds { get; set; } = 600;
    public int LeaseSeconds { get; set; } = 60;
    public int BatchSize { get; set; } = 20;
    public double PollSeconds { get; set; } = 2;
}
