using DentistPortal.Domain.Tiss;
using DentistPortal.Features.Contingency;
using DentistPortal.Features.Tokens;
using DentistPortal.Features.Treatments;
using DentistPortal.Tests.Infrastructure;
using DentistPortal.Tests.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace DentistPortal.Tests.EndToEnd;

/// <summary>
/// Issue 10 (Transport and headers): a real Chromium session under the portal's Content-Security-Policy, every page of
/// <see cref="RouteAuthorizationMatrix.Routes"/> for every role that may open it (plus a treatment with an active token,
/// the signed-guide review with its framed scan, and the login page): no CSP violation reported, and the page works
/// (the circuit is interactive and a MudBlazor menu opens).
/// </summary>
[Collection(BrowserCollection.Name)]
public class EveryPageWorksUnderTheContentSecurityPolicy(BrowserFixture browser)
{
    private const string ViolationRecorder = """
        window.__cspViolations = [];
        document.addEventListener('securitypolicyviolation', e =>
            window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`));
        """;

    public static TheoryData<string> Users() => new(RouteAuthorizationMatrix.Routes.Values.SelectMany(u => u).Distinct());

    [Theory]
    [MemberData(nameof(Users))]
    public async Task EveryPageOfARoleRunsWithoutAViolation(string user)
    {
        var extra = await ExtraPagesAsync(browser, user);
        var page = await browser.NewPageAsync();
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) violations.Add($"{page.Url}: {message.Text}");
        };
        await page.Context.AddInitScriptAsync(ViolationRecorder);

        await page.GotoAsync("/Account/Login");
        await CollectAsync(page, violations);
        await BrowserFixture.LoginAsync(page, user);

        var routes = RouteAuthorizationMatrix.Routes.Where(r => r.Value.Contains(user)).Select(r => r.Key).Concat(extra).ToList();
        Assert.NotEmpty(routes);
        foreach (var route in routes)
        {
            var response = await page.GotoAsync(route);
            Assert.True(response is { Ok: true }, $"{user} {route}: {response?.Status}");
            if (route.StartsWith("/Account/", StringComparison.Ordinal))
            {
                // Static server-rendered account pages (no circuit): the form posts and the page is complete.
                await page.WaitForLoadStateAsync(LoadState.Load);
            }
            else
            {
                await BrowserFixture.WaitForInteractiveAsync(page);
                if (!route.EndsWith("/guia", StringComparison.Ordinal)) // the print layout has no menu
                {
                    // MudBlazor answers: the user menu (a MudMenu with its popover JS) opens and closes.
                    var menu = page.Locator(".mud-appbar .mud-menu button").First;
                    await menu.ClickAsync();
                    var item = page.Locator(".mud-popover-open").GetByText("Alterar senha");
                    await Assertions.Expect(item).ToBeVisibleAsync();
                    await menu.ClickAsync(new() { Force = true }); // on the overlay over the button: the menu closes
                    await Assertions.Expect(item).ToBeHiddenAsync();
                }
            }
            if (route == "/auditoria/guias-assinadas" && extra.Count > 0)
            {
                // The scan is framed (frame-src 'self' here, frame-ancestors 'self' on the scan) and loads.
                var frame = page.Locator("iframe[data-testid=guide-preview]").First;
                await Assertions.Expect(frame).ToBeVisibleAsync();
                await (await (await frame.ElementHandleAsync()).ContentFrameAsync())!.WaitForLoadStateAsync(LoadState.Load);
                await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDir, "csp-signed-guide-review.png") });
            }
            await CollectAsync(page, violations);
        }
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDir, $"csp-{user.Split('@')[0]}.png"), FullPage = true });
        await page.Context.CloseAsync();
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    private static async Task CollectAsync(IPage page, List<string> violations)
    {
        var found = await page.EvaluateAsync<string[]>("() => window.__cspViolations ?? []");
        violations.AddRange(found.Select(v => $"{page.Url}: {v}"));
        await page.EvaluateAsync("() => { window.__cspViolations = []; }");
    }

    /// <summary>
    /// Pages beyond the route table that show personal data or documents, made through the real handlers (also walked
    /// by the accessibility check, <see cref="EveryPageHasNoSeriousAccessibilityFinding"/>).
    /// </summary>
    internal static async Task<List<string>> ExtraPagesAsync(BrowserFixture browser, string user)
    {
        using var scope = browser.Portal.Services.CreateScope();
        var sp = scope.ServiceProvider;
        var dentist = await DemoActors.ForAsync(browser.Portal.Services, "dentista@demo.local", DemoActors.SaoPauloCnpj);
        switch (user)
        {
            case "dentista@demo.local":
            {
                // A treatment with an active token (TokenPanel, delivery chips, countdown).
                var maria = await LookupReferences.ForAsync(browser.Portal.Services, dentist, TokenScenario.MariaCpf);
                var created = await sp.GetRequiredService<CreateTreatmentHandler>().HandleAsync(new(maria, [new("81000030", null, null, null)]), dentist);
                Assert.True(created.IsOk, string.Join("; ", created.Errors));
                Assert.True((await sp.GetRequiredService<SubmitForAuthorizationHandler>().HandleAsync(new(created.Value!.Id), dentist)).IsOk);
                Assert.True((await sp.GetRequiredService<GenerateTokenHandler>().HandleAsync(new(created.Value.Id), dentist)).IsOk);
                return [$"/tratamentos/{created.Value.Number}", $"/tratamentos/{created.Value.Number}/guia"];
            }
            case "auditor@demo.local":
            {
                // A signed guide (PDF) waiting for the auditor: the review page frames the scan.
                var staff = await DemoActors.ForAsync(browser.Portal.Services, "recepcao@demo.local", DemoActors.SaoPauloCnpj);
                var roberto = await LookupReferences.ForAsync(browser.Portal.Services, dentist, TokenScenario.RobertoCpf);
                var created = await sp.GetRequiredService<CreateTreatmentHandler>().HandleAsync(new(roberto, [new("81000030", null, null, null)]), dentist);
                Assert.True(created.IsOk, string.Join("; ", created.Errors));
                Assert.True((await sp.GetRequiredService<SubmitForAuthorizationHandler>().HandleAsync(new(created.Value!.Id), dentist)).IsOk);
                var recorded = await sp.GetRequiredService<RecordContingencyHandler>().HandleAsync(new(created.Value.Number, Tuss74.NoMobilePhone), staff);
                Assert.True(recorded.IsOk, string.Join("; ", recorded.Errors));
                var registered = await sp.GetRequiredService<RegisterSignedGuideHandler>().HandleAsync(new(created.Value.Id, "guia.pdf", ScanFiles.Pdf()), staff);
                Assert.True(registered.IsOk, string.Join("; ", registered.Errors));
                return [$"/tratamentos/{created.Value.Number}"];
            }
            default:
                return [];
        }
    }
}
