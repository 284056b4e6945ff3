using DentistPortal.Domain.Access;
using DentistPortal.Tests.Infrastructure;
using Microsoft.Playwright;

namespace DentistPortal.Tests.EndToEnd;

/// <summary>
/// Issue 10 (Accounts) in a real browser: a new auditor is taken from the password to the enrolment (QR code, key in
/// groups, code), cannot go anywhere else, keeps the recovery codes, and from then on logs in with a TOTP code.
/// </summary>
[Collection(BrowserCollection.Name)]
public class OperatorTwoFactorInTheBrowser(BrowserFixture browser)
{
    private static string Shot(string name) => Path.Combine(BrowserFixture.ScreenshotDir, name);

    [Fact]
    public async Task ANewAuditorEnrolsWithTheQrCodeAndThenLogsInWithACode()
    {
        const string email = "auditora.qr@teste.local";
        await AccountKit.CreateAsync(browser.Portal.Services, email, Roles.Auditor);
        var page = await browser.NewPageAsync();

        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Senha").FillAsync(LoginHelper.DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Entrar" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Account/Manage/EnableAuthenticator"));
        await Assertions.Expect(page.Locator("[data-testid=authenticator-qr] svg")).ToBeVisibleAsync();
        var key = (await page.Locator("[data-testid=authenticator-key]").InnerTextAsync()).Replace(" ", "", StringComparison.Ordinal);
        Assert.Equal(32, key.Length);
        await page.ScreenshotAsync(new() { Path = Shot("two-factor-enrolment.png"), FullPage = true });

        // Typing another address does not get past the enrolment.
        await page.GotoAsync("/auditoria");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Account/Manage/EnableAuthenticator"));

        await page.GetByLabel("Código de verificação").FillAsync(DemoSecrets.CurrentCode(key));
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirmar e ativar" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=recovery-code]")).ToHaveCountAsync(10);
        await page.ScreenshotAsync(new() { Path = Shot("two-factor-recovery-codes.png"), FullPage = true });
        DemoSecrets.Enrolled[email] = key;
        await page.GetByRole(AriaRole.Link, new() { Name = "Já guardei os códigos — continuar" }).ClickAsync();
        await page.GotoAsync("/auditoria");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Fila de análise da auditoria" })).ToBeVisibleAsync();
        await page.Context.CloseAsync();

        var again = await browser.NewPageAsync();
        await again.GotoAsync("/Account/Login");
        await again.GetByLabel("E-mail").FillAsync(email);
        await again.GetByLabel("Senha").FillAsync(LoginHelper.DemoPassword);
        await again.GetByRole(AriaRole.Button, new() { Name = "Entrar" }).ClickAsync();
        await Assertions.Expect(again).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Account/LoginWith2fa"));
        await Assertions.Expect(again.GetByLabel("Código do autenticador")).ToHaveAttributeAsync("inputmode", "numeric");
        await again.ScreenshotAsync(new() { Path = Shot("two-factor-login.png"), FullPage = true });
        await again.GetByLabel("Código do autenticador").FillAsync(DemoSecrets.WrongCode(key));
        await again.GetByRole(AriaRole.Button, new() { Name = "Verificar e entrar" }).ClickAsync();
        await Assertions.Expect(again.GetByRole(AriaRole.Alert)).ToContainTextAsync("código incorreto");
        await again.ScreenshotAsync(new() { Path = Shot("two-factor-wrong-code.png"), FullPage = true });
        await again.GetByLabel("Código do autenticador").FillAsync(DemoSecrets.CurrentCode(key));
        await again.GetByRole(AriaRole.Button, new() { Name = "Verificar e entrar" }).ClickAsync();
        await again.WaitForURLAsync(url => !url.Contains("/Account/", StringComparison.Ordinal));
        await again.GotoAsync("/auditoria");
        await BrowserFixture.WaitForInteractiveAsync(again);
        await Assertions.Expect(again.GetByRole(AriaRole.Heading, new() { Name = "Fila de análise da auditoria" })).ToBeVisibleAsync();
        await again.Context.CloseAsync();
    }

    [Fact]
    public async Task TheDemoCentralLogsInWithTheReadmeSecret()
    {
        var page = await browser.OpenSignedInAsync("central@demo.local", "/central");
        Assert.DoesNotContain("/Account/", page.Url, StringComparison.Ordinal);
        await page.GotoAsync("/Account/Manage/TwoFactorAuthentication");
        await Assertions.Expect(page.GetByTestId("two-factor-status")).ToContainTextAsync("Ativa");
        await page.ScreenshotAsync(new() { Path = Shot("account-security.png"), FullPage = true });
        await page.Context.CloseAsync();
    }
}
