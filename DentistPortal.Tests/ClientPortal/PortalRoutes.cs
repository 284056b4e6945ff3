using System.Net;
using DentistPortal.Tests.Infrastructure;

namespace DentistPortal.Tests.ClientPortal;

/// <summary>The Portal do Cliente pages through the real cookie sign-in: the Beneficiary only; everyone else is refused.</summary>
public class PortalRoutes(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Theory]
    [InlineData("/portal", "Meus tokens")]
    [InlineData("/portal/contatos", "Meus contatos")]
    public async Task ThePatientOpensThePortalPages(string route, string heading)
    {
        using var client = factory.CreateBrowserLikeClient();
        await LoginHelper.SignInAsync(client, "paciente@demo.local");
        var response = await client.GetAsync(route);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(heading, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/portal", "dentista@demo.local")]
    [InlineData("/portal", "recepcao@demo.local")]
    [InlineData("/portal", "central@demo.local")]
    [InlineData("/portal", "auditor@demo.local")]
    [InlineData("/portal", "admin@demo.local")]
    [InlineData("/portal/contatos", "dentista@demo.local")]
    [InlineData("/portal/contatos", "recepcao@demo.local")]
    [InlineData("/portal/contatos", "central@demo.local")]
    [InlineData("/portal/contatos", "auditor@demo.local")]
    [InlineData("/portal/contatos", "admin@demo.local")]
    public async Task OtherRolesAreRefused(string route, string user)
    {
        using var client = factory.CreateBrowserLikeClient();
        await LoginHelper.SignInAsync(client, user);
        var response = await client.GetAsync(route);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Account/AccessDenied", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task WithoutSigningInThePortalAsksForTheLogin()
    {
        using var client = factory.CreateBrowserLikeClient();
        var response = await client.GetAsync("/portal");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Account/Login", response.Headers.Location!.ToString());
    }
}
