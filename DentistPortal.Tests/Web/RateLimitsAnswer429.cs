using System.Net;
using DentistPortal.Infrastructure.Pdf;
using DentistPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DentistPortal.Tests.Web;

/// <summary>The portal on a real port behind a trusted "proxy" (127.0.0.1) with tight limits, counting PDF renders.</summary>
public sealed class RateLimitedPortalFactory : PortalFactory
{
    public const int LoginPerAddress = 3, LoginPerAccount = 4, BlankGuidePerAddress = 3, AnonymousPerAddress = 40;

    public CountingGuideRenderer Renderer { get; } = new(new GuidePdfRenderer());

    protected override bool UseRealServer => true;

    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings =>
    [
        new("ReverseProxy:KnownProxies:0", "127.0.0.1"),
        new("RateLimiting:LoginPerAddress:PermitLimit", $"{LoginPerAddress}"),
        new("RateLimiting:LoginPerAddress:WindowSeconds", "3600"),
        new("RateLimiting:LoginPerAccount:PermitLimit", $"{LoginPerAccount}"),
        new("RateLimiting:LoginPerAccount:WindowSeconds", "3600"),
        new("RateLimiting:BlankGuidePerAddress:PermitLimit", $"{BlankGuidePerAddress}"),
        new("RateLimiting:BlankGuidePerAddress:WindowSeconds", "3600"),
        new("RateLimiting:AnonymousPerAddress:PermitLimit", $"{AnonymousPerAddress}"),
        new("RateLimiting:AnonymousPerAddress:WindowSeconds", "3600"),
    ];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.Replace(ServiceDescriptor.Singleton<IGuidePdfRenderer>(Renderer)));
    }

    /// <summary>A client whose requests come, through the trusted proxy, from <paramref name="clientAddress"/>.</summary>
    public HttpClient ClientFrom(string clientAddress)
    {
        StartServer();
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new() })
        {
            BaseAddress = new Uri(BaseAddress),
        };
        client.DefaultRequestHeaders.Add("X-Forwarded-For", clientAddress);
        return client;
    }
}

/// <summary>The real renderer, counting how many blank guides it drew.</summary>
public sealed class CountingGuideRenderer(IGuidePdfRenderer inner) : IGuidePdfRenderer
{
    private int blankRenders;

    public int BlankRenders => Volatile.Read(ref blankRenders);

    public byte[] Render(GuideDocument guide)
    {
        if (guide.GuideNumber is null) Interlocked.Increment(ref blankRenders);
        return inner.Render(guide);
    }
}

/// <summary>
/// Issue 10 (Accounts: rate limiting): login posts by client address (after ForwardedHeaders) and by e-mail, the two-factor
/// pages, the anonymous pages and the blank guide answer 429 with <c>Retry-After</c> and a pt-BR page past their limits.
/// </summary>
public class RateLimitsAnswer429(RateLimitedPortalFactory portal) : IClassFixture<RateLimitedPortalFactory>
{
    [Fact]
    public async Task LoginIsRefusedAfterTooManyPostsFromOneAddress()
    {
        using var client = portal.ClientFrom("198.51.100.1");
        for (var i = 0; i < RateLimitedPortalFactory.LoginPerAddress; i++)
            Assert.NotEqual(HttpStatusCode.TooManyRequests, (await LoginHelper.PostLoginAsync(client, $"ninguem{i}@demo.local", "errada")).StatusCode);

        var refused = await LoginHelper.PostLoginAsync(client, "dentista@demo.local", LoginHelper.DemoPassword);
        await AssertRefusedAsync(refused);

        using var neighbour = portal.ClientFrom("198.51.100.2");
        Assert.Equal(HttpStatusCode.Redirect, (await LoginHelper.PostLoginAsync(neighbour, "dentista@demo.local", LoginHelper.DemoPassword)).StatusCode);
    }

    [Fact]
    public async Task LoginIsRefusedAfterTooManyPostsForOneAccountFromAnyAddress()
    {
        for (var i = 0; i < RateLimitedPortalFactory.LoginPerAccount; i++)
        {
            using var attacker = portal.ClientFrom($"192.0.2.{i + 1}");
            Assert.NotEqual(HttpStatusCode.TooManyRequests, (await LoginHelper.PostLoginAsync(attacker, "Recepcao3@demo.local ", "errada")).StatusCode);
        }
        using var next = portal.ClientFrom("192.0.2.100");
        await AssertRefusedAsync(await LoginHelper.PostLoginAsync(next, "recepcao3@demo.local", "errada"));
    }

    [Theory]
    [InlineData("/Account/LoginWith2fa", "198.51.100.20")]
    [InlineData("/Account/LoginWithRecoveryCode", "198.51.100.21")]
    public async Task TwoFactorPagesAreLimitedByAddress(string path, string address)
    {
        using var client = portal.ClientFrom(address);
        HttpResponseMessage last = default!;
        for (var i = 0; i <= RateLimitedPortalFactory.LoginPerAddress; i++)
            last = await client.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.TwoFactorCode"] = "000000" }));
        await AssertRefusedAsync(last);
    }

    [Fact]
    public async Task TheBlankGuideIsRenderedOnceAndLimitedByAddress()
    {
        using var client = portal.ClientFrom("203.0.113.50");
        var bodies = new List<byte[]>();
        for (var i = 0; i < RateLimitedPortalFactory.BlankGuidePerAddress; i++)
        {
            var response = await client.GetAsync("/guia-em-branco.pdf");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
            bodies.Add(await response.Content.ReadAsByteArrayAsync());
        }
        Assert.All(bodies, b => Assert.Equal(bodies[0], b));
        await AssertRefusedAsync(await client.GetAsync("/guia-em-branco.pdf"));

        using var other = portal.ClientFrom("203.0.113.51");
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/guia-em-branco.pdf")).StatusCode);
        Assert.Equal(1, portal.Renderer.BlankRenders);
    }

    [Fact]
    public async Task AnonymousPagesAreLimitedByAddressButStaticFilesAreNot()
    {
        using var client = portal.ClientFrom("203.0.113.60");
        for (var i = 0; i < RateLimitedPortalFactory.AnonymousPerAddress; i++)
            Assert.NotEqual(HttpStatusCode.TooManyRequests, (await client.GetAsync("/Account/AccessDenied")).StatusCode);
        await AssertRefusedAsync(await client.GetAsync("/Account/Login"));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/_framework/blazor.web.js")).StatusCode);
    }

    [Fact]
    public async Task AForwardedProtoFromTheTrustedProxyMakesTheCookiesSecure()
    {
        using var client = portal.ClientFrom("203.0.113.70");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/Account/Login");
        request.Headers.Add("X-Forwarded-Proto", "https");
        var response = await client.SendAsync(request);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal)
                                                                      && c.Contains("; secure", StringComparison.OrdinalIgnoreCase));
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.True(response.Headers.RetryAfter?.Delta is { TotalSeconds: > 0 }, "Retry-After in seconds");
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("Muitas tentativas em pouco tempo; aguarde", body);
        Assert.Equal("no-store", string.Join(",", response.Headers.GetValues("Cache-Control")));
    }
}
