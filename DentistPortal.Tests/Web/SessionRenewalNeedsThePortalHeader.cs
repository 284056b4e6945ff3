using System.Net;
using DentistPortal.Components.Layout;
using DentistPortal.Tests.Infrastructure;

namespace DentistPortal.Tests.Web;

/// <summary>
/// POST /Account/RenovarSessao (issue 14, "Continuar conectado") renews the session cookie only when the request carries
/// the portal's own header (<see cref="SessionTimeoutWarning.RenewHeader"/>, sent by wwwroot/session.js): a cross-site
/// form post, which cannot send a header, changes nothing (issue 13 review, cross-site request protection).
/// </summary>
public class SessionRenewalNeedsThePortalHeader(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string AuthCookie = "DentistPortal.Auth";

    [Fact]
    public async Task ACrossSiteFormPostWithoutTheHeaderIsRefusedAndTheCookieStaysAsItWas()
    {
        using var client = factory.CreateBrowserLikeClient();
        await LoginHelper.SignInAsync(client, "dentista@demo.local");

        // What a form on another site can send: a simple form post with the user's cookie, another Origin, no custom header.
        using var crossSite = new HttpRequestMessage(HttpMethod.Post, "/Account/RenovarSessao")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["x"] = "1" }),
        };
        crossSite.Headers.Add("Origin", "https://outro-site.example");
        var refused = await client.SendAsync(crossSite);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.DoesNotContain(SetCookies(refused), c => c.StartsWith(AuthCookie, StringComparison.Ordinal));
        Assert.NotEqual(SessionTimeoutWarning.RenewedAnswer, await refused.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ThePortalsOwnRequestRenewsTheCookie()
    {
        using var client = factory.CreateBrowserLikeClient();
        await LoginHelper.SignInAsync(client, "dentista@demo.local");

        using var own = new HttpRequestMessage(HttpMethod.Post, "/Account/RenovarSessao");
        own.Headers.Add(SessionTimeoutWarning.RenewHeader, SessionTimeoutWarning.RenewHeaderValue);
        var renewed = await client.SendAsync(own);

        Assert.Equal(HttpStatusCode.OK, renewed.StatusCode);
        Assert.Equal(SessionTimeoutWarning.RenewedAnswer, await renewed.Content.ReadAsStringAsync());
        Assert.Contains(SetCookies(renewed), c => c.StartsWith(AuthCookie, StringComparison.Ordinal));
    }

    private static IEnumerable<string> SetCookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [];
}
