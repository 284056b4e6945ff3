using System.Net;
using DentistPortal.Features.Admin;
using DentistPortal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace DentistPortal.Tests.Admin;

/// <summary>
/// The back-office pages through the real portal and cookie sign-in: only the admin opens them; a disabled account
/// cannot sign in; a reset or generated temporary password signs in and the old one does not.
/// </summary>
public class AdminPagesOverHttp(PortalFactory factory) : IClassFixture<PortalFactory>
{
    public static readonly string[] Pages = ["/admin/clinicas", "/admin/dentistas", "/admin/contas", "/admin/planos", "/admin/procedimentos", "/admin/relatorios"];

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var page in Pages)
            foreach (var user in new[] { "dentista@demo.local", "recepcao@demo.local", "central@demo.local", "auditor@demo.local", "admin@demo.local", "paciente@demo.local" })
                data.Add(page, user);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task OnlyTheAdminOpensTheBackOfficePages(string page, string user)
    {
        using var client = factory.CreateBrowserLikeClient();
        await LoginHelper.SignInAsync(client, user);
        var response = await client.GetAsync(page);
        if (user == "admin@demo.local")
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        else
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Contains("/Account/AccessDenied", response.Headers.Location!.ToString());
        }
    }

    [Fact]
    public async Task TheClinicsPageListsTheNetworkInPortuguese()
    {
        using var client = factory.CreateBrowserLikeClient();
        await LoginHelper.SignInAsync(client, "admin@demo.local");
        var html = WebUtility.HtmlDecode(await client.GetStringAsync("/admin/clinicas"));
        Assert.Contains("Clínicas credenciadas", html);
        Assert.Contains("11.222.333/0001-81", html);
        Assert.Contains("Odonto Campinas Centro", html);
    }

    [Fact]
    public async Task ADisabledAccountCannotSignInUntilEnabledAgain()
    {
        var admin = await DemoActors.ForAsync(factory.Services, "admin@demo.local");
        var auditor = await DemoActors.ForAsync(factory.Services, "auditor@demo.local");
        var disable = factory.Services.CreateScope().ServiceProvider.GetRequiredService<SetAccountDisabledHandler>();
        Assert.True((await disable.HandleAsync(new(auditor.UserId, true), admin)).IsOk);

        using (var client = factory.CreateBrowserLikeClient())
        {
            var refused = await LoginHelper.PostLoginAsync(client, "auditor@demo.local", LoginHelper.DemoPassword);
            Assert.NotEqual(HttpStatusCode.Redirect, refused.StatusCode);
            Assert.Contains("esta conta foi desativada", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()));
        }

        Assert.True((await disable.HandleAsync(new(auditor.UserId, false), admin)).IsOk);
        using (var client = factory.CreateBrowserLikeClient())
            await LoginHelper.SignInAsync(client, "auditor@demo.local");
    }

    [Fact]
    public async Task TemporaryPasswordsSignInAndTheOldPasswordStopsWorking()
    {
        var admin = await DemoActors.ForAsync(factory.Services, "admin@demo.local");
        var scope = factory.Services.CreateScope().ServiceProvider;
        var sp = await DemoActors.ClinicIdAsync(factory.Services, DemoActors.SaoPauloCnpj);

        var created = await scope.GetRequiredService<CreateDentistHandler>().HandleAsync(new("Dr. Novo Acesso", "novo.acesso@demo.local", "777.888.999-41", "31313", "SP", [sp]), admin);
        Assert.True(created.IsOk, string.Join("; ", created.Errors));
        using (var client = factory.CreateBrowserLikeClient())
        {
            Assert.Equal(HttpStatusCode.Redirect, (await LoginHelper.PostLoginAsync(client, "novo.acesso@demo.local", created.Value!.TemporaryPassword!)).StatusCode);
            // Issue 10: a password set by the admin is changed first; then the clinic chosen at sign-in holds.
            Assert.EndsWith("/Account/Manage/ChangePassword", (await client.GetAsync("/beneficiarios")).Headers.Location!.ToString());
            var changed = await LoginHelper.PostFormAsync(client, "/Account/Manage/ChangePassword", "change-password", new()
            {
                ["Input.OldPassword"] = created.Value.TemporaryPassword!, ["Input.NewPassword"] = "Novo@Acesso2026", ["Input.ConfirmPassword"] = "Novo@Acesso2026",
            });
            Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/beneficiarios")).StatusCode); // one clinic: chosen at sign-in
        }

        var staff = await DemoActors.ForAsync(factory.Services, "recepcao3@demo.local");
        var reset = await scope.GetRequiredService<ResetAccountPasswordHandler>().HandleAsync(new(staff.UserId), admin);
        Assert.True(reset.IsOk, string.Join("; ", reset.Errors));
        using (var client = factory.CreateBrowserLikeClient())
            Assert.NotEqual(HttpStatusCode.Redirect, (await LoginHelper.PostLoginAsync(client, "recepcao3@demo.local", LoginHelper.DemoPassword)).StatusCode);
        using (var client = factory.CreateBrowserLikeClient())
            Assert.Equal(HttpStatusCode.Redirect, (await LoginHelper.PostLoginAsync(client, "recepcao3@demo.local", reset.Value!.TemporaryPassword!)).StatusCode);
    }
}
