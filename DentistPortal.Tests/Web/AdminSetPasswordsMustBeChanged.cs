using System.Net;
using DentistPortal.Domain.Access;
using DentistPortal.Features.Admin;
using DentistPortal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace DentistPortal.Tests.Web;

/// <summary>
/// Issue 10 (Accounts): a password set by an administrator (new account or reset) must be changed at the next login;
/// until then every other page, document and the interactive circuit are refused, and the new password must differ.
/// </summary>
public class AdminSetPasswordsMustBeChanged(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string ChangePage = "/Account/Manage/ChangePassword";

    private async Task<string> ResetAsync(string email)
    {
        var admin = await DemoActors.ForAsync(factory.Services, "admin@demo.local");
        var target = await DemoActors.ForAsync(factory.Services, email);
        using var scope = factory.Services.CreateScope();
        var reset = await scope.ServiceProvider.GetRequiredService<ResetAccountPasswordHandler>().HandleAsync(new(target.UserId), admin);
        Assert.True(reset.IsOk, string.Join("; ", reset.Errors));
        return reset.Value!.TemporaryPassword!;
    }

    private static Task<HttpResponseMessage> ChangeAsync(HttpClient client, string old, string @new) =>
        LoginHelper.PostFormAsync(client, ChangePage, "change-password", new()
        {
            ["Input.OldPassword"] = old, ["Input.NewPassword"] = @new, ["Input.ConfirmPassword"] = @new,
        });

    [Theory]
    [InlineData("/")]
    [InlineData("/beneficiarios")]
    [InlineData("/tokens-tardios")]
    [InlineData("/Account/SelecionarClinica")]
    [InlineData("/Account/Manage/TwoFactorAuthentication")]
    [InlineData("/tratamentos/1/guia.pdf")]
    public async Task AfterAResetOnlyTheChangePasswordPageOpens(string route)
    {
        var email = $"reset.{route.Length}.{route.GetHashCode(StringComparison.Ordinal) & 0xffff}@teste.local";
        await AccountKit.CreateAsync(factory.Services, email, Roles.ClinicStaff);
        var temporary = await ResetAsync(email);

        using var client = factory.CreateBrowserLikeClient();
        var login = await LoginHelper.PostLoginAsync(client, email, temporary);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Contains(ChangePage, login.Headers.Location!.ToString());

        var response = await client.GetAsync(route);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.EndsWith(ChangePage, response.Headers.Location!.ToString());
        var circuit = await client.PostAsync("/_blazor/negotiate?negotiateVersion=1", new StringContent(""));
        Assert.True(circuit.StatusCode == HttpStatusCode.Forbidden, $"{circuit.StatusCode} {circuit.Headers.Location}");

        var page = WebUtility.HtmlDecode(await client.GetStringAsync(ChangePage));
        Assert.Contains("A sua senha foi definida pelo administrador", page);
    }

    [Fact]
    public async Task TheNewPasswordMustDifferAndOnceChangedThePortalOpens()
    {
        const string email = "troca.obrigatoria@teste.local";
        await AccountKit.CreateAsync(factory.Services, email, Roles.ClinicStaff);
        var temporary = await ResetAsync(email);
        using var client = factory.CreateBrowserLikeClient();
        await LoginHelper.PostLoginAsync(client, email, temporary);

        var same = await ChangeAsync(client, temporary, temporary);
        Assert.Contains("a nova senha deve ser diferente da senha atual", WebUtility.HtmlDecode(await same.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode);

        var changed = await ChangeAsync(client, temporary, "Minha@Senha2026");
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        var home = await client.GetAsync("/");
        Assert.True(home.StatusCode == HttpStatusCode.OK, $"{home.StatusCode} {home.Headers.Location} after {changed.Headers.Location}");

        using var next = factory.CreateBrowserLikeClient();
        var login = await LoginHelper.PostLoginAsync(next, email, "Minha@Senha2026");
        Assert.DoesNotContain(ChangePage, login.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.OK, (await next.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task ANewOperatorChangesThePasswordFirstThenEnrolsTheAuthenticator()
    {
        var admin = await DemoActors.ForAsync(factory.Services, "admin@demo.local");
        using var scope = factory.Services.CreateScope();
        var created = await scope.ServiceProvider.GetRequiredService<CreateStaffAccountHandler>()
            .HandleAsync(new("Auditora Nova", "auditora.nova@teste.local", Roles.Auditor, null), admin);
        Assert.True(created.IsOk, string.Join("; ", created.Errors));

        using var client = factory.CreateBrowserLikeClient();
        var login = await LoginHelper.PostLoginAsync(client, "auditora.nova@teste.local", created.Value!.TemporaryPassword!);
        Assert.Contains(ChangePage, login.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/Account/Manage/EnableAuthenticator")).StatusCode);

        await ChangeAsync(client, created.Value.TemporaryPassword!, "Auditora@Nova2026");
        var home = await client.GetAsync("/auditoria");
        Assert.EndsWith("/Account/Manage/EnableAuthenticator", home.Headers.Location!.ToString());
        await LoginHelper.EnrolAsync(client, "auditora.nova@teste.local");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/auditoria")).StatusCode);
    }
}
