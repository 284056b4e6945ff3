using Microsoft.Playwright;

namespace DentistPortal.Tests.EndToEnd;

/// <summary>
/// Issue 11 (API, OpenAPI): the Scalar reference page (<c>/scalar/v1</c>, Development only) runs under the portal's own
/// Content-Security-Policy: its inline module script carries the response's nonce, so the page renders the operations
/// with no CSP violation, and the policy is the same strict one as every other page (no <c>'unsafe-inline'</c> script).
/// </summary>
[Collection(BrowserCollection.Name)]
public class TheApiReferencePageRendersInDevelopment(BrowserFixture browser)
{
    [Fact]
    public async Task TheScalarPageShowsTheOperationsUnderTheStrictPolicy()
    {
        var page = await browser.NewPageAsync();
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) violations.Add(message.Text);
        };

        var response = await page.GotoAsync("/scalar/v1");
        Assert.True(response is { Ok: true }, $"/scalar/v1: {response?.Status}");
        var csp = await response!.HeaderValueAsync("content-security-policy");
        Assert.NotNull(csp);
        Assert.Matches(@"script-src 'self' 'nonce-[^']+'", csp);
        Assert.DoesNotContain("unsafe-inline' 'nonce", csp);
        Assert.DoesNotContain("unsafe-eval", csp);

        // The document is rendered: its title, the tags and the first tag's operation.
        await Assertions.Expect(page.GetByText("DentistPortal – API para sistemas de gestão de clínicas").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(page.GetByText("Busca o beneficiário pela carteirinha ou CPF").First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Faturamento TISS").First).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDir, "scalar-v1.png"), FullPage = false });
        Assert.Empty(violations);
    }
}
