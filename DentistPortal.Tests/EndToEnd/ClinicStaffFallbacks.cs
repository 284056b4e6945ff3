using System.Text.RegularExpressions;
using DentistPortal.Features.Tokens;
using DentistPortal.Features.Treatments;
using DentistPortal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace DentistPortal.Tests.EndToEnd;

/// <summary>Issue 5's flows for the receptionist, in Debian Chromium.</summary>
[Collection(BrowserCollection.Name)]
public class ClinicStaffFallbacks(BrowserFixture browser)
{
    /// <summary>
    /// The dentist's part, through the same handlers the chair screens use: a treatment with a token, awaiting it late
    /// when <paramref name="markLate"/> (a patient with no channel at all cannot be marked: issue 9 §8).
    /// </summary>
    private async Task<(int Id, string Number)> TreatmentAwaitingLateTokenAsync(string cpf, bool markLate = true)
    {
        using var scope = browser.Portal.Services.CreateScope();
        var sp = scope.ServiceProvider;
        var dentist = await DemoActors.ForAsync(browser.Portal.Services, "dentista@demo.local", DemoActors.SaoPauloCnpj);
        await using var db = await sp.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<DentistPortal.Infrastructure.Data.AppDbContext>>().CreateDbContextAsync();
        var created = await sp.GetRequiredService<CreateTreatmentHandler>().HandleAsync(new(await LookupReferences.ForAsync(browser.Portal.Services, dentist, cpf), [new("81000030", null, null, null)]), dentist);
        await sp.GetRequiredService<SubmitForAuthorizationHandler>().HandleAsync(new(created.Value!.Id), dentist);
        Assert.True((await sp.GetRequiredService<GenerateTokenHandler>().HandleAsync(new(created.Value.Id), dentist)).IsOk);
        if (markLate) Assert.True((await sp.GetRequiredService<MarkAwaitingLateTokenHandler>().HandleAsync(new(created.Value.Id), dentist)).IsOk);
        return (created.Value.Id, created.Value.Number);
    }

