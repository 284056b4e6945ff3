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
        var beneficiaryId = db.Beneficiaries.Single(b => b.Cpf == cpf).Id;
        var created = await sp.GetRequiredService<CreateTreatmentHandler>().HandleAsync(new(beneficiaryId, [new("81000030", null, null, null)]), dentist);
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

    [Fact]
    public async Task StaffPrintsTheGuideDownloadsThePdfAndRegistersTheSignedScan()
    {
        var (_, number) = await TreatmentAwaitingLateTokenAsync("39053344705", markLate: false); // Antônia: no contact, so the printed guide
        var page = await browser.NewPageAsync();
        await BrowserFixture.LoginAsync(page, "recepcao@demo.local");
        await page.GotoAsync($"/tratamentos/{number}");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Imprimir guia de tratamento" }).ClickAsync();
        await page.WaitForURLAsync(new Regex($"/tratamentos/{number}/guia$"));
        await BrowserFixture.WaitForInteractiveAsync(page);
        await page.GetByRole(AriaRole.Radio, new() { Name = "07 – Beneficiário não possui celular" }).CheckAsync(new() { Force = true });
        await page.GetByRole(AriaRole.Button, new() { Name = "Registrar motivo e mostrar a guia" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=gto-number]")).ToHaveTextAsync(number);
        await Assertions.Expect(page.Locator("[data-testid=gto-row]")).ToHaveCountAsync(1);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDir, "gto-print-page.png"), FullPage = true });

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Baixar PDF" }).ClickAsync());
        var pdfPath = Path.Combine(BrowserFixture.ScreenshotDir, $"guia-{number}.pdf");
        await download.SaveAsAsync(pdfPath);
        var head = new byte[5];
        await using (var f = File.OpenRead(pdfPath)) await f.ReadExactlyAsync(head);
        Assert.Equal("%PDF-"u8.ToArray(), head);

        // Back on the treatment, the signed scan (a PDF) is registered.
        await page.GotoAsync($"/tratamentos/{number}");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await page.Locator("#signed-guide-file").SetInputFilesAsync(pdfPath);
        await page.GetByRole(AriaRole.Button, new() { Name = "Registrar guia assinada" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=signed-guide-ok]")).ToContainTextAsync("Validado por guia assinada");
        await Assertions.Expect(page.Locator("[data-testid=treatment-status]")).ToHaveTextAsync("Validado por guia assinada");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDir, "signed-guide.png"), FullPage = true });
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
