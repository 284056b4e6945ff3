using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace DentistPortal.Tests.EndToEnd;

/// <summary>Issue 4's flows, in Debian Chromium, as a dentist would work at the chair.</summary>
[Collection(BrowserCollection.Name)]
public class ChairSideTokenFlow(BrowserFixture browser)
{
    private static async Task LookUpAsync(IPage page, string term)
    {
        await page.GetByLabel("Carteirinha ou CPF").FillAsync(term);
        await page.GetByRole(AriaRole.Button, new() { Name = "Buscar" }).ClickAsync();
    }

    private static async Task AddProcedureAsync(IPage page, string search, string option, int? tooth = null)
    {
        var field = page.GetByRole(AriaRole.Combobox, new() { Name = "Procedimento" });
        await field.ClickAsync();
        await field.FillAsync(search);
        await page.GetByText(option).First.ClickAsync();
        if (tooth is { } t) await page.GetByRole(AriaRole.Button, new() { Name = $"Dente {t}", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Adicionar procedimento" }).ClickAsync();
    }

    /// <summary>Opens a treatment for the patient and submits it; returns the treatment number from the URL.</summary>
    private static async Task<string> OpenTreatmentAsync(IPage page, string lookup, string patient, bool withDenied)
    {
        await LookUpAsync(page, lookup);
        await page.Locator("[data-testid=member-card]", new() { HasText = patient }).First
            .GetByRole(AriaRole.Link, new() { Name = "Novo tratamento" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Novo tratamento" })).ToBeVisibleAsync();
        await BrowserFixture.WaitForInteractiveAsync(page);
        await AddProcedureAsync(page, "81000030", "81000030 – Consulta odontológica");
        if (withDenied) await AddProcedureAsync(page, "coroa metalo", "85400157 – Coroa total metalo cerâmica", tooth: 16);
        await page.GetByRole(AriaRole.Button, new() { Name = "Enviar para autorização" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/tratamentos/\\d+$"));
        return page.Url[(page.Url.LastIndexOf('/') + 1)..];
    }

    private static async Task TypeCodeAsync(IPage page, string code)
    {
        await page.GetByLabel("Token informado pelo paciente").FillAsync(code);
        await page.GetByRole(AriaRole.Button, new() { Name = "Validar token" }).ClickAsync();
    }

    [Fact]
    public async Task TheDentistOpensATreatmentGeneratesATokenAndValidatesThePatientsCode()
    {
        var page = await browser.NewPageAsync();
        await BrowserFixture.LoginAsync(page, "dentista@demo.local");
        await BrowserFixture.WaitForInteractiveAsync(page);
        var number = await OpenTreatmentAsync(page, "529.982.247-25", "Maria Aparecida da Silva", withDenied: true);

        await BrowserFixture.WaitForInteractiveAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=item][data-authorization=Authorized]")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("[data-testid=item][data-authorization=Denied]")).ToContainTextAsync("não coberto");
        await page.GetByRole(AriaRole.Button, new() { Name = "Gerar token", Exact = true }).ClickAsync();
        // Live delivery status, without reloading the page.
        await Assertions.Expect(page.Locator("[data-testid=delivery][data-channel=sms]")).ToContainTextAsync("Enviado", new() { Timeout = 20_000 });
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDir, "token-sent.png"), FullPage = true });

        var code = await DevInbox.ReadSmsCodeAsync(browser, number, screenshot: "dev-inbox.png");
        await TypeCodeAsync(page, $"{code[..3]} {code[3..]}");
        await Assertions.Expect(page.GetByText("Token validado").First).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDir, "token-validated.png"), FullPage = true });
    }

    [Fact]
    public async Task FiveWrongCodesLockTheTokenAndTheNewTokenValidatesWhileTheFirstIsSuperseded()
    {
        var page = await browser.NewPageAsync();
        await BrowserFixture.LoginAsync(page, "dentista@demo.local");
        await BrowserFixture.WaitForInteractiveAsync(page);
        var number = await OpenTreatmentAsync(page, "111.444.777-35", "Roberto Nunes Costa", withDenied: false);
        await BrowserFixture.WaitForInteractiveAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Gerar token", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-token-status=active]")).ToBeVisibleAsync();

        // Roberto has only e-mail: read the code from the e-mail body in the inbox.
        var first = await DevInbox.ReadEmailCodeAsync(browser, number);
        var wrong = first == "000000" ? "111111" : "000000";
        for (var i = 0; i < 5; i++)
        {
            await TypeCodeAsync(page, wrong);
            // Wait for THIS attempt's answer (the attempts left), not the previous one's identical outcome.
            var outcome = page.Locator("[data-testid=validation-outcome]");
            if (i < 3) await Assertions.Expect(outcome).ToContainTextAsync($"Restam {4 - i} tentativas");
            else if (i == 3) await Assertions.Expect(outcome).ToContainTextAsync("Resta 1 tentativa");
            else await Assertions.Expect(outcome).ToHaveAttributeAsync("data-outcome", "Locked");
        }
        await Assertions.Expect(page.Locator("[data-token-status=locked]")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Gerar novo token" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-token-status=active]")).ToBeVisibleAsync();
        var second = await DevInbox.ReadEmailCodeAsync(browser, number, notThisCode: first);

        await TypeCodeAsync(page, first);
        await Assertions.Expect(page.Locator("[data-testid=validation-outcome]")).ToContainTextAsync("Use o último token recebido");
        await TypeCodeAsync(page, second);
        await Assertions.Expect(page.GetByText("Token validado").First).ToBeVisibleAsync();
    }

    [Fact]
    public async Task AMinorDependentWithoutContactsReceivesThroughTheHolder()
    {
        var page = await browser.NewPageAsync();
        await BrowserFixture.LoginAsync(page, "dentista@demo.local");
        await BrowserFixture.WaitForInteractiveAsync(page);
        var number = await OpenTreatmentAsync(page, "9876 5400 0001 0030", "Pedro Henrique da Silva", withDenied: false);
        await BrowserFixture.WaitForInteractiveAsync(page);
        await Assertions.Expect(page.GetByText("Dependente sem contato próprio")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Gerar token", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=delivery][data-channel=sms]")).ToContainTextAsync("(11) *****-4321 (titular)");
        var code = await DevInbox.ReadSmsCodeAsync(browser, number, screenshot: "dev-inbox.png");
        await TypeCodeAsync(page, code);
        await Assertions.Expect(page.GetByText("Token validado").First).ToBeVisibleAsync();
    }
}