    [Fact]
    public async Task StaffTypesALateTokenReadFromTheInboxAndTheRowLeavesTheList()
    {
        var (_, number) = await TreatmentAwaitingLateTokenAsync("52998224725");
        var page = await browser.NewPageAsync();
        await BrowserFixture.LoginAsync(page, "recepcao@demo.local");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Tokens tardios" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Tokens tardios" })).ToBeVisibleAsync();
        var row = page.Locator($"[data-testid=late-row][data-number='{number}']");
        await Assertions.Expect(row).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDir, "late-tokens.png"), FullPage = true });

        var code = await DevInbox.ReadSmsCodeAsync(browser, number);
        await row.GetByLabel("Token", new() { Exact = true }).FillAsync(code);
        await row.GetByRole(AriaRole.Button, new() { Name = "Validar" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=late-message]")).ToContainTextAsync("Token validado");
        await Assertions.Expect(row).ToHaveCountAsync(0);
    }

    /// <summary>Antônia (no contact at all): a consultation and a crown her plan denies, sent for authorization; no token.</summary>
    private async Task<string> TreatmentWithADeniedCrownAsync()
    {
        using var scope = browser.Portal.Services.CreateScope();
        var sp = scope.ServiceProvider;
        var dentist = await DemoActors.ForAsync(browser.Portal.Services, "dentista@demo.local", DemoActors.SaoPauloCnpj);
        await using var db = await sp.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<DentistPortal.Infrastructure.Data.AppDbContext>>().CreateDbContextAsync();
        var beneficiaryId = await LookupReferences.ForAsync(browser.Portal.Services, dentist, "39053344705");
        var created = await sp.GetRequiredService<CreateTreatmentHandler>().HandleAsync(new(beneficiaryId, [new("81000030", null, null, null), new("85400157", 16, null, null)]), dentist);
        Assert.True((await sp.GetRequiredService<SubmitForAuthorizationHandler>().HandleAsync(new(created.Value!.Id), dentist)).IsOk);
        return created.Value.Number;
    }

    /// <summary>
    /// Issue 9 §1 end to end: staff print the guide (only the consultation is signable), register the scan, the treatment
    /// waits "em conferência"; the auditor sees the scan beside the rows, confirms the consultation with its date; the
    /// staff's open page, never reloaded, shows "Validado por guia assinada".
    /// </summary>
    [Fact]
    public async Task StaffRegistersTheSignedScanAndTheTreatmentIsValidatedOnlyWhenTheAuditorConfirmsIt()
    {
        var number = await TreatmentWithADeniedCrownAsync();
        var page = await browser.OpenSignedInAsync("recepcao@demo.local", $"/tratamentos/{number}");
        await page.GetByRole(AriaRole.Link, new() { Name = "Imprimir guia de tratamento" }).ClickAsync();
        await page.WaitForURLAsync(new Regex($"/tratamentos/{number}/guia$"));
        await BrowserFixture.WaitForInteractiveAsync(page);
        await page.GetByRole(AriaRole.Radio, new() { Name = "07 – Beneficiário não possui celular" }).CheckAsync(new() { Force = true });
        await page.GetByRole(AriaRole.Button, new() { Name = "Registrar motivo e mostrar a guia" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=gto-number]")).ToHaveTextAsync(number);
        await Assertions.Expect(page.Locator("[data-testid=gto-row]")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("[data-testid=gto-row]")).ToContainTextAsync("81000030");
        await Assertions.Expect(page.Locator("[data-testid=gto-not-signable-row]")).ToContainTextAsync("85400157");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDir, "gto-print-page.png"), FullPage = true });

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Baixar PDF" }).ClickAsync());
        var pdfPath = Path.Combine(BrowserFixture.ScreenshotDir, $"guia-{number}.pdf");
        await download.SaveAsAsync(pdfPath);

        // Back on the treatment, the signed scan (the PDF) is registered: it waits for the auditor.
        await page.GotoAsync($"/tratamentos/{number}");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await page.Locator("#signed-guide-file").SetInputFilesAsync(pdfPath);
        await page.GetByRole(AriaRole.Button, new() { Name = "Registrar guia assinada" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=signed-guide-under-review]")).ToContainTextAsync("em conferência pela auditoria");
        await Assertions.Expect(page.Locator("[data-testid=treatment-status]")).ToHaveTextAsync("Guia assinada em conferência");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDir, "signed-guide-under-review.png"), FullPage = true });

        // The auditor, in another browser, checks the scan beside the rows and confirms the consultation.
        var auditor = await browser.OpenSignedInAsync("auditor@demo.local", "/auditoria/guias-assinadas");
        var item = auditor.Locator($"[data-testid=guide-review-item][data-number='{number}']");
        await Assertions.Expect(item).ToContainTextAsync("Antônia Ribeiro Santos");
        var preview = item.Locator("iframe[data-testid=guide-preview]");
        await Assertions.Expect(preview).ToBeVisibleAsync();
        var frame = await (await preview.ElementHandleAsync()).ContentFrameAsync();
        await frame!.WaitForLoadStateAsync(LoadState.Load); // the scan is shown, not downloaded
        var scan = await auditor.APIRequest.GetAsync(await preview.GetAttributeAsync("src") ?? "");
        Assert.Equal(200, scan.Status);
        Assert.Equal("application/pdf", scan.Headers["content-type"]);
        Assert.False(scan.Headers.ContainsKey("content-disposition") && scan.Headers["content-disposition"].StartsWith("attachment", StringComparison.Ordinal));
        var row = item.Locator("[data-testid=guide-row][data-tuss='81000030']");
        await row.GetByRole(AriaRole.Checkbox).CheckAsync(new() { Force = true });
        var today = DentistPortal.Domain.Common.BrazilTime.Today(browser.Portal.Services.GetRequiredService<TimeProvider>().GetUtcNow()).ToString("yyyy-MM-dd");
        await row.GetByLabel("Data de realização: 81000030").FillAsync(today);
        await auditor.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDir, "signed-guide-auditor-review.png"), FullPage = true });
        await item.GetByRole(AriaRole.Button, new() { Name = "Confirmar procedimentos marcados" }).ClickAsync();
        await Assertions.Expect(auditor.Locator("[data-testid=guide-review-message]")).ToContainTextAsync($"Guia do tratamento nº {number} conferida");
        await Assertions.Expect(item).ToHaveCountAsync(0);

        // The staff's page, not reloaded, follows.
        await Assertions.Expect(page.Locator("[data-testid=treatment-status]")).ToHaveTextAsync("Validado por guia assinada");
        await Assertions.Expect(page.Locator("[data-testid=performed-items]")).ToContainTextAsync("81000030");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDir, "signed-guide.png"), FullPage = true });
        await page.Context.CloseAsync();
        await auditor.Context.CloseAsync();
    }

    /// <summary>Issue 9 §1: Maria got her token by SMS; printing the guide first says so and asks to confirm.</summary>
    [Fact]
    public async Task PrintingTheGuideAfterTheTokenReachedThePatientAsksForConfirmationFirst()
    {
        string number;
        using (var scope = browser.Portal.Services.CreateScope())
        {
            var sp = scope.ServiceProvider;
            var dentist = await DemoActors.ForAsync(browser.Portal.Services, "dentista@demo.local", DemoActors.SaoPauloCnpj);
            await using var db = await sp.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<DentistPortal.Infrastructure.Data.AppDbContext>>().CreateDbContextAsync();
            var maria = await LookupReferences.ForAsync(browser.Portal.Services, dentist, "52998224725");
            var created = await sp.GetRequiredService<CreateTreatmentHandler>().HandleAsync(new(maria, [new("81000030", null, null, null)]), dentist);
            await sp.GetRequiredService<SubmitForAuthorizationHandler>().HandleAsync(new(created.Value!.Id), dentist);
            Assert.True((await sp.GetRequiredService<GenerateTokenHandler>().HandleAsync(new(created.Value.Id), dentist)).IsOk);
            number = created.Value.Number;
        }

        var page = await browser.OpenSignedInAsync("recepcao@demo.local", $"/tratamentos/{number}");
        await Assertions.Expect(page.Locator("[data-testid=delivery][data-channel=sms] [data-status=sent]")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Imprimir guia de tratamento" }).ClickAsync();
        await page.WaitForURLAsync(new Regex($"/tratamentos/{number}/guia$"));
        await BrowserFixture.WaitForInteractiveAsync(page);
        await page.GetByRole(AriaRole.Radio, new() { Name = "04 – Beneficiário se negou a transmitir o número do token" }).CheckAsync(new() { Force = true });
        await page.GetByRole(AriaRole.Button, new() { Name = "Registrar motivo e mostrar a guia" }).ClickAsync();

        await Assertions.Expect(page.Locator("[data-testid=print-confirmation]")).ToContainTextAsync("já recebeu um token ativo");
        await Assertions.Expect(page.Locator("[data-testid=gto-number]")).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDir, "gto-print-confirmation.png"), FullPage = true });
        await page.GetByRole(AriaRole.Button, new() { Name = "Imprimir mesmo assim" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=gto-number]")).ToHaveTextAsync(number);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task TheBlankGuideIsAvailableWithoutSigningIn()
    {
        var page = await browser.NewPageAsync();
        var response = await page.APIRequest.GetAsync("/guia-em-branco.pdf");
        Assert.Equal(200, response.Status);
        Assert.Equal("application/pdf", response.Headers["content-type"]);
        Assert.StartsWith("%PDF-", System.Text.Encoding.ASCII.GetString((await response.BodyAsync())[..5]));
    }
}
