using DentistPortal.Tests.Infrastructure;
using Microsoft.Playwright;

namespace DentistPortal.Tests.EndToEnd;

/// <summary>Issue 11 (webhooks): the admin points a clinic's webhook at its software and sees the secret once.</summary>
[Collection(BrowserCollection.Name)]
public class AdminSetsAClinicWebhook(BrowserFixture browser)
{
    [Fact]
    public async Task TheSecretIsShownOnceAfterTheUrlIsSaved()
    {
        var clinicId = await DemoActors.ClinicIdAsync(browser.Portal.Services, DemoActors.BeloHorizonteCnpj);
        var page = await browser.OpenSignedInAsync("admin@demo.local", $"/admin/clinicas/{clinicId}/webhook");
        await page.GetByLabel("URL do webhook (https://)").FillAsync("http://clinica.example/webhooks");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ativar webhook" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=page-message]")).ToContainTextAsync("https://");

        await page.GetByLabel("URL do webhook (https://)").FillAsync("https://clinica.example/webhooks");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ativar webhook" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=webhook-secret]")).ToContainTextAsync("whsec_");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDir, "webhook-1-secret-shown-once.png"), FullPage = true });

        await page.ReloadAsync();
        await BrowserFixture.WaitForInteractiveAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=webhook-secret]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByText("Ativo", new() { Exact = true })).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDir, "webhook-2-after-reload.png"), FullPage = true });
    }
}
