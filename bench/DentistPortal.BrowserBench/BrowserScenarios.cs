using System.Text.Json;
using Microsoft.Playwright;

namespace DentistPortal.BrowserBench;

/// <summary>
/// The three measured intervals of issue 13, goal 4, on one signed-in dentist's tab. Every time is taken INSIDE the page,
/// on the page's own clock (<c>performance.now()</c>, milliseconds since the document's navigation start): a
/// <c>MutationObserver</c> notes the first moment the awaited element is in the DOM (the render batch that carries it has
/// been applied, so Blazor has attached its event handlers; the paint follows within one frame), and a capturing click
/// listener notes the click's <c>event.timeStamp</c>. Playwright only waits for those notes (DOM signals, no sleeps), so
/// its own round trips to the browser are not in the figures.
/// </summary>
public sealed class BrowserScenarios(IPage page, Preparation preparation)
{
    public const string ChromiumPath = "/usr/bin/chromium";
    public static readonly string[] ChromiumArgs = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"];

    /// <summary>
    /// The treatment page is INTERACTIVE when the token form ("Validar token") is in the DOM inside the layout the live
    /// circuit rendered (<c>data-interactive="yes"</c>, MainLayout): the prerendered copy of the form has
    /// <c>data-interactive="no"</c> and ignores clicks; this one's handlers are attached, so typing the code and clicking
    /// runs the server's handler.
    /// </summary>
    public const string TreatmentInteractive = "[data-interactive=yes] form[aria-label='Validar token']";

    /// <summary>Installed in every document before its own scripts: the in-page watcher (marks named <c>dp-*</c>).</summary>
    public const string InitScript = """
        (() => {
          const watches = [
            ['dp-prerendered', "form[aria-label='Validar token'], form[aria-label='Buscar beneficiário']"],
            ['dp-circuit-rendered', '[data-interactive=yes]'],
            ['dp-treatment-interactive', "[data-interactive=yes] form[aria-label='Validar token']"],
          ];
          const seen = new Set();
          let armed = null;
          window.__dp = { results: {} };
          const check = () => {
            for (const [name, selector] of watches)
              if (!seen.has(name) && document.querySelector(selector)) { seen.add(name); performance.mark(name); }
            if (armed && armed.start !== undefined && armed.done()) {
              window.__dp.results[armed.name] = { start: armed.start, end: performance.now() };
              armed = null;
            }
          };
          new MutationObserver(check).observe(document, { childList: true, subtree: true, attributes: true, characterData: true });
          // Arms one measurement: from the next click on `trigger` (event.timeStamp, capture phase, before Blazor's
          // own listener) until `selector` matches an element whose text contains `text`.
          window.__dp.arm = (name, trigger, selector, text) => {
            delete window.__dp.results[name];
            const done = () => [...document.querySelectorAll(selector)].some(e => !text || e.textContent.includes(text));
            armed = { name, done };
            const onClick = ev => {
              if (!ev.target.closest(trigger)) return;
              document.removeEventListener('click', onClick, true);
              armed.start = ev.timeStamp;
              check();
            };
            document.addEventListener('click', onClick, true);
          };
        })();
        """;

    /// <summary>Milestones of one page load, in ms since navigation start (Navigation Timing and the watcher's marks).</summary>
    public sealed record PageLoad(double Interactive, double ResponseStart, double ResponseEnd, double DomContentLoaded, double? Prerendered, double CircuitRendered);

