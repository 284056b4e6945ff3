using DentistPortal.BrowserBench;
using DentistPortal.Tests.Infrastructure;
using Microsoft.Playwright;

namespace DentistPortal.Tests.EndToEnd;

/// <summary>
/// Issue 13 (goal 4, in the browser): the browser bench's own measuring code (bench/DentistPortal.BrowserBench), once per
/// scenario, against the real portal started the bench's way (a child process, tokens prepared through the handlers).
/// Asserts behaviour only: each scenario completes and finds its result. Its times are never asserted here (the issue
/// forbids timed tests); the bench reports them.
/// </summary>
[Collection(BrowserCollection.Name)]
public class TheBrowserBenchScenariosRun(BrowserFixture browser)
{
    [Fact]
    public async Task EachMeasuredScenarioCompletesAndFindsItsResult()
    {
        await using var portal = await BenchPortal.StartAsync(ChildProcesses.BuildOutput("DentistPortal", "DentistPortal.dll"), seedHistory: false);
        await using var preparation = Preparation.For(portal);
        var page = await BrowserScenarios.NewPageAsync(browser.Browser, portal.BaseAddress);
        try
        {
            var scenarios = new BrowserScenarios(page, preparation);
            await scenarios.LoginAsync();

            // 1. The treatment page becomes interactive, showing the prepared treatment and its active token, which the
            // portal's own delivery worker sent (the preparation shares the portal's keys).
            var (number, _) = await preparation.TreatmentWithActiveTokenAsync();
            await scenarios.OpenTreatmentAsync(number);
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Tratamento nº {number}" })).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("[data-token-status=active]")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("[data-testid=delivery][data-channel=sms]")).ToContainTextAsync("Enviado");

            // 2. The code typed and "Validar token": the treatment is validated.
            await scenarios.ValidateTokenAsync();
            await Assertions.Expect(page.Locator("[data-testid=treatment-validated]")).ToContainTextAsync("Token validado");
            await Assertions.Expect(page.Locator("[data-testid=timeline-entry]").Filter(new() { HasText = "Token digitado" })).ToContainTextAsync("validado");

            // 3. "Buscar": Maria's card with her dependents.
            await scenarios.OpenLookupAsync();
            await scenarios.LookUpAsync();
            var result = page.GetByRole(AriaRole.Region, new() { Name = "Resultado da busca" });
            await Assertions.Expect(result).ToContainTextAsync("Maria Aparecida da Silva");
            await Assertions.Expect(result).ToContainTextAsync("Pedro Henrique da Silva");
            await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDir, "browser-bench-lookup.png"), FullPage = true });
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
