using Microsoft.Playwright;

namespace DentistPortal.Tests.EndToEnd;

/// <summary>Issue 9 §8 in the browser: no late token for a patient it cannot reach; the message names the channels there are.</summary>
[Collection(BrowserCollection.Name)]
public class TruthfulFallbackScreens(BrowserFixture browser)
{
    private static async Task OpenTreatmentAsync(IPage page, string cpf, string patient)
    {
        await page.GetByLabel("Carteirinha ou CPF").FillAsync(cpf);
        await page.GetByRole(AriaRole.Button, new() { Name = "Buscar" }).ClickAsync();
        await page.Locator("[data-testid=member-card]", new() { HasText = patient }).First
            .GetByRole(AriaRole.Link, new() { Name = "Novo tratamento" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Novo tratamento" })).ToBeVisibleAsync();
        await BrowserFixture.WaitForInteractiveAsync(page);
        var field = page.GetByRole(AriaRole.Combobox, new() { Name = "Procedimento" });
        await field.ClickAsync();
        await field.FillAsync("81000030");
        await page.GetByText("81000030 – Consulta odontológica").First.ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Adicionar procedimento" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Enviar para autorização" }).ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/tratamentos/\\d+$"));
        await BrowserFixture.WaitForInteractiveAsync(page);
    }

    [Fact]
    public async Task ANoContactPatientIsOfferedTheCentralAndThePrintedGuideNeverALateToken()
    {
        var page = await browser.NewPageAsync();
        await BrowserFixture.LoginAsync(page, "dentista@demo.local");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await OpenTreatmentAsync(page, "390.533.447-05", "Antônia Ribeiro Santos");

        await page.GetByRole(AriaRole.Button, new() { Name = "Gerar token", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-token-status=active]")).ToBeVisibleAsync();

        var warning = page.Locator("[data-testid=no-contact]");
        await Assertions.Expect(warning).ToContainTextAsync("não há token tardio");
        await Assertions.Expect(warning).ToContainTextAsync("Central de Atendimento");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Paciente sem celular (token tardio)" })).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Imprimir guia de tratamento" })).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDir, "no-contact-treatment.png"), FullPage = true });

        // The printed guide asks for a TUSS 74 reason; "could not generate" is offered as 03.
        await page.GetByRole(AriaRole.Link, new() { Name = "Imprimir guia de tratamento" }).ClickAsync();
        await BrowserFixture.WaitForInteractiveAsync(page);
        await Assertions.Expect(page.GetByRole(AriaRole.Radio, new() { Name = "03 – Dentista não conseguiu gerar o token (instabilidade do sistema)" })).ToHaveCountAsync(1);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDir, "guide-reasons.png"), FullPage = true });
    }

    [Fact]
    public async Task AnEmailOnlyPatientsLateTokenMessageNamesTheEmailOnly()
    {
        var page = await browser.NewPageAsync();
        await BrowserFixture.LoginAsync(page, "dentista@demo.local");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await OpenTreatmentAsync(page, "111.444.777-35", "Roberto Nunes Costa");

        await page.GetByRole(AriaRole.Button, new() { Name = "Gerar token", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Paciente sem celular (token tardio)" }).ClickAsync();

        var message = page.Locator("[data-testid=panel-message]");
        await Assertions.Expect(message).ToContainTextAsync("quando tiver acesso ao e-mail,");
        Assert.DoesNotContain("SMS", await message.TextContentAsync());
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDir, "late-token-email-only.png"), FullPage = true });
    }
}

/// <summary>The portal with the demo month of attendances, for the fraud signal.</summary>
public sealed class HistoryBrowserFixture() : BrowserFixture(new Infrastructure.LivePortalWithHistoryFactory());

/// <summary>Issue 9 §1 in the browser: the admin sees the clinic that validates far more by signed guide than the network.</summary>
public class AdminSeesTheFraudSignal(HistoryBrowserFixture browser) : IClassFixture<HistoryBrowserFixture>
{
    [Fact]
    public async Task TheDemoMonthMarksClinicaDentalSavassiAsAnOutlier()
    {
        var page = await browser.NewPageAsync();
        await BrowserFixture.LoginAsync(page, "admin@demo.local");
        await page.GotoAsync("/admin/relatorios");

        var byClinic = page.Locator("[data-testid=share-section][data-key=vias-validacao-clinica]");
        var outlier = byClinic.Locator("[data-testid=share-row][data-outlier=yes]");
        await Assertions.Expect(outlier).ToHaveCountAsync(1);
        await Assertions.Expect(outlier).ToContainTextAsync("Clínica Dental Savassi");
        await Assertions.Expect(byClinic.Locator("[data-testid=share-row][data-outlier=no]")).ToHaveCountAsync(2);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDir, "admin-fraud-signal.png"), FullPage = true });
        await byClinic.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDir, "admin-fraud-signal-clinics.png") });
    }
}
