using System.Net;
using DentistPortal.Tests.Infrastructure;
using static DentistPortal.Tests.Web.SecurityHeadersOnRealResponses;

namespace DentistPortal.Tests.Web;

/// <summary>
/// Issue 10 (Transport and headers): production behind a TLS-terminating proxy sends only Secure, HttpOnly, SameSite
/// cookies and HSTS; Development keeps working on http://127.0.0.1:5080.
/// </summary>
public class CookiesAndHstsBehindTheProxy(ProductionPortalFactory production) : IClassFixture<ProductionPortalFactory>
{
    [Fact]
    public async Task ProductionCookiesAreSecureHttpOnlyAndSameSite()
    {
        using var client = production.CreateHttpsClient();
        var page = await client.GetAsync("/Account/Login");
        var login = await LoginHelper.PostLoginAsync(client, "dentista@demo.local", LoginHelper.DemoPassword);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);

        var cookies = SetCookies(page).Concat(SetCookies(login)).ToList();
        Assert.Contains(cookies, c => c.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal));
        Assert.Contains(cookies, c => c.StartsWith("DentistPortal.Auth=", StringComparison.Ordinal));
        foreach (var cookie in cookies)
        {
            var flags = cookie.ToLowerInvariant();
            Assert.Contains("; secure", flags);
            Assert.Contains("; httponly", flags);
            Assert.True(flags.Contains("samesite=lax", StringComparison.Ordinal) || flags.Contains("samesite=strict", StringComparison.Ordinal), cookie);
        }
    }

    [Fact]
    public async Task ProductionSendsHstsOnHttps()
    {
        using var client = production.CreateHttpsClient();
        var hsts = Header(await client.GetAsync("/Account/Login"), "Strict-Transport-Security");
        Assert.Contains("max-age=31536000", hsts);
    }

    [Fact]
    public async Task DevelopmentCookiesFollowTheRequestSoPlainHttpKeepsWorking()
    {
        await using var development = new PortalFactory();
        using var client = development.CreateBrowserLikeClient(); // http://localhost
        var page = await client.GetAsync("/Account/Login");
        Assert.False(page.Headers.Contains("Strict-Transport-Security"));
        await LoginHelper.SignInAsync(client, "dentista@demo.local");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/beneficiarios")).StatusCode);
        foreach (var cookie in SetCookies(page))
        {
            Assert.DoesNotContain("; secure", cookie.ToLowerInvariant());
            Assert.Contains("; httponly", cookie.ToLowerInvariant());
        }
    }

    private static IEnumerable<string> SetCookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values.Where(v => !v.Contains("expires=Thu, 01 Jan 1970", StringComparison.Ordinal)) : [];
}
