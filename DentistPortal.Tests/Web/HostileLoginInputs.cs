using System.Net;
using DentistPortal.Components.Account;
using DentistPortal.Domain.Access;
using DentistPortal.Infrastructure.Identity;
using DentistPortal.Infrastructure.Web;
using DentistPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace DentistPortal.Tests.Web;

/// <summary>
/// What the attack on issue 10 found around the login and the account pages, each as it was reproduced: a crafted
/// return address, a hand-edited query value and a garbage form body answered 500; the current password could be guessed
/// without limit from an open session; an address ending in ".png" passed the account gate; IPv6 clients got a fresh
/// rate-limit budget per address.
/// </summary>
public class HostileLoginInputs(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Theory]
    [InlineData("https://evil.example/x")]
    [InlineData("//evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("http:evil.example")]
    [InlineData("javascript:alert(1)")]
    public async Task AReturnAddressOutsideThePortalSignsInAndLandsOnTheHomePage(string returnUrl)
    {
        using var client = factory.CreateBrowserLikeClient();
        var response = await LoginHelper.PostFormAsync(client, "/Account/Login?ReturnUrl=" + Uri.EscapeDataString(returnUrl), "login",
            new() { ["Input.Email"] = "recepcao@demo.local", ["Input.Password"] = LoginHelper.DemoPassword });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.True(!location.IsAbsoluteUri || location.Host == "localhost", location.ToString());
        Assert.DoesNotContain("evil", location.ToString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
    }

    [Theory]
    [InlineData("/tratamentos/123", "/tratamentos/123")]
    [InlineData("tratamentos/123?x=1", "tratamentos/123?x=1")]
    [InlineData("http://localhost/tratamentos/1", "tratamentos/1")]
    [InlineData("https://evil.example/", "")]
    [InlineData("\\\\evil.example", "")]
    [InlineData("", "")]
    public void OnlyAddressesOfThePortalAreKept(string uri, string expected) =>
        Assert.Equal(expected, IdentityRedirectManager.LocalOrHome(uri, "http://localhost/"));

    [Fact]
    public async Task AHandEditedRememberMeOnTheCodeStepIsNotAServerError()
    {
        using var client = factory.CreateBrowserLikeClient();
        var response = await client.GetAsync("/Account/LoginWith2fa?RememberMe=notbool");
        Assert.True((int)response.StatusCode < 500, response.StatusCode.ToString());
    }

    [Theory]
    [InlineData("/Account/Login")]
    [InlineData("/Account/LoginWith2fa")]
    [InlineData("/Account/Logout")]
    public async Task AGarbageFormBodyIsRefusedInPortugueseNotAServerError(string path)
    {
        using var client = factory.CreateBrowserLikeClient();
        var body = new ByteArrayContent("garbage"u8.ToArray());
        body.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=x");
        var response = await client.PostAsync(path, body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(MalformedForms.Message, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task GuessingTheCurrentPasswordFromAnOpenSessionLocksTheAccountAndEndsTheSession()
    {
        var (id, _, _) = await AccountKit.CreateAsync(factory.Services, "sessao.aberta@teste.local", Roles.ClinicStaff);
        using var client = factory.CreateBrowserLikeClient();
        await LoginHelper.SignInAsync(client, "sessao.aberta@teste.local");

        HttpResponseMessage last = null!;
        for (var i = 0; i < 5; i++)
            last = await LoginHelper.PostFormAsync(client, "/Account/Manage/ChangePassword", "change-password", new()
            {
                ["Input.OldPassword"] = "palpite-" + i, ["Input.NewPassword"] = "NovaSenha@2026", ["Input.ConfirmPassword"] = "NovaSenha@2026",
            });

        Assert.Equal(HttpStatusCode.Redirect, last.StatusCode);
        Assert.Contains("/Account/Lockout", last.Headers.Location!.ToString());
        var user = await AccountKit.ReloadAsync(factory.Services, id);
        Assert.True(user.LockoutEnd > DateTimeOffset.UtcNow);
        // Signed out: the next page asks for the login again.
        var next = await client.GetAsync("/Account/Manage/ChangePassword");
        Assert.Contains("/Account/Login", next.Headers.Location!.ToString());
    }

    [Fact]
    public async Task AnAddressEndingInAFileExtensionStillGoesThroughTheAccountGate()
    {
        var (id, _, _) = await AccountKit.CreateAsync(factory.Services, "troca.pendente@teste.local", Roles.ClinicStaff);
        using var client = factory.CreateBrowserLikeClient();
        await LoginHelper.SignInAsync(client, "troca.pendente@teste.local");
        using (var scope = factory.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var user = (await users.FindByIdAsync(id))!;
            user.RequirePasswordChange();
            Assert.True((await users.UpdateAsync(user)).Succeeded);
        }

        foreach (var path in new[] { "/tratamentos/2026000020.png", "/tratamentos/2026000020%2Ejs", "/beneficiarios.css" })
        {
            var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Contains("ChangePassword", response.Headers.Location!.ToString());
        }
    }

    [Theory]
    [InlineData("2001:db8:1:1::1", "2001:db8:1:1::/64")]
    [InlineData("2001:db8:1:1:ffff:ffff:ffff:ffff", "2001:db8:1:1::/64")]
    [InlineData("::ffff:192.0.2.7", "192.0.2.7")]
    [InlineData("192.0.2.7", "192.0.2.7")]
    public void RateLimitsCountAnIpv6ClientByItsSlash64(string address, string partition) =>
        Assert.Equal(partition, RateLimits.AddressPartition(IPAddress.Parse(address)));
}
