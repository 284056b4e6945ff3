using System.Text.RegularExpressions;
using System.Xml.Linq;
using DentistPortal.Features.Tokens;
using DentistPortal.Features.Treatments;
using DentistPortal.Infrastructure.Data;
using DentistPortal.Tests.Infrastructure;
using DentistPortal.Tests.Tiss;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace DentistPortal.Tests.EndToEnd;

/// <summary>Issue 11 (TISS export) in Debian Chromium: the receptionist's batch page and the treatment page's XML button.</summary>
[Collection(BrowserCollection.Name)]
public class TissExportInTheBrowser(BrowserFixture browser)
{
    /// <summary>A consultation of Maria at the São Paulo clinic, validated at the chair with the code read from the inbox;
    /// the plans get prices first (the operator's table; set directly, the admin screens are not this test's).</summary>
    private async Task<string> ValidatedTreatmentAsync()
    {
        using var scope = browser.Portal.Services.CreateScope();
        var sp = scope.ServiceProvider;
        await using (var db = await sp.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
            await db.PlanCoverages.Where(c => c.Price == null).ExecuteUpdateAsync(s => s.SetProperty(c => c.Price, c => c.TussCode == "81000030" ? PricedDatabase.ConsultationPrice : PricedDatabase.OtherPrice));
        var dentist = await DemoActors.ForAsync(browser.Portal.Services, "dentista@demo.local", DemoActors.SaoPauloCnpj);
        var created = await sp.GetRequiredService<CreateTreatmentHandler>().HandleAsync(new(await LookupReferences.ForAsync(browser.Portal.Services, dentist, TokenScenario.MariaCpf), [new("81000030", null, null, null)]), dentist);
        Assert.True(created.IsOk, string.Join("; ", created.Errors));
        Assert.True((await sp.GetRequiredService<SubmitForAuthorizationHandler>().HandleAsync(new(created.Value!.Id), dentist)).IsOk);
        Assert.True((await sp.GetRequiredService<GenerateTokenHandler>().HandleAsync(new(created.Value.Id), dentist)).IsOk);
        var code = await DevInbox.ReadSmsCodeAsync(browser, created.Value.Number);
        var validated = await sp.GetRequiredService<ValidateTokenHandler>().HandleAsync(new(created.Value.Id, code), dentist);
        Assert.True(validated.IsOk && validated.Value!.Succeeded, string.Join("; ", validated.Errors));
        return created.Value.Number;
    }

    private static async Task<XDocument> ReadAsync(IDownload download)
    {
        var path = await download.PathAsync();
        var bytes = await File.ReadAllBytesAsync(path!);
        return TissExportScenario.Parse(bytes);
    }

    [Fact]
    public async Task StaffGeneratesTheBatchOnTheTissPageAndTheBrowserDownloadsAValidFile()
    {
        var number = await ValidatedTreatmentAsync();
        var page = await browser.NewPageAsync();
        await BrowserFixture.LoginAsync(page, "recepcao@demo.local");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Faturamento TISS" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Faturamento TISS" })).ToBeVisibleAsync();
        await BrowserFixture.WaitForInteractiveAsync(page);
        await Assertions.Expect(page.GetByTestId("tiss-preview")).ToContainTextAsync(new Regex("guias? prontas?"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDir, "tiss-export-page.png"), FullPage = true });

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Gerar lote TISS" }).ClickAsync());

        Assert.Matches(new Regex(@"^\d{20}_[0-9a-f]{32}\.xml$"), download.SuggestedFilename);
        var doc = await ReadAsync(download);
        Assert.Contains(number, doc.Descendants(TissExportScenario.Ans + "numeroGuiaPrestador").Select(e => e.Value));
        await Assertions.Expect(page.GetByTestId("tiss-message")).ToContainTextAsync("gerado");
        await Assertions.Expect(page.GetByTestId("tiss-history")).ToContainTextAsync("Fernanda Oliveira");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDir, "tiss-export-page-after.png"), FullPage = true });
    }

    [Fact]
    public async Task TheTreatmentPageDownloadsTheXmlAndAsksBeforeDownloadingItAgain()
    {
        var number = await ValidatedTreatmentAsync();
        var page = await browser.OpenSignedInAsync("recepcao@demo.local", $"/tratamentos/{number}");

        var first = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Baixar XML TISS" }).ClickAsync());
        var guide = Assert.Single((await ReadAsync(first)).Descendants(TissExportScenario.Ans + "guiaOdonto"));
        Assert.Equal(number, TissExportScenario.V(guide, "numeroGuiaPrestador"));
        Assert.True(TissExportScenario.Has(guide, "codValidacao"));

        await Assertions.Expect(page.GetByTestId("tiss-exported")).ToContainTextAsync("Guia TISS já exportada em");
        await page.GetByRole(AriaRole.Button, new() { Name = "Baixar novamente" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("tiss-download-confirm")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDir, "tiss-treatment-page.png"), FullPage = true });
        var again = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("tiss-download-confirm").ClickAsync());
        Assert.NotEqual(first.SuggestedFilename, again.SuggestedFilename); // a new sequence number
        Assert.Equal(number, TissExportScenario.V(Assert.Single((await ReadAsync(again)).Descendants(TissExportScenario.Ans + "guiaOdonto")), "numeroGuiaPrestador"));
    }
}
