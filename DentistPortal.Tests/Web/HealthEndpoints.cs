using System.Net;
using System.Text.Json;
using DentistPortal.Tests.Infrastructure;

namespace DentistPortal.Tests.Web;

/// <summary>
/// Issue 12 (health checks): /health/live and /health/ready answer anonymously, outside the rate limits, never cached,
/// and say only the status of each check by name. The message gateways can only make an instance Degraded (still 200):
/// an SMTP outage must not take every instance out of the proxy. The database-down case is in
/// ScaleOut.AnInstanceWithoutItsDatabaseIsNotReady (it needs a PostgreSQL server to lose).
/// </summary>
public class HealthEndpoints
{
    private sealed class Portal(params (string Key, string Value)[] settings) : PortalFactory
    {
        protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings =>
            settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value));
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response)> GetAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return (response.StatusCode, body, response);
    }

    [Fact]
    public async Task ReadyAndLiveAnswerHealthyToAnAnonymousCallerWithOnlyCheckNames()
    {
        await using var portal = new Portal();
        var client = portal.CreateBrowserLikeClient();

        var (liveStatus, live, liveResponse) = await GetAsync(client, "/health/live");
        Assert.Equal(HttpStatusCode.OK, liveStatus);
        Assert.Equal("Healthy", live.GetProperty("status").GetString());
        Assert.Empty(live.GetProperty("checks").EnumerateObject()); // live asks nothing of any dependency
        Assert.True(liveResponse.Headers.CacheControl?.NoCache == true || liveResponse.Headers.CacheControl?.NoStore == true);

        var (readyStatus, ready, _) = await GetAsync(client, "/health/ready");
        Assert.Equal(HttpStatusCode.OK, readyStatus);
        Assert.Equal("Healthy", ready.GetProperty("status").GetString());
        var checks = ready.GetProperty("checks").EnumerateObject().ToDictionary(c => c.Name, c => c.Value.GetString());
        Assert.Equal("Healthy", checks["database"]);
        Assert.Equal("Healthy", checks["smtp"]); // development inbox: nothing to reach
        Assert.Equal("Healthy", checks["sms-gateway"]);
        Assert.Equal(TestProvider.IsPostgreSql, checks.ContainsKey("postgresql"));
        // Names and statuses only: no description, exception, host or duration.
        Assert.All(ready.GetProperty("checks").EnumerateObject(), c => Assert.Equal(JsonValueKind.String, c.Value.ValueKind));
    }

    [Fact]
    public async Task AnUnreachableSmtpServerMakesTheInstanceDegradedButStillReady()
    {
        var closedPort = ClosedPort();
        await using var portal = new Portal(
            ("Messaging:Email:Provider", "Smtp"), ("Messaging:Email:Host", "127.0.0.1"), ("Messaging:Email:Port", closedPort.ToString()),
            ("Messaging:Email:Security", "None"),
            ("Messaging:Sms:Provider", "HttpGateway"), ("Messaging:Sms:BaseUrl", $"http://127.0.0.1:{closedPort}/api/"),
            ("Messaging:Dispatcher:Enabled", "false"));
        var client = portal.CreateBrowserLikeClient();

        var response = await client.GetAsync("/health/ready");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode); // the proxy keeps sending traffic: messages wait in the outbox
        var body = JsonDocument.Parse(text).RootElement;
        Assert.Equal("Degraded", body.GetProperty("status").GetString());
        Assert.Equal("Degraded", body.GetProperty("checks").GetProperty("smtp").GetString());
        Assert.Equal("Degraded", body.GetProperty("checks").GetProperty("sms-gateway").GetString());
        Assert.Equal("Healthy", body.GetProperty("checks").GetProperty("database").GetString());
        Assert.DoesNotContain("127.0.0.1", text, StringComparison.Ordinal);
        Assert.DoesNotContain(closedPort.ToString(), text, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", text, StringComparison.OrdinalIgnoreCase);

        // Live never asks the gateways.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task TheProbesAreNeverRateLimited()
    {
        // One anonymous request per minute for everything else: the proxy probing every few seconds must still get through.
        await using var portal = new Portal(("RateLimiting:AnonymousPerAddress:PermitLimit", "1"));
        var client = portal.CreateBrowserLikeClient();

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        }
        // …while the limit does apply to the pages.
        var pages = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++) pages.Add((await client.GetAsync("/Account/Login")).StatusCode);
        Assert.Contains((HttpStatusCode)429, pages);
    }

    [Fact]
    public async Task AGatewayIsProbedAtMostOncePerInterval()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.Parse("2026-11-25T13:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build(); // defaults: 30 s
        var reachability = new DentistPortal.Infrastructure.Health.GatewayReachability(configuration, clock);
        var gateway = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        gateway.Start();
        try
        {
            var port = ((IPEndPoint)gateway.LocalEndpoint).Port;
            Assert.True(await reachability.IsReachableAsync("127.0.0.1", port));
            clock.Advance(TimeSpan.FromSeconds(20));
            Assert.True(await reachability.IsReachableAsync("127.0.0.1", port));
            Assert.Equal(1, AcceptAll(gateway)); // one connection for both answers

            clock.Advance(TimeSpan.FromSeconds(11)); // 31 s: stale, probed again (the answer meanwhile is the last one)
            Assert.True(await reachability.IsReachableAsync("127.0.0.1", port));
            await PortalProcess.Until(() => Task.FromResult(gateway.Pending()), TimeSpan.FromSeconds(10), "the second probe");
            Assert.Equal(1, AcceptAll(gateway));

            gateway.Stop(); // the gateway goes away: after the interval, the answer turns
            clock.Advance(TimeSpan.FromSeconds(31));
            await PortalProcess.Until(async () => !await reachability.IsReachableAsync("127.0.0.1", port), TimeSpan.FromSeconds(10), "an unreachable answer");
        }
        finally
        {
            gateway.Stop();
        }
    }

    private static int AcceptAll(System.Net.Sockets.TcpListener listener)
    {
        var count = 0;
        while (listener.Pending())
        {
            listener.AcceptTcpClient().Dispose();
            count++;
        }
        return count;
    }

    private static int ClosedPort()
    {
        using var l = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port; // closed again when disposed: connections are refused
    }
}
