using System.Net;
using System.Net.Http.Headers;
using Microsoft.Playwright;

namespace DentistPortal.Tests.EndToEnd;

/// <summary>
/// Issue 11 (API) in a real browser: the admin creates a clinic's API key on Integrações, sees it once with the warning,
/// the key works on the API, the page never shows it again (only its start and "último uso"), and revoking asks first.
/// </summary>
[Collection(BrowserCollection.Name)]
public class AdminIssuesAnApiKey(BrowserFixture browser)
{
    private static string Shot(string name) => Path.Combine(BrowserFixture.ScreenshotDir, name);

    [Fact]
    public async Task TheKeyIsShownOnceWorksOnTheApiAndIsRevokedAfterAConfirmation()
    {
        var page = await browser.OpenSignedInAsync("admin@demo.local", "/admin/integracoes");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Integrações (API)" })).ToBeVisibleAsync();

        await page.Locator(".mud-select").First.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "Clínica Sorriso Paulista" }).ClickAsync();
        await page.GetByLabel("Nome da chave (ex.: sistema da recepção)").FillAsync("Sistema da recepção");
        await page.GetByRole(AriaRole.Button, new() { Name = "Criar chave" }).ClickAsync();
        var shown = page.Locator("[data-testid=full-key]");
        await Assertions.Expect(shown).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=new-key]")).ToContainTextAsync("não será mostrada de novo");
        var key = await shown.InnerTextAsync();
        Assert.Matches("^dpk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$", key);
        await Assertions.Expect(page.Locator("[data-testid=api-key-row]", new() { HasText = "Sistema da recepção" })).ToContainTextAsync("nunca usada");
        await page.ScreenshotAsync(new() { Path = Shot("api-key-created.png"), FullPage = true });

        using (var api = new HttpClient { BaseAddress = new Uri(browser.Portal.BaseAddress) })
        {
            api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
            Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/late-tokens")).StatusCode);
        }

        await page.ReloadAsync();
        await BrowserFixture.WaitForInteractiveAsync(page);
        var row = page.Locator("[data-testid=api-key-row]", new() { HasText = "Sistema da recepção" });
        await Assertions.Expect(row.Locator("[data-testid=last-used]")).Not.ToHaveTextAsync("nunca usada");
        Assert.DoesNotContain(key, await page.ContentAsync(), StringComparison.Ordinal);
        await Assertions.Expect(row).ToContainTextAsync(key[..21]);
        await page.ScreenshotAsync(new() { Path = Shot("api-keys-list.png"), FullPage = true });

        await row.GetByRole(AriaRole.Button, new() { Name = "Revogar" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(dialog).ToContainTextAsync("Não dá para desfazer");
        await page.ScreenshotAsync(new() { Path = Shot("api-key-revoke-confirm.png"), FullPage = true });
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Revogar" }).ClickAsync();
        await Assertions.Expect(row).ToContainTextAsync("Revogada");
        await Assertions.Expect(page.Locator("[data-testid=page-message]")).ToContainTextAsync("revogada");
        await page.ScreenshotAsync(new() { Path = Shot("api-key-revoked.png"), FullPage = true });

        using var revoked = new HttpClient { BaseAddress = new Uri(browser.Portal.BaseAddress) };
        revoked.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        Assert.Equal(HttpStatusCode.Unauthorized, (await revoked.GetAsync("/api/v1/late-tokens")).StatusCode);
        await page.Context.CloseAsync();
    }
}
