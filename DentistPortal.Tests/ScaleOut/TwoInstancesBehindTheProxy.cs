using System.Net;
using DentistPortal.Tests.EndToEnd;
using DentistPortal.Tests.Infrastructure;
using Microsoft.Playwright;
using Npgsql;

namespace DentistPortal.Tests.ScaleOut;

/// <summary>
/// Issue 12 (Tests: "Through the proxy"): two real portal instances on one PostgreSQL database behind deploy/Proxy
/// (YARP, a real process). A dentist's browser stays on one instance (cookie affinity) across pages; when that instance
/// stops, the page reconnects to the other (a new circuit) and she goes on without logging in again. New sessions go
/// only to instances whose /health/ready answers.
/// </summary>
public sealed class TwoInstancesBehindTheProxy : IAsyncLifetime
{
    private readonly string database = TestPostgres.CreateDatabase();
    private readonly string shared = Directory.CreateTempSubdirectory("dentistportal-scaleout-").FullName;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        TestPostgres.DropDatabase(database);
        try { Directory.Delete(shared, recursive: true); } catch (IOException) { }
        return Task.CompletedTask;
    }

    private static Dictionary<string, string> Destinations(params ProxiedInstance[] instances) =>
        instances.Select((p, i) => (Id: $"portal{i + 1}", Address: p.BaseAddress + "/")).ToDictionary(d => d.Id, d => d.Address);

    [Fact]
    public async Task ADentistStaysOnHerInstanceAndGoesOnOnTheOtherWhenItStops()
    {
        await using var a = new ProxiedInstance("A", database, shared);
        a.StartServer(); // migrates and seeds; B starts on the ready database
        await using var b = new ProxiedInstance("B", database, shared);
        b.StartServer();
        await using var proxy = await ProxyProcess.StartAsync(Destinations(a, b));

        using var playwright = await Playwright.CreateAsync();
        await using var chromium = await BrowserFixture.LaunchChromiumAsync(playwright);
        var context = await chromium.NewContextAsync(new() { BaseURL = proxy.BaseAddress, Locale = "pt-BR", ViewportSize = new() { Width = 1280, Height = 900 } });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();

        await BrowserFixture.LoginAsync(page, "dentista@demo.local");
        await BrowserFixture.WaitForInteractiveAsync(page);
        var home = a.UserRequests.Contains("/Account/Login") ? a : b;
        var other = home == a ? b : a;

        // Many requests and navigations: full page loads (each a new circuit) and in-app navigation over the circuit.
        for (var i = 0; i < 3; i++)
        {
            await page.GotoAsync("/tokens-tardios");
            await BrowserFixture.WaitForInteractiveAsync(page);
            await page.GotoAsync("/");
            await BrowserFixture.WaitForInteractiveAsync(page);
            await page.GetByRole(AriaRole.Link, new() { Name = "Buscar beneficiário" }).ClickAsync();
            await page.WaitForURLAsync(u => new Uri(u).AbsolutePath == "/beneficiarios");
        }
        await page.GotoAsync("/");
        await BrowserFixture.WaitForInteractiveAsync(page);
        var cookie = (await context.CookiesAsync()).Single(c => c.Name == "DentistPortal.Instance");
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Lax, cookie.SameSite);

        Assert.Empty(other.UserRequests); // the whole session stayed on its instance
        Assert.True(home.UserRequests.Count(p => p == "/tokens-tardios") >= 3);
        Assert.True(home.UserRequests.Count(p => p.StartsWith("/_blazor", StringComparison.Ordinal)) >= 4);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDir, "scaleout-before-stop.png"), FullPage = true });

        // The instance stops: the page reconnects through the proxy, which now sends it to the other instance; that one does
        // not know the old circuit, so the page reloads there (ReconnectModal) and starts a new circuit, signed in.
        await page.EvaluateAsync("document.body.dataset.beforeFailover = 'yes'"); // marks the document the old circuit drew
        await home.StopAsync();
        // A new document (the reload), interactive again: its circuit can only be on the other instance.
        await page.WaitForFunctionAsync("() => document.body && document.body.dataset.beforeFailover !== 'yes' && document.querySelector('[data-interactive=yes]') !== null",
            null, new() { Timeout = 60_000 });
        Assert.Contains("/", other.UserRequests);
        Assert.Contains(other.UserRequests, p => p.StartsWith("/_blazor", StringComparison.Ordinal));
        Assert.NotEqual("/Account/Login", new Uri(page.Url).AbsolutePath);

        await page.GetByLabel("Carteirinha ou CPF").FillAsync("529.982.247-25");
        await page.GetByRole(AriaRole.Button, new() { Name = "Buscar" }).ClickAsync();
        var result = page.GetByRole(AriaRole.Region, new() { Name = "Resultado da busca" });
        await Assertions.Expect(result).ToContainTextAsync("Maria Aparecida da Silva");
        Assert.DoesNotContain("/Account/Login", other.UserRequests);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDir, "scaleout-after-failover.png"), FullPage = true });
    }

    [Fact]
    public async Task NewSessionsGoOnlyToTheInstanceThatIsReady()
    {
        var target = new NpgsqlConnectionStringBuilder(database);
        using var relay = new TcpRelay(target.Host!, target.Port);
        await using var a = new ProxiedInstance("A", database, shared);
        a.StartServer();
        await using var b = new ProxiedInstance("B", new NpgsqlConnectionStringBuilder(database) { Host = "127.0.0.1", Port = relay.Port }.ToString(), shared);
        b.StartServer();
        // Round robin here, so that a healthy B would get every other new session (production: least requests).
        await using var proxy = await ProxyProcess.StartAsync(Destinations(a, b),
            new Dictionary<string, string> { ["ReverseProxy:Clusters:portal:LoadBalancingPolicy"] = "RoundRobin" });

        // Both ready: new sessions (no affinity cookie yet) are spread over both, each pinned by an HttpOnly, Lax cookie.
        var firstFour = new List<ProxiedInstance>();
        for (var i = 0; i < 4; i++) firstFour.Add(await NewSessionAsync(proxy, a, b));
        Assert.Contains(a, firstFour);
        Assert.Contains(b, firstFour);

        relay.Cut(); // B loses its database, A keeps it
        using (var direct = new HttpClient { BaseAddress = new Uri(b.BaseAddress) })
            await PortalProcess.Until(async () => (await direct.GetAsync("/health/ready")).StatusCode == HttpStatusCode.ServiceUnavailable,
                TimeSpan.FromSeconds(30), "B to report itself not ready");
        // The proxy's next probe of B sees the 503: from then on, with round robin, two new sessions in a row land on A.
        await PortalProcess.Until(async () => await NewSessionAsync(proxy, a, b) == a && await NewSessionAsync(proxy, a, b) == a,
            TimeSpan.FromSeconds(30), "the proxy to take B out of rotation");

        for (var i = 0; i < 10; i++) Assert.Same(a, await NewSessionAsync(proxy, a, b));

        // What the instance was told (KnownProxies=127.0.0.1 believes it): the client's real address and scheme, set by the
        // proxy over the forged value the client sent; the public Host passed through.
        var seen = a.Requests.Last(r => r.Path == "/Account/Login");
        var proxyHost = new Uri(proxy.BaseAddress).Authority;
        Assert.Equal("127.0.0.1", seen.ForwardedFor);
        Assert.Equal("http", seen.ForwardedProto);
        Assert.Equal(proxyHost, seen.Host);
        Assert.Equal(proxyHost, seen.ForwardedHost);
    }

    /// <summary>A browser's first request (no cookies) through the proxy; returns the instance that answered it.</summary>
    private static async Task<ProxiedInstance> NewSessionAsync(ProxyProcess proxy, ProxiedInstance a, ProxiedInstance b)
    {
        var (beforeA, beforeB) = (Logins(a), Logins(b));
        using var http = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = new Uri(proxy.BaseAddress) };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/Account/Login");
        request.Headers.Add("X-Forwarded-For", "203.0.113.9"); // a client pretending to be someone else
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var affinity = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("DentistPortal.Instance=", StringComparison.Ordinal));
        Assert.Contains("httponly", affinity, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", affinity, StringComparison.OrdinalIgnoreCase);
        return (Logins(a) - beforeA, Logins(b) - beforeB) switch
        {
            (1, 0) => a,
            (0, 1) => b,
            var counts => throw new InvalidOperationException($"Expected exactly one instance to answer, got {counts}."),
        };

        static int Logins(ProxiedInstance p) => p.UserRequests.Count(r => r == "/Account/Login");
    }
}
