using System.Net;
using DentistPortal.Domain.Access;
using DentistPortal.Infrastructure.Data;
using DentistPortal.Infrastructure.Identity;
using DentistPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace DentistPortal.Tests.Web;

/// <summary>
/// Issue 10 (Accounts): TOTP two-factor authentication through Identity's authenticator flow, required for Admin,
/// Auditor and CallCenterAgent, optional for clinic users; wrong codes count toward lockout; recovery codes work once.
/// </summary>
public class OperatorTwoFactor(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private static async Task<string> HtmlAsync(HttpResponseMessage response) => WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

    [Theory]
    [InlineData("admin@demo.local")]
    [InlineData("auditor@demo.local")]
    [InlineData("central@demo.local")]
    public async Task TheRightPasswordOfAnOperatorLeadsToTheCodeStepNotIntoThePortal(string email)
    {
        using var client = factory.CreateBrowserLikeClient();
        var login = await LoginHelper.PostLoginAsync(client, email, LoginHelper.DemoPassword);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Contains("/Account/LoginWith2fa", login.Headers.Location!.ToString());

        var home = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.Contains("/Account/Login", home.Headers.Location!.ToString());

        var page = await HtmlAsync(await client.GetAsync(login.Headers.Location));
        Assert.Contains("Código do autenticador", page);
        Assert.Contains("inputmode=\"numeric\"", page);
        Assert.Contains("Usar um código de recuperação", page);
        Assert.Contains("Lembrar este computador", page);
    }

    [Fact]
    public async Task TheCurrentCodeFromTheReadmeSecretSignsTheAdminIn()
    {
        using var client = factory.CreateBrowserLikeClient();
        var login = await LoginHelper.PostLoginAsync(client, "admin@demo.local", LoginHelper.DemoPassword);
        var code = await LoginHelper.PostTwoFactorCodeAsync(client, login.Headers.Location!, DemoSecrets.CurrentCode(DemoSecrets.Operators["admin@demo.local"].Secret));
        Assert.Equal(HttpStatusCode.Redirect, code.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin/clinicas")).StatusCode);
    }

    [Fact]
    public async Task TheSeededSecretsAreTheOnesTheLoginHelpersUse()
    {
        Assert.Equal(DemoSecrets.Operators.Keys.Order(), DemoDataSeeder.DemoAuthenticators.Keys.Order());
        using var scope = factory.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        foreach (var (email, demo) in DemoSecrets.Operators)
        {
            Assert.Equal(demo.Secret, DemoDataSeeder.DemoAuthenticators[email].Secret);
            var user = (await users.FindByEmailAsync(email))!;
            Assert.True(await users.GetTwoFactorEnabledAsync(user));
            Assert.Equal(demo.Secret, await users.GetAuthenticatorKeyAsync(user));
        }
        // Every other demo login is a clinic user or a beneficiary: no authenticator required.
        Assert.All(DemoDataSeeder.DemoLogins.Where(l => !DemoSecrets.Operators.ContainsKey(l.Email)), l => Assert.False(AccountGate.RequiresTwoFactor([l.Role])));
    }

    [Fact]
    public async Task AWrongCodeIsRefusedInPortugueseAndCountsTowardLockout()
    {
        var (userId, secret, _) = await AccountKit.CreateAsync(factory.Services, "auditor.codigo-errado@teste.local", Roles.Auditor, enrol: true);
        using var client = factory.CreateBrowserLikeClient();
        var login = await LoginHelper.PostLoginAsync(client, "auditor.codigo-errado@teste.local", LoginHelper.DemoPassword);
        var wrong = await LoginHelper.PostTwoFactorCodeAsync(client, login.Headers.Location!, DemoSecrets.WrongCode(secret!));
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("código incorreto", await HtmlAsync(wrong));
        Assert.Equal(1, (await AccountKit.ReloadAsync(factory.Services, userId)).AccessFailedCount);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/auditoria")).StatusCode);
    }

    [Fact]
    public async Task WrongPasswordsAndWrongCodesTogetherLockTheAccount()
    {
        const string email = "central.bloqueio@teste.local";
        var (userId, secret, _) = await AccountKit.CreateAsync(factory.Services, email, Roles.CallCenterAgent, enrol: true);
        using var client = factory.CreateBrowserLikeClient();
        for (var i = 0; i < 3; i++)
            await LoginHelper.PostLoginAsync(client, email, "senha-errada");
        // The right password does not wipe the count while the code is still to come.
        var login = await LoginHelper.PostLoginAsync(client, email, LoginHelper.DemoPassword);
        Assert.Contains("/Account/LoginWith2fa", login.Headers.Location!.ToString());
        Assert.Equal(3, (await AccountKit.ReloadAsync(factory.Services, userId)).AccessFailedCount);
        await LoginHelper.PostTwoFactorCodeAsync(client, login.Headers.Location!, DemoSecrets.WrongCode(secret!));
        var fifth = await LoginHelper.PostTwoFactorCodeAsync(client, login.Headers.Location!, DemoSecrets.WrongCode(secret!));
        Assert.Equal(HttpStatusCode.Redirect, fifth.StatusCode);
        Assert.Contains("/Account/Lockout", fifth.Headers.Location!.ToString());

        // Locked: even the right password does not reach the code step (answered like a wrong password).
        using var again = factory.CreateBrowserLikeClient();
        var locked = await LoginHelper.PostLoginAsync(again, email, LoginHelper.DemoPassword);
        Assert.Equal(HttpStatusCode.OK, locked.StatusCode);
        Assert.Contains("bloqueado por 15 minutos", WebUtility.HtmlDecode(await locked.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task ARecoveryCodeSignsInOnceAndNeverAgain()
    {
        const string email = "admin.recuperacao@teste.local";
        var (userId, _, codes) = await AccountKit.CreateAsync(factory.Services, email, Roles.Admin, enrol: true);
        using (var client = factory.CreateBrowserLikeClient())
        {
            await LoginHelper.PostLoginAsync(client, email, LoginHelper.DemoPassword);
            var used = await LoginHelper.PostFormAsync(client, "/Account/LoginWithRecoveryCode", "login-with-recovery-code", new() { ["Input.RecoveryCode"] = codes[0].ToLowerInvariant() });
            Assert.Equal(HttpStatusCode.Redirect, used.StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin/contas")).StatusCode);
        }
        using (var client = factory.CreateBrowserLikeClient())
        {
            await LoginHelper.PostLoginAsync(client, email, LoginHelper.DemoPassword);
            var reused = await LoginHelper.PostFormAsync(client, "/Account/LoginWithRecoveryCode", "login-with-recovery-code", new() { ["Input.RecoveryCode"] = codes[0] });
            Assert.Equal(HttpStatusCode.OK, reused.StatusCode);
            Assert.Contains("código de recuperação inválido ou já usado", await HtmlAsync(reused));
            Assert.Equal(1, (await AccountKit.ReloadAsync(factory.Services, userId)).AccessFailedCount);
            Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/admin/contas")).StatusCode);
        }
    }

    [Fact]
    public async Task TheReadmeRecoveryCodeOfTheAuditorWorks()
    {
        using var client = factory.CreateBrowserLikeClient();
        await LoginHelper.PostLoginAsync(client, "auditor@demo.local", LoginHelper.DemoPassword);
        var used = await LoginHelper.PostFormAsync(client, "/Account/LoginWithRecoveryCode", "login-with-recovery-code",
            new() { ["Input.RecoveryCode"] = DemoSecrets.Operators["auditor@demo.local"].RecoveryCodes[^1] });
        Assert.Equal(HttpStatusCode.Redirect, used.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/auditoria")).StatusCode);
    }

    /// <summary>Every page, document and export of the portal, and the interactive circuit.</summary>
    public static TheoryData<string> GatedRoutes()
    {
        var data = new TheoryData<string>();
        foreach (var route in RouteAuthorizationMatrix.Routes.Keys.Where(r => r != "/Account/Manage/ChangePassword")) data.Add(route);
        data.Add("/Account/SelecionarClinica");
        data.Add("/Account/Manage/TwoFactorAuthentication");
        data.Add("/tratamentos/1");
        data.Add("/tratamentos/1/guia");
        data.Add("/tratamentos/1/guia.pdf");
        data.Add("/tratamentos/1/guia-assinada");
        data.Add("/admin/relatorios/vias.csv");
        data.Add("/admin/auditoria.csv");
        data.Add("/dev/mensagens");
        return data;
    }

    [Theory]
    [MemberData(nameof(GatedRoutes))]
    public async Task AnOperatorWithoutAnAuthenticatorReachesOnlyTheEnrolment(string route)
    {
        var email = $"auditor.sem2fa.{Math.Abs(route.GetHashCode(StringComparison.Ordinal))}@teste.local";
        await AccountKit.CreateAsync(factory.Services, email, Roles.Auditor);
        using var client = factory.CreateBrowserLikeClient();
        var login = await LoginHelper.PostLoginAsync(client, email, LoginHelper.DemoPassword);
        Assert.Contains("/Account/Manage/EnableAuthenticator", login.Headers.Location!.ToString());

        // Sent to the enrolment (or, for a page the role never had, to "access denied", answered before the gate).
        var response = await client.GetAsync(route);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        Assert.True(location.EndsWith("/Account/Manage/EnableAuthenticator", StringComparison.Ordinal) || location.Contains("/Account/AccessDenied", StringComparison.Ordinal), location);

        // No interactive circuit either (a page could otherwise be reached by client-side navigation).
        var circuit = await client.PostAsync("/_blazor/negotiate?negotiateVersion=1", new StringContent(""));
        Assert.True(circuit.StatusCode == HttpStatusCode.Forbidden, $"{circuit.StatusCode} {circuit.Headers.Location} after {location}");
    }

    [Fact]
    public async Task AnOperatorEnrolsWithTheQrCodeAndThenNeedsTheCodeAtEveryLogin()
    {
        const string email = "central.nova@teste.local";
        var (userId, _, _) = await AccountKit.CreateAsync(factory.Services, email, Roles.CallCenterAgent);
        using (var client = factory.CreateBrowserLikeClient())
        {
            await LoginHelper.PostLoginAsync(client, email, LoginHelper.DemoPassword);
            var page = await HtmlAsync(await client.GetAsync("/Account/Manage/EnableAuthenticator"));
            Assert.Contains("data-testid=\"authenticator-qr\"", page);
            Assert.Contains("<svg", page);
            Assert.Contains("exige verificação em duas etapas", page);

            // A wrong code does not enrol.
            var wrong = await LoginHelper.PostFormAsync(client, "/Account/Manage/EnableAuthenticator", "enable-authenticator", new() { ["Input.Code"] = "000000" });
            Assert.Contains("código incorreto", await HtmlAsync(wrong));
            Assert.False((await AccountKit.ReloadAsync(factory.Services, userId)).TwoFactorEnabled);

            await LoginHelper.EnrolAsync(client, email);
            Assert.True((await AccountKit.ReloadAsync(factory.Services, userId)).TwoFactorEnabled);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/central")).StatusCode);
        }
        using (var client = factory.CreateBrowserLikeClient())
        {
            var login = await LoginHelper.PostLoginAsync(client, email, LoginHelper.DemoPassword);
            Assert.Contains("/Account/LoginWith2fa", login.Headers.Location!.ToString());
            await LoginHelper.SignInAsync(client, email);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/central")).StatusCode);
        }
    }

    [Fact]
    public async Task AClinicUserSignsInWithoutTwoFactorAndMayTurnItOn()
    {
        const string email = "recepcao.opcional@teste.local";
        await AccountKit.CreateAsync(factory.Services, email, Roles.ClinicStaff);
        using (var client = factory.CreateBrowserLikeClient())
        {
            var login = await LoginHelper.PostLoginAsync(client, email, LoginHelper.DemoPassword);
            Assert.DoesNotContain("LoginWith2fa", login.Headers.Location!.ToString());
            Assert.DoesNotContain("EnableAuthenticator", login.Headers.Location!.ToString());
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
            var security = await HtmlAsync(await client.GetAsync("/Account/Manage/TwoFactorAuthentication"));
            Assert.Contains("Segurança da conta", security);
            Assert.Contains("Desativada", security);
            await LoginHelper.EnrolAsync(client, email);
        }
        using (var client = factory.CreateBrowserLikeClient())
        {
            var login = await LoginHelper.PostLoginAsync(client, email, LoginHelper.DemoPassword);
            Assert.Contains("/Account/LoginWith2fa", login.Headers.Location!.ToString());
            await LoginHelper.SignInAsync(client, email);
            var disabled = await LoginHelper.PostFormAsync(client, "/Account/Manage/TwoFactorAuthentication", "disable-2fa", new());
            Assert.Equal(HttpStatusCode.Redirect, disabled.StatusCode);
        }
        using (var client = factory.CreateBrowserLikeClient())
        {
            var login = await LoginHelper.PostLoginAsync(client, email, LoginHelper.DemoPassword);
            Assert.DoesNotContain("LoginWith2fa", login.Headers.Location!.ToString());
        }
    }

    [Fact]
    public async Task AnOperatorCannotTurnTwoFactorOff()
    {
        const string email = "admin.naodesliga@teste.local";
        var (userId, _, _) = await AccountKit.CreateAsync(factory.Services, email, Roles.Admin, enrol: true);
        using var client = factory.CreateBrowserLikeClient();
        await LoginHelper.SignInAsync(client, email);
        var page = await HtmlAsync(await client.GetAsync("/Account/Manage/TwoFactorAuthentication"));
        Assert.Contains("não pode ser desativada", page);
        Assert.DoesNotContain("Desativar a verificação", page);
        _ = await LoginHelper.PostFormAsync(client, "/Account/Manage/TwoFactorAuthentication", "disable-2fa", new());
        Assert.True((await AccountKit.ReloadAsync(factory.Services, userId)).TwoFactorEnabled);
    }
}
