using System.Text.RegularExpressions;
using DentistPortal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace DentistPortal.Tests.EndToEnd;

/// <summary>
/// Issue 10 (Keys and secrets), in Chromium: a token whose HMAC key was removed from the configuration is shown as
/// "precisa ser reemitido"; a code typed for it gets that answer (never "código incorreto"); "Gerar novo token" fixes it.
/// </summary>
[Collection(BrowserCollection.Name)]
public class ATokenWhoseKeyWasRemovedAsksForANewOne(BrowserFixture browser)
{
    [Fact]
    public async Task TheDentistIsToldToGenerateANewTokenAndNothingIsCounted()
    {
        var page = await browser.NewPageAsync();
        await BrowserFixture.LoginAsync(page, "dentista@demo.local");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await page.GetByLabel("Carteirinha ou CPF").FillAsync("111.444.777-35");
        await page.GetByRole(AriaRole.Button, new() { Name = "Buscar" }).ClickAsync();
        await page.Locator("[data-testid=member-card]", new() { HasText = "Roberto Nunes Costa" }).First
            .GetByRole(AriaRole.Link, new() { Name = "Novo tratamento" }).ClickAsync();
        await BrowserFixture.WaitForInteractiveAsync(page);
        var field = page.GetByRole(AriaRole.Combobox, new() { Name = "Procedimento" });
        await field.ClickAsync();
        await field.FillAsync("81000030");
        await page.GetByText("81000030 – Consulta odontológica").First.ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Adicionar procedimento" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Enviar para autorização" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/tratamentos/\\d+$"));
        var number = page.Url[(page.Url.LastIndexOf('/') + 1)..];
        await BrowserFixture.WaitForInteractiveAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Gerar token", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=current-token]")).ToBeVisibleAsync();

        // The operator removed the key this token was hashed with (rotation done too early, or a lost key).
        using (var scope = browser.Portal.Services.CreateScope())
        {
            await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
            var id = await db.Treatments.Where(t => t.Number == number).Select(t => t.Id).SingleAsync();
            Assert.Equal(1, await db.Tokens.Where(t => t.TreatmentId == id).ExecuteUpdateAsync(u => u.SetProperty(t => t.HmacKeyId, "removida-2025")));
        }

        // The page was open before: the code typed there is answered "re-issue", never "código incorreto".
        await page.GetByLabel("Token informado pelo paciente").FillAsync("123456");
        await page.GetByRole(AriaRole.Button, new() { Name = "Validar token" }).ClickAsync();
        var outcome = page.Locator("[data-testid=validation-outcome]");
        await Assertions.Expect(outcome).ToHaveAttributeAsync("data-outcome", "ReissueRequired");
        await Assertions.Expect(outcome).ToContainTextAsync("Nenhuma tentativa foi contada");

        // Opened now, the page says so up front and offers no code field for this token.
        await page.ReloadAsync();
        await BrowserFixture.WaitForInteractiveAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=token-needs-reissue]")).ToContainTextAsync("Token precisa ser reemitido");
        await Assertions.Expect(page.GetByLabel("Token informado pelo paciente")).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDir, "token-needs-reissue.png"), FullPage = true });

        await page.GetByRole(AriaRole.Button, new() { Name = "Gerar novo token" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=token-needs-reissue]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid=current-token]")).ToContainTextAsync("Token nº 2");
        await Assertions.Expect(page.GetByLabel("Token informado pelo paciente")).ToBeVisibleAsync();
    }
}
