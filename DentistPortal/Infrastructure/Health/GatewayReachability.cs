using System.Collections.Concurrent;
using System.Net.Sockets;
using DentistPortal.Infrastructure.Messaging;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace DentistPortal.Infrastructure.Health;

/// <summary>
/// Whether a message gateway accepts a TCP connection (no login, no message, nothing billed), remembered for
/// <c>Health:GatewayProbeSeconds</c> (default 30) so a proxy probing every few seconds, times N instances, does not
/// become load on the operator's SMTP relay or SMS provider. Once a result is known, a readiness probe never waits on a
/// gateway: a stale result is answered while the next probe runs in the background. A probe gives up after
/// <c>Health:GatewayTimeoutSeconds</c> (3).
/// </summary>
public sealed class GatewayReachability(IConfiguration configuration, TimeProvider clock)
{
    private sealed record Entry(DateTimeOffset At, Task<bool> Probe, bool? Previous);

    private readonly ConcurrentDictionary<string, Entry> recent = new();

    public Task<bool> IsReachableAsync(string host, int port)
    {
        var now = clock.GetUtcNow();
        var freshFor = TimeSpan.FromSeconds(Math.Max(0, configuration.GetValue("Health:GatewayProbeSeconds", 30)));
        var entry = recent.AddOrUpdate($"{host}:{port}",
            _ => new Entry(now, ProbeAsync(host, port), null),
            (_, old) => now - old.At < freshFor ? old
                : new Entry(now, ProbeAsync(host, port), old.Probe.IsCompletedSuccessfully ? old.Probe.Result : old.Previous));
        return entry.Probe.IsCompleted || entry.Previous is not { } previous ? entry.Probe : Task.FromResult(previous);
    }

    private async Task<bool> ProbeAsync(string host, int port)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue("Health:GatewayTimeoutSeconds", 3))));
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(host, port, timeout.Token);
            return true;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ArgumentException)
        {
            return false;
        }
    }
}

/// <summary>The SMTP server of <c>Messaging:Email</c> (provider Smtp): reachable, or the registration's failure status (Degraded).</summary>
internal sealed class SmtpReachabilityCheck(IOptionsMonitor<MessagingOptions> messaging, GatewayReachability gateways) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var email = messaging.CurrentValue.Email;
        if (!email.Provider.Equals(MessagingRegistration.EmailSmtp, StringComparison.OrdinalIgnoreCase))
            return HealthCheckResult.Healthy("not used");
        return await gateways.IsReachableAsync(email.Host, email.Port)
            ? HealthCheckResult.Healthy()
            : new HealthCheckResult(context.Registration.FailureStatus, "SMTP server not reachable");
    }
}

/// <summary>The SMS gateway of <c>Messaging:Sms</c> (provider HttpGateway): its host accepts a connection, or Degraded.</summary>
internal sealed class SmsGatewayReachabilityCheck(IOptionsMonitor<MessagingOptions> messaging, GatewayReachability gateways) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var sms = messaging.CurrentValue.Sms;
        if (!sms.Provider.Equals(MessagingRegistration.SmsHttpGateway, StringComparison.OrdinalIgnoreCase))
            return HealthCheckResult.Healthy("not used");
        if (!Uri.TryCreate(sms.BaseUrl, UriKind.Absolute, out var url))
            return new HealthCheckResult(context.Registration.FailureStatus, "SMS gateway address invalid");
        return await gateways.IsReachableAsync(url.Host, url.Port)
            ? HealthCheckResult.Healthy()
            : new HealthCheckResult(context.Registration.FailureStatus, "SMS gateway not reachable");
    }
}