    /// <summary>Signs the dentist in through the real form (no second factor for clinic users).</summary>
    public async Task LoginAsync()
    {
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("E-mail").FillAsync(Preparation.DentistEmail);
        await page.GetByLabel("Senha").FillAsync("Demo@2026!");
        await page.GetByRole(AriaRole.Button, new() { Name = "Entrar" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath != "/Account/Login");
        await page.Locator("[data-interactive=yes]").WaitForAsync();
    }

    /// <summary>
    /// Scenario 1: a full navigation to <c>/tratamentos/{number}</c> (address typed, link from another application, reload)
    /// until <see cref="TreatmentInteractive"/>. Includes the prerendered HTML (handlers run once for it), the scripts
    /// (from the browser cache after the warm-up), the WebSocket, the circuit's start and its first renders.
    /// </summary>
    public async Task<PageLoad> OpenTreatmentAsync(string number)
    {
        await page.GotoAsync($"/tratamentos/{number}", new() { WaitUntil = WaitUntilState.Commit });
        await page.WaitForFunctionAsync("() => performance.getEntriesByName('dp-treatment-interactive').length > 0");
        var json = await page.EvaluateAsync<JsonElement>("""
            () => {
              const m = n => { const e = performance.getEntriesByName(n)[0]; return e ? e.startTime : null; };
              const nav = performance.getEntriesByType('navigation')[0];
              return { interactive: m('dp-treatment-interactive'), prerendered: m('dp-prerendered'), circuit: m('dp-circuit-rendered'),
                       responseStart: nav.responseStart, responseEnd: nav.responseEnd, dcl: nav.domContentLoadedEventEnd };
            }
            """);
        double D(string name) => json.GetProperty(name).GetDouble();
        var pre = json.GetProperty("prerendered");
        return new PageLoad(D("interactive"), D("responseStart"), D("responseEnd"), D("dcl"),
            pre.ValueKind == JsonValueKind.Number ? pre.GetDouble() : null, D("circuit"));
    }

    /// <summary>
    /// Scenario 2: on a fresh treatment with an active token (prepared by the handlers), opened and interactive (not
    /// timed), the code typed (the button enables once the circuit has it), then the "Validar token" click until the
    /// panel says "Token validado" (<c>data-testid=treatment-validated</c>). Returns the click → result interval in ms.
    /// </summary>
    public async Task<double> ValidateTokenAsync()
    {
        var (number, code) = await preparation.TreatmentWithActiveTokenAsync();
        await OpenTreatmentAsync(number);
        await page.GetByLabel("Token informado pelo paciente").FillAsync(code);
        var button = page.GetByRole(AriaRole.Button, new() { Name = "Validar token" });
        await Assertions.Expect(button).ToBeEnabledAsync();
        return await MeasureClickAsync("validate", "form[aria-label='Validar token'] button[type=submit]",
            "[data-testid=treatment-validated]", "Token validado", () => button.ClickAsync());
    }

    /// <summary>Opens the dentist's home (the lookup) and waits until its circuit renders it (not timed).</summary>
    public async Task OpenLookupAsync()
    {
        await page.GotoAsync("/");
        await page.Locator("[data-interactive=yes] form[aria-label='Buscar beneficiário']").WaitForAsync();
    }

    /// <summary>
    /// Scenario 3: on the interactive home, the previous result cleared (a mistyped CPF: the message, no result; not
    /// timed), Maria's CPF typed, then the "Buscar" click until her card (<c>data-testid=member-card</c> with her name)
    /// is in the result. Returns the click → card interval in ms.
    /// </summary>
    public async Task<double> LookUpAsync()
    {
        var field = page.GetByLabel("Carteirinha ou CPF");
        await field.FillAsync("529.982.247-24");
        await field.PressAsync("Enter");
        await Assertions.Expect(page.GetByText("CPF inválido: confira os dígitos digitados.")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=lookup-result]")).ToHaveCountAsync(0);
        await field.FillAsync("529.982.247-25");
        var button = page.GetByRole(AriaRole.Button, new() { Name = "Buscar", Exact = true });
        return await MeasureClickAsync("lookup", "form[aria-label='Buscar beneficiário'] button[type=submit]",
            "[data-testid=lookup-result] [data-testid=member-card]", "Maria Aparecida da Silva", () => button.ClickAsync());
    }

    private async Task<double> MeasureClickAsync(string name, string trigger, string selector, string text, Func<Task> click)
    {
        await page.EvaluateAsync("([n, t, s, x]) => window.__dp.arm(n, t, s, x)", new[] { name, trigger, selector, text });
        await click();
        try
        {
            await page.WaitForFunctionAsync("n => window.__dp.results[n] !== undefined", name);
        }
        catch (TimeoutException ex)
        {
            var shot = Path.Combine(Path.GetTempPath(), $"browserbench-{name}-{Guid.NewGuid():N}.png");
            await page.ScreenshotAsync(new() { Path = shot, FullPage = true });
            var main = await page.Locator("main, .mud-main-content").First.InnerTextAsync();
            throw new TimeoutException($"{name}: \"{text}\" did not appear after the click. Screenshot {shot}. Page text: {main}", ex);
        }
        var r = await page.EvaluateAsync<JsonElement>("n => window.__dp.results[n]", name);
        return r.GetProperty("end").GetDouble() - r.GetProperty("start").GetDouble();
    }

    /// <summary>Launches Debian's Chromium, headless (Playwright never downloads a browser here).</summary>
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumPath, Headless = true, Args = ChromiumArgs });

    /// <summary>A new tab in a new context on <paramref name="baseAddress"/>, with the watcher installed.</summary>
    public static async Task<IPage> NewPageAsync(IBrowser browser, string baseAddress)
    {
        var context = await browser.NewContextAsync(new() { BaseURL = baseAddress, Locale = "pt-BR", ViewportSize = new() { Width = 1280, Height = 900 } });
        context.SetDefaultTimeout(30_000);
        await context.AddInitScriptAsync(InitScript);
        return await context.NewPageAsync();
    }
}
