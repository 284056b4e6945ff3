using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using DentistPortal.Features.Treatments;
using DentistPortal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace DentistPortal.Tests.EndToEnd;

/// <summary>
/// Issue 14, "Keyboard only": the chair flow with the keyboard alone (Tab, Shift+Tab, Enter, arrows, typing; no click,
/// no fill). Locators only ASSERT where the focus is and that it is visible; every control is operated by keys.
/// </summary>
[Collection(BrowserCollection.Name)]
public class KeyboardOnlyFlows(BrowserFixture browser)
{
    /// <summary>Presses Tab (or Shift+Tab) until the target has the focus; fails when it is not reached in <paramref name="max"/> presses.</summary>
    private static async Task TabToAsync(IPage page, ILocator target, bool backwards = false, int max = 60)
    {
        for (var i = 0; i < max; i++)
        {
            if (await IsFocusedAsync(target)) return;
            await page.Keyboard.PressAsync(backwards ? "Shift+Tab" : "Tab");
        }
        Assert.Fail($"O foco não chegou a {target} com {max} toques em {(backwards ? "Shift+Tab" : "Tab")}.");
    }

    private static Task<bool> IsFocusedAsync(ILocator target) =>
        target.EvaluateAsync<bool>("e => { const a = document.activeElement; return !!a && (a === e || e.contains(a)); }");

    /// <summary>The focus is on the element, inside it, or on the focusable wrapper a result is shown in.</summary>
    private const string HoldsFocus =
        "e => { const a = document.activeElement; return !!a && a !== document.body && (a === e || e.contains(a) || a.contains(e)); }";

    /// <summary>The focus is on (or inside) the target and the focused element shows a ring (outline or box-shadow).</summary>
    private static async Task ExpectVisibleFocusOnAsync(IPage page, ILocator target, string screenshot)
    {
        await Assertions.Expect(target).ToBeVisibleAsync();
        await target.Page.WaitForFunctionAsync(HoldsFocus, await target.ElementHandleAsync());
        var ring = await page.EvaluateAsync<string>("""
            () => { const s = getComputedStyle(document.activeElement);
                    const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
                    return outline || (s.boxShadow && s.boxShadow !== 'none') ? 'yes' : `no: outline ${s.outlineStyle} ${s.outlineWidth}, shadow ${s.boxShadow}`; }
            """);
        Assert.Equal("yes", ring);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDir, screenshot) });
    }

    private static ILocator Focused(IPage page) => page.Locator("*:focus");

    [Fact]
    public async Task TheDentistLooksUpOpensATreatmentGeneratesAndValidatesATokenWithTheKeyboardAlone()
    {
        var page = await browser.NewPageAsync();
        await BrowserFixture.LoginAsync(page, "dentista@demo.local");
        await BrowserFixture.WaitForInteractiveAsync(page);

        // Lookup: the field, then Buscar is the next stop.
        var term = page.Locator("input#lookup-term");
        await TabToAsync(page, term);
        await ExpectVisibleFocusOnAsync(page, term, "kbd-01-lookup-field.png");
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(Focused(page)).ToHaveTextAsync("Buscar");
        await page.Keyboard.PressAsync("Shift+Tab");

        // A CPF no beneficiary has: the focus goes to the "não encontrado" answer.
        await page.Keyboard.TypeAsync("123.456.789-09");
        await page.Keyboard.PressAsync("Enter");
        var notFound = page.Locator("[data-testid=lookup-not-found]");
        await ExpectVisibleFocusOnAsync(page, notFound, "kbd-02-lookup-not-found.png");

        // Back to the field (Buscar, then the field), replace the text, search: the focus goes to the result.
        await TabToAsync(page, term, backwards: true);
        await page.Keyboard.PressAsync("ControlOrMeta+A");
        await page.Keyboard.TypeAsync("529.982.247-25");
        await page.Keyboard.PressAsync("Enter");
        var result = page.Locator("[data-testid=lookup-result]");
        await ExpectVisibleFocusOnAsync(page, result, "kbd-03-lookup-result.png");

        // The next stops lead into Maria's card: "Novo tratamento", named after her (three cards, three distinct names).
        var newTreatment = page.GetByRole(AriaRole.Link, new() { Name = "Novo tratamento para Maria Aparecida da Silva", Exact = true });
        await TabToAsync(page, newTreatment, max: 10);
        await ExpectVisibleFocusOnAsync(page, newTreatment, "kbd-04-new-treatment-link.png");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Novo tratamento" })).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await BrowserFixture.WaitForInteractiveAsync(page);

        // The procedure: type in the combobox, Enter picks the highlighted option, Tab reaches "Adicionar procedimento".
        var procedure = page.GetByRole(AriaRole.Combobox, new() { Name = "Procedimento" });
        await TabToAsync(page, procedure);
        await ExpectVisibleFocusOnAsync(page, procedure, "kbd-05-procedure.png");
        await page.Keyboard.TypeAsync("81000030");
        // The list answers the last text typed (it searches after a short pause): wait until it shows that code alone, as
        // a user reads the list before pressing Enter (a list still showing the results for "8" would pick another).
        var options = page.Locator(".mud-popover-open .mud-list-item");
        await Assertions.Expect(options).ToHaveCountAsync(1);
        await Assertions.Expect(options.First).ToContainTextAsync("81000030 – Consulta odontológica");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(procedure).ToHaveValueAsync("81000030 – Consulta odontológica");
        var add = page.GetByRole(AriaRole.Button, new() { Name = "Adicionar procedimento" });
        await TabToAsync(page, add, max: 10);
        await ExpectVisibleFocusOnAsync(page, add, "kbd-06-add-procedure.png");
        await page.Keyboard.PressAsync("Enter");
        // The button turns off once the field is cleared: the focus goes to the row just added (never to <body>), and
        // the addition is said politely.
        await ExpectVisibleFocusOnAsync(page, page.Locator("[data-testid=added-row]").Last, "kbd-06b-added-row.png");
        await Assertions.Expect(page.Locator("[data-testid=items-live]")).ToHaveAttributeAsync("aria-live", "polite");
        await Assertions.Expect(page.Locator("[data-testid=items-live]")).ToContainTextAsync("Adicionado: 81000030");
        var submit = page.GetByRole(AriaRole.Button, new() { Name = "Enviar para autorização" });
        await Assertions.Expect(submit).ToBeEnabledAsync();
        await TabToAsync(page, submit);
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/tratamentos/\\d+$"));
        var number = page.Url[(page.Url.LastIndexOf('/') + 1)..];
        await BrowserFixture.WaitForInteractiveAsync(page);

        // Gerar token: the focus goes to the panel's answer; the delivery status is said by the polite live region.
        var generate = page.GetByRole(AriaRole.Button, new() { Name = "Gerar token", Exact = true });
        await TabToAsync(page, generate);
        await ExpectVisibleFocusOnAsync(page, generate, "kbd-07-generate.png");
        await page.Keyboard.PressAsync("Enter");
        var answer = page.Locator("[data-testid=panel-message]");
        await ExpectVisibleFocusOnAsync(page, answer, "kbd-08-generated.png");
        await Assertions.Expect(answer).ToContainTextAsync("gerado e enviado");
        var live = page.Locator("[data-testid=token-live-status]");
        await Assertions.Expect(live).ToHaveAttributeAsync("aria-live", "polite");
        await Assertions.Expect(live).ToContainTextAsync("SMS: Enviado", new() { Timeout = 20_000 });

        // The code field is before the answer: Shift+Tab reaches it; the field, then "Validar token" is the next stop.
        var field = page.Locator("input#token-code");
        await TabToAsync(page, field, backwards: true, max: 10);
        await ExpectVisibleFocusOnAsync(page, field, "kbd-09-code-field.png");
        var code = await DevInbox.ReadSmsCodeAsync(browser, number);
        var wrong = code == "000000" ? "111111" : "000000";
        await page.Keyboard.TypeAsync(wrong);
        // "Validar token" is enabled once the server has the six digits (a fresh-clone run pressed Tab before that and the
        // focus skipped the still-disabled button): the user sees it turn on before tabbing to it.
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Validar token" })).ToBeEnabledAsync();
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(Focused(page)).ToHaveTextAsync("Validar token");
        await page.Keyboard.PressAsync("Enter");

        // A wrong code: the focus goes to the answer, which says how many attempts are left.
        var outcome = page.Locator("[data-testid=validation-outcome]");
        await ExpectVisibleFocusOnAsync(page, outcome, "kbd-10-wrong-code.png");
        await Assertions.Expect(outcome).ToContainTextAsync("Restam");

        // Back to the field, the right code, Enter in the field: the focus goes to "Token validado".
        await TabToAsync(page, field, backwards: true, max: 10);
        await page.Keyboard.PressAsync("ControlOrMeta+A");
        await page.Keyboard.TypeAsync(code);
        await page.Keyboard.PressAsync("Enter");
        var validated = page.Locator("[data-testid=treatment-validated]");
        await ExpectVisibleFocusOnAsync(page, validated, "kbd-11-validated.png");
        await Assertions.Expect(validated).ToContainTextAsync("Token validado");
        await page.Context.CloseAsync();
    }

    /// <summary>Presses a key on the chart and waits until the focus is on the tooth named <paramref name="tooth"/>.</summary>
    private static async Task PressToAsync(IPage page, string key, int tooth)
    {
        await page.Keyboard.PressAsync(key);
        await Assertions.Expect(Focused(page)).ToHaveAttributeAsync("aria-label", $"Dente {tooth}");
    }

    [Fact]
    public async Task TheToothChartIsOneTabStopTheArrowsMoveBetweenTeethAndEnterMarksOne()
    {
        // Issue 14, "Keyboard only" (outside tester): the odontogram had every tooth in the Tab order (about 30 presses to
        // get past it). Now one stop (roving tabindex); the arrows move the focus as the teeth are drawn (upper 18…11 |
        // 21…28, lower 48…41 | 31…38), Enter marks.
        var dentist = await DemoActors.ForAsync(browser.Portal.Services, "dentista@demo.local", DemoActors.SaoPauloCnpj);
        var maria = await LookupReferences.ForAsync(browser.Portal.Services, dentist, TokenScenario.MariaCpf);
        var page = await browser.OpenSignedInAsync("dentista@demo.local", $"/beneficiarios/{Uri.EscapeDataString(maria)}/novo-tratamento");

        // A restoration (one tooth, one face): the chart appears under the procedure.
        var procedure = page.GetByRole(AriaRole.Combobox, new() { Name = "Procedimento" });
        await TabToAsync(page, procedure);
        await page.Keyboard.TypeAsync("85100196");
        var options = page.Locator(".mud-popover-open .mud-list-item");
        await Assertions.Expect(options).ToHaveCountAsync(1);
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByText("Escolha o dente no odontograma e 1 face(s).")).ToBeVisibleAsync();
        var chart = page.GetByRole(AriaRole.Group, new() { Name = "Dente", Exact = true });
        var teeth = chart.Locator("button.dp-tooth");
        await Assertions.Expect(teeth).ToHaveCountAsync(32);
        await Assertions.Expect(chart.Locator("button.dp-tooth[tabindex='0']")).ToHaveCountAsync(1);

        // The switch, then ONE Tab into the chart: the first tooth (none is marked yet).
        var deciduous = page.GetByLabel("Dentes decíduos (de leite)");
        await TabToAsync(page, deciduous, max: 10);
        await page.Keyboard.PressAsync("Tab");
        var t18 = page.GetByRole(AriaRole.Button, new() { Name = "Dente 18", Exact = true });
        await ExpectVisibleFocusOnAsync(page, t18, "kbd-30-odontogram-first-tooth.png");

        // Arrows: End/Home along the arch, → across the midline (11 → 21), ↑/↓ to the tooth drawn above/below. At 1280 px
        // with a mouse each arch is one line, as on a paper chart (18…11 | 21…28 over 48…41 | 31…38, kbd-30): ↓ from 18 is 48,
        // from 21 it is 31. (On a tablet the halves stack, named, and ↓ follows the lines the eye sees: 18 ↓ 21.)
        await PressToAsync(page, "End", 28);
        await PressToAsync(page, "Home", 18);
        await PressToAsync(page, "ArrowDown", 48);
        await PressToAsync(page, "ArrowDown", 48); // the last line: nothing below
        await PressToAsync(page, "ArrowUp", 18);
        await PressToAsync(page, "ArrowUp", 18); // the first line: nothing above
        foreach (var t in new[] { 17, 16, 15, 14, 13, 12, 11 }) await PressToAsync(page, "ArrowRight", t);
        await PressToAsync(page, "ArrowRight", 21);
        await PressToAsync(page, "ArrowDown", 31);
        await PressToAsync(page, "ArrowLeft", 41); // ← from 31 crosses the midline back to 41
        await PressToAsync(page, "ArrowRight", 31);
        await PressToAsync(page, "ArrowUp", 21);

        var t21 = page.GetByRole(AriaRole.Button, new() { Name = "Dente 21", Exact = true });
        await ExpectVisibleFocusOnAsync(page, t21, "kbd-31b-odontogram-arrow-to-21.png");
        // Arrows only move the focus: nothing is marked on the way, and the focused tooth is the chart's one stop.
        await Assertions.Expect(chart.Locator("button.dp-tooth[aria-pressed='true']")).ToHaveCountAsync(0);
        await Assertions.Expect(chart.Locator("button.dp-tooth[tabindex='0']")).ToHaveCountAsync(1);
        await Assertions.Expect(t21).ToHaveAttributeAsync("tabindex", "0");

        // Enter marks 21; the focus stays on it.
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(t21).ToHaveAttributeAsync("aria-pressed", "true");
        await ExpectVisibleFocusOnAsync(page, t21, "kbd-32-odontogram-21-marked.png");
        // The chart, a tooth marked and the faces shown: no serious or critical axe finding (WCAG 2.1 AA).
        var axe = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
            ResultTypes = [ResultType.Violations],
        });
        Assert.Empty(axe.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{v.Id}: {v.Help}"));

        // One Tab leaves the chart (to the first face), even after the arrows moved the focus off the marked tooth; and
        // Shift+Tab comes back to the marked tooth.
        await PressToAsync(page, "ArrowLeft", 11);
        await page.Keyboard.PressAsync("Tab");
        var occlusal = page.GetByLabel("Face oclusal");
        await ExpectVisibleFocusOnAsync(page, occlusal, "kbd-33-odontogram-tab-leaves.png");
        await page.Keyboard.PressAsync("Shift+Tab");
        await Assertions.Expect(Focused(page)).ToHaveAttributeAsync("aria-label", "Dente 21");
        await Assertions.Expect(chart.Locator("button.dp-tooth[tabindex='0']")).ToHaveCountAsync(1);

        // Switching to the deciduous arch (Space on the switch) keeps one stop: the first tooth, 21 is not on that arch.
        await page.Keyboard.PressAsync("Shift+Tab");
        await Assertions.Expect(deciduous).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Space");
        await Assertions.Expect(teeth).ToHaveCountAsync(20);
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(Focused(page)).ToHaveAttributeAsync("aria-label", "Dente 55");
        foreach (var t in new[] { 54, 53, 52, 51, 61 }) await PressToAsync(page, "ArrowRight", t);
        await PressToAsync(page, "ArrowDown", 71);
        await Assertions.Expect(chart.Locator("button.dp-tooth[tabindex='0']")).ToHaveCountAsync(1);
        await page.Keyboard.PressAsync("Shift+Tab");
        await Assertions.Expect(deciduous).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Space");
        await Assertions.Expect(teeth).ToHaveCountAsync(32);
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(Focused(page)).ToHaveAttributeAsync("aria-label", "Dente 18");

        // Mark 21 again with the keyboard (the row from 18), one face with Space, then "Adicionar procedimento".
        foreach (var t in new[] { 17, 16, 15, 14, 13, 12, 11, 21 }) await PressToAsync(page, "ArrowRight", t);
        await page.Keyboard.PressAsync("Space");
        await Assertions.Expect(t21).ToHaveAttributeAsync("aria-pressed", "true");
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(occlusal).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Tab");
        var incisal = page.GetByLabel("Face incisal");
        await Assertions.Expect(incisal).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Space");
        await Assertions.Expect(incisal).ToBeCheckedAsync();
        var add = page.GetByRole(AriaRole.Button, new() { Name = "Adicionar procedimento" });
        await TabToAsync(page, add, max: 10);
        await page.Keyboard.PressAsync("Enter");
        var row = page.Locator("[data-testid=added-row]").Last;
        await ExpectVisibleFocusOnAsync(page, row, "kbd-34-odontogram-added.png");
        await Assertions.Expect(row).ToContainTextAsync("85100196");
        await Assertions.Expect(row).ToContainTextAsync("dente 21 · faces I");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task TheAuditorDecidesWithTheKeyboardAloneAndTheDentistsOpenPageSaysTheDecision()
    {
        var number = await AuditorApprovesAProcedure.TreatmentUnderReviewAsync(browser.Portal);
        var dentist = await browser.OpenSignedInAsync("dentista@demo.local", $"/tratamentos/{number}");
        var reviewLive = dentist.Locator("[data-testid=review-live]");
        await Assertions.Expect(reviewLive).ToHaveAttributeAsync("aria-live", "polite");

        var page = await browser.OpenSignedInAsync("auditor@demo.local", "/auditoria");
        var item = page.Locator($"[data-testid=review-item][data-number='{number}']");
        await Assertions.Expect(item).ToContainTextAsync("85200158");

        // "Negar" without a reason: the focus goes to the item's error.
        var deny = item.GetByRole(AriaRole.Button, new() { Name = "Negar" });
        await TabToAsync(page, deny, max: 200);
        await ExpectVisibleFocusOnAsync(page, deny, "kbd-20-auditor-deny.png");
        await page.Keyboard.PressAsync("Enter");
        var error = item.Locator("[data-testid=review-error]");
        await ExpectVisibleFocusOnAsync(page, error, "kbd-21-auditor-error.png");

        // Back to the reason (Shift+Tab), a note, then "Aprovar": the item leaves the queue and the focus goes to the message.
        var reason = item.GetByLabel("Motivo (obrigatório para negar) ou observação");
        await TabToAsync(page, reason, backwards: true, max: 10);
        await ExpectVisibleFocusOnAsync(page, reason, "kbd-22-auditor-reason.png");
        await page.Keyboard.TypeAsync("Conforme radiografia periapical apresentada.");
        await page.Keyboard.PressAsync("Tab");
        var approve = item.GetByRole(AriaRole.Button, new() { Name = "Aprovar" });
        await TabToAsync(page, approve, max: 5);
        await page.Keyboard.PressAsync("Enter");
        var message = page.Locator("[data-testid=review-message]");
        await ExpectVisibleFocusOnAsync(page, message, "kbd-23-auditor-approved.png");
        await Assertions.Expect(message).ToContainTextAsync($"tratamento nº {number} autorizado");

        // The dentist's page, never reloaded, says the decision in its polite region.
        await Assertions.Expect(reviewLive).ToHaveTextAsync("Decisão da auditoria: 85200158 autorizado.");
        await page.Context.CloseAsync();
        await dentist.Context.CloseAsync();
    }

    /// <summary>A treatment of Maria's sent for authorization, optionally with a token waiting as a late token (setup through the handlers).</summary>
    private async Task<string> SubmittedTreatmentAsync(bool lateToken = false, bool withToken = false)
    {
        using var scope = browser.Portal.Services.CreateScope();
        var sp = scope.ServiceProvider;
        var dentist = await DemoActors.ForAsync(browser.Portal.Services, "dentista@demo.local", DemoActors.SaoPauloCnpj);
        var maria = await LookupReferences.ForAsync(browser.Portal.Services, dentist, TokenScenario.MariaCpf);
        var created = await sp.GetRequiredService<CreateTreatmentHandler>().HandleAsync(new(maria, [new("81000030", null, null, null)]), dentist);
        Assert.True(created.IsOk, string.Join("; ", created.Errors));
        Assert.True((await sp.GetRequiredService<SubmitForAuthorizationHandler>().HandleAsync(new(created.Value!.Id), dentist)).IsOk);
        if (lateToken || withToken)
            Assert.True((await sp.GetRequiredService<DentistPortal.Features.Tokens.GenerateTokenHandler>().HandleAsync(new(created.Value.Id), dentist)).IsOk);
        if (lateToken)
            Assert.True((await sp.GetRequiredService<DentistPortal.Features.Tokens.MarkAwaitingLateTokenHandler>().HandleAsync(new(created.Value.Id), dentist)).IsOk);
        return created.Value.Number;
    }

    [Fact]
    public async Task TheSkipLinkIsTheFirstStopAndTakesTheFocusIntoTheMainContent()
    {
        var page = await browser.OpenSignedInAsync("admin@demo.local", "/admin/contas");
        await Assertions.Expect(page.Locator("main#conteudo")).ToHaveCountAsync(1);

        // "Pular para o conteúdo" is the page's first tab stop (before the app bar and the menu), shown while it has the focus.
        var skip = page.GetByRole(AriaRole.Link, new() { Name = "Pular para o conteúdo" });
        Assert.True(await skip.EvaluateAsync<bool>("""
            e => e === [...document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]')]
                       .find(x => x.tabIndex >= 0 && !x.disabled && x.getClientRects().length > 0)
            """), "O link de pular não é a primeira parada do Tab.");
        await TabToAsync(page, skip, max: 200);
        await ExpectVisibleFocusOnAsync(page, skip, "kbd-30-skip-link.png");
        var box = (await skip.BoundingBoxAsync())!;
        Assert.True(box.Y >= 0 && box.Height >= 44, $"O link de pular aparece fora da tela: y={box.Y}, altura={box.Height}");

        // Enter: the focus is in <main>, and the next Tab is the page's first control, not the app bar or the menu.
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForFunctionAsync("() => document.activeElement?.id === 'conteudo'");
        Assert.EndsWith("/admin/contas", new Uri(page.Url).AbsolutePath);
        await page.Keyboard.PressAsync("Tab");
        Assert.True(await page.EvaluateAsync<bool>("() => document.getElementById('conteudo').contains(document.activeElement)"),
            "Depois de pular, o Tab saiu do conteúdo principal.");

        // The menu button says whether the menu is open and which element it opens; the admin group is named in pt-BR.
        var toggle = page.GetByRole(AriaRole.Button, new() { Name = "Abrir ou fechar o menu" });
        await Assertions.Expect(toggle).ToHaveAttributeAsync("aria-controls", "menu-lateral");
        await Assertions.Expect(page.Locator("#menu-lateral")).ToHaveCountAsync(1);
        var expanded = await toggle.GetAttributeAsync("aria-expanded");
        Assert.True(expanded is "true" or "false", $"aria-expanded={expanded}");
        await toggle.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(toggle).ToHaveAttributeAsync("aria-expanded", expanded == "true" ? "false" : "true");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(toggle).ToHaveAttributeAsync("aria-expanded", expanded!);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Abrir ou fechar Administração", Exact = true })).ToHaveCountAsync(1);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task TheReceptionistValidatesALateTokenWithTheKeyboardAlone()
    {
        var number = await SubmittedTreatmentAsync(lateToken: true);
        var page = await browser.OpenSignedInAsync("recepcao@demo.local", "/tokens-tardios");
        var row = page.Locator($"[data-testid=late-row][data-number='{number}']");
        await Assertions.Expect(row).ToBeVisibleAsync();

        var field = row.GetByLabel("Token", new() { Exact = true });
        await TabToAsync(page, field, max: 200);
        await ExpectVisibleFocusOnAsync(page, field, "kbd-40-late-field.png");
        var code = await DevInbox.ReadSmsCodeAsync(browser, number);
        await page.Keyboard.TypeAsync(code == "000000" ? "111111" : "000000");
        await page.Keyboard.PressAsync("Enter");
        var outcome = row.Locator("[data-testid=row-outcome]");
        await ExpectVisibleFocusOnAsync(page, outcome, "kbd-41-late-wrong.png");

        await TabToAsync(page, field, backwards: true, max: 10);
        // As a receptionist does: select what is there and type the code; if a redraw of the row (its countdown, the
        // answer) raced with the typing and a digit went missing, she sees it and types it again.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            await page.Keyboard.PressAsync("ControlOrMeta+A");
            await page.Keyboard.TypeAsync(code);
            try { await Assertions.Expect(field).ToHaveValueAsync(code, new() { Timeout = 3_000 }); break; }
            catch (PlaywrightException) when (attempt < 2) { }
        }
        await page.Keyboard.PressAsync("Enter");
        // The validated row leaves the list: the focus goes to the page's message.
        var message = page.Locator("[data-testid=late-message]");
        await ExpectVisibleFocusOnAsync(page, message, "kbd-42-late-validated.png");
        await Assertions.Expect(message).ToContainTextAsync(number);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task TheDentistChoosesAPrintReasonWithTheArrowsAndLandsOnImprimir()
    {
        var number = await SubmittedTreatmentAsync();
        var page = await browser.OpenSignedInAsync("dentista@demo.local", $"/tratamentos/{number}/guia");

        // Tab into the one-column group, then the arrows move the choice (a radio group is one stop).
        var radios = page.GetByRole(AriaRole.Radio);
        await TabToAsync(page, radios.First);
        await ExpectVisibleFocusOnAsync(page, radios.First, "kbd-50-reason-first.png");
        var refused = page.GetByRole(AriaRole.Radio, new() { Name = "04 – Beneficiário se negou a transmitir o número do token" });
        await page.Keyboard.PressAsync("Space");
        for (var i = 0; i < 12 && !await refused.IsCheckedAsync(); i++) await page.Keyboard.PressAsync("ArrowDown");
        await Assertions.Expect(refused).ToBeCheckedAsync();
        await ExpectVisibleFocusOnAsync(page, refused, "kbd-51-reason-chosen.png");

        var record = page.GetByRole(AriaRole.Button, new() { Name = "Registrar motivo e mostrar a guia" });
        await TabToAsync(page, record, max: 10);
        await page.Keyboard.PressAsync("Enter");
        // The portal may first ask to confirm (the token could still be used): the question takes the focus, then
        // "Imprimir mesmo assim" is reached by Tab.
        await page.WaitForFunctionAsync("""
            () => { const a = document.activeElement;
                    return !!a && (a.dataset.testid === 'print-button' || !!a.querySelector('[data-testid=print-confirmation]')); }
            """);
        if (await page.Locator("[data-testid=print-confirmation]").CountAsync() > 0)
        {
            var anyway = page.GetByRole(AriaRole.Button, new() { Name = "Imprimir mesmo assim" });
            await TabToAsync(page, anyway, max: 5);
            await page.Keyboard.PressAsync("Enter");
        }
        var print = page.GetByRole(AriaRole.Button, new() { Name = "Imprimir", Exact = true });
        await ExpectVisibleFocusOnAsync(page, print, "kbd-52-imprimir.png");
        await page.Context.CloseAsync();
    }

    /// <summary>The agent signs in, opens the Central, tabs to the search, types <paramref name="term"/> and presses Enter.</summary>
    private async Task<IPage> SearchTheCentralAsync(string term, string? screenshot = null)
    {
        var page = await browser.OpenSignedInAsync("central@demo.local", "/central");
        var search = page.GetByLabel("CPF, carteirinha ou nome");
        await TabToAsync(page, search);
        if (screenshot is not null) await ExpectVisibleFocusOnAsync(page, search, screenshot);
        await page.Keyboard.TypeAsync(term);
        await page.Keyboard.PressAsync("Enter");
        return page;
    }

    [Fact]
    public async Task TheAgentChecksACallersIdentityWithTheKeyboardAlone()
    {
        var page = await SearchTheCentralAsync(TokenScenario.MariaCpf, "kbd-60-central-search.png");
        // One match is taken at once ("Em atendimento"); with several, "Atender …" is pressed.
        var attend = page.GetByRole(AriaRole.Button, new() { Name = "Atender Maria Aparecida da Silva" });
        var form = page.Locator("[data-testid=identity-form]");
        await Assertions.Expect(form.Or(attend).First).ToBeVisibleAsync();
        if (await form.CountAsync() == 0)
        {
            await TabToAsync(page, attend, max: 20);
            await page.Keyboard.PressAsync("Enter");
        }

        // The date as the caller says it, with the numeric keypad's digits only; then the CPF's start.
        var birth = page.Locator("input#identity-birth");
        await TabToAsync(page, birth, max: 20);
        await ExpectVisibleFocusOnAsync(page, birth, "kbd-61-central-birth.png");
        await Assertions.Expect(birth).ToHaveAttributeAsync("inputmode", "numeric");
        await page.Keyboard.TypeAsync("12031985");
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.Locator("input#identity-cpf")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("529");
        await page.Keyboard.PressAsync("Enter");
        var passed = page.Locator("[data-testid=identity-passed]");
        await ExpectVisibleFocusOnAsync(page, passed, "kbd-62-central-passed.png");
        await page.Context.CloseAsync();
    }

    /// <summary>
    /// The outside tester: after a validation message, wrong answers sent with Enter pressed twice fast left the focus
    /// nowhere once in three runs; the "blocked" answer must take it every time.
    /// </summary>
    [Fact]
    public async Task AWrongAnswerSentWithADoubleEnterAfterAFieldMessageTakesTheFocusToBlocked()
    {
        var page = await SearchTheCentralAsync("111.444.777-35");
        var birth = page.Locator("input#identity-birth");
        await Assertions.Expect(birth).ToBeVisibleAsync();
        await TabToAsync(page, birth, max: 20);

        await page.Keyboard.PressAsync("Enter"); // nothing typed: the field says why and keeps the focus
        await Assertions.Expect(birth).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(birth).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("01011990");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("000");
        await page.Keyboard.PressAsync("Enter");
        await page.Keyboard.PressAsync("Enter");

        var blocked = page.Locator("[data-testid=identity-blocked]");
        await ExpectVisibleFocusOnAsync(page, blocked, "kbd-63-central-blocked.png");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ThePatientReportsAnUnsolicitedCodeWithTheKeyboardAlone()
    {
        var number = await SubmittedTreatmentAsync(withToken: true);
        var page = await browser.OpenSignedInAsync("paciente@demo.local", "/portal");
        var card = page.Locator($"[data-testid=my-token][data-number='{number}']");
        var report = card.GetByRole(AriaRole.Button, new() { Name = "Não solicitei este código" });
        await TabToAsync(page, report, max: 80);
        await ExpectVisibleFocusOnAsync(page, report, "kbd-70-portal-report.png");
        await page.Keyboard.PressAsync("Enter");

        // The question takes the focus; "Sim, cancelar o código" is the next stop.
        var question = card.Locator("[data-testid=report-confirm]");
        await ExpectVisibleFocusOnAsync(page, question, "kbd-71-portal-question.png");
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(Focused(page)).ToHaveTextAsync("Sim, cancelar o código");
        await page.Keyboard.PressAsync("Enter");
        var message = page.Locator("[data-testid=portal-message-box]");
        await ExpectVisibleFocusOnAsync(page, message, "kbd-72-portal-cancelled.png");
        await Assertions.Expect(message).ToContainTextAsync($"Cancelamos o código do tratamento nº {number}");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ThePatientsRefusedNewMobileTakesTheFocusToWhy()
    {
        var page = await browser.OpenSignedInAsync("paciente@demo.local", "/portal/contatos");
        var change = page.GetByRole(AriaRole.Button, new() { Name = "Alterar celular de Maria Aparecida da Silva" });
        await TabToAsync(page, change, max: 40);
        await page.Keyboard.PressAsync("Enter");

        // The form opens with the focus in its field; a landline is refused and the reason takes the focus.
        var field = page.GetByLabel("Novo celular com DDD");
        await ExpectVisibleFocusOnAsync(page, field, "kbd-80-contact-field.png");
        await page.Keyboard.TypeAsync("(11) 3333-4444");
        // "Enviar código" turns on once the server has the number (Enter in the field submits through it): the user sees it.
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Enviar código" })).ToBeEnabledAsync();
        await page.Keyboard.PressAsync("Enter");
        var why = page.Locator("[data-testid=contact-message-box]").First;
        await ExpectVisibleFocusOnAsync(page, why, "kbd-81-contact-refused.png");
        await Assertions.Expect(why).ToContainTextAsync("Celular inválido");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AWrongAuthenticatorCodeLeavesTheFocusInTheFieldThatSaysWhy()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("E-mail").FillAsync("auditor@demo.local");
        await page.GetByLabel("Senha").FillAsync(LoginHelper.DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Entrar" }).ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("LoginWith2fa"));

        var field = page.GetByLabel("Código do autenticador");
        await Assertions.Expect(field).ToBeFocusedAsync();
        var right = DemoSecrets.CurrentCode(DemoSecrets.SecretOf("auditor@demo.local"));
        await page.Keyboard.TypeAsync(right == "000000" ? "111111" : "000000");
        await page.Keyboard.PressAsync("Enter");
        await page.Locator("[role=alert]").WaitForAsync();

        // Back with the focus in the field, which is marked invalid and described by the error (heard on focus).
        await Assertions.Expect(field).ToBeFocusedAsync();
        await Assertions.Expect(field).ToHaveAttributeAsync("aria-invalid", "true");
        var described = await field.GetAttributeAsync("aria-describedby");
        Assert.False(string.IsNullOrEmpty(described), "O campo não aponta para o erro (aria-describedby).");
        Assert.Contains("código incorreto", await page.Locator($"[id='{described}']").InnerTextAsync());

        // Blank: the field's own message.
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator(".dp-field-error")).ToContainTextAsync("Digite o código");
        await Assertions.Expect(field).ToBeFocusedAsync();
        var blank = await field.GetAttributeAsync("aria-describedby");
        Assert.Contains("Digite o código", await page.Locator($"[id='{blank}']").InnerTextAsync());
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDir, "kbd-90-2fa-error.png") });

        // The right code still signs in (one wrong attempt does not lock the account).
        await page.Keyboard.TypeAsync(DemoSecrets.CurrentCode(DemoSecrets.SecretOf("auditor@demo.local")));
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(url => !url.Contains("LoginWith2fa", StringComparison.Ordinal));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task TheAdminsAccountActionsTakeTheFocusToTheirQuestionAndTheirErrors()
    {
        var page = await browser.OpenSignedInAsync("admin@demo.local", "/admin/contas");

        // "Nova conta" opens the form with the focus in its first field.
        var create = page.GetByRole(AriaRole.Button, new() { Name = "Nova conta" });
        await TabToAsync(page, create);
        await page.Keyboard.PressAsync("Enter");
        var name = page.Locator("input#account-name");
        await ExpectVisibleFocusOnAsync(page, name, "kbd-100-new-account.png");

        // "Criar conta" with nothing filled: the reasons take the focus.
        var submit = page.GetByRole(AriaRole.Button, new() { Name = "Criar conta" });
        await TabToAsync(page, submit, max: 20);
        await page.Keyboard.PressAsync("Enter");
        var errors = page.Locator("[data-testid=form-errors-box]");
        await ExpectVisibleFocusOnAsync(page, errors, "kbd-101-new-account-errors.png");
        await Assertions.Expect(errors).ToContainTextAsync("Confira os campos destacados.");
        var cancel = page.Locator("[data-testid=account-form]").GetByRole(AriaRole.Button, new() { Name = "Cancelar" });
        await TabToAsync(page, cancel, max: 5);
        await page.Keyboard.PressAsync("Enter");

        // "Redefinir senha": the question takes the focus, "Confirmar" is the next stop; "Cancelar" changes nothing.
        var reset = page.Locator("[data-testid=account-row]").First.GetByRole(AriaRole.Button, new() { Name = "Redefinir senha" });
        await TabToAsync(page, reset, max: 80);
        await page.Keyboard.PressAsync("Enter");
        var question = page.Locator("[data-testid=confirm-question]");
        await ExpectVisibleFocusOnAsync(page, question, "kbd-102-reset-question.png");
        await Assertions.Expect(question).ToContainTextAsync("Redefinir a senha de");
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(Focused(page)).ToHaveTextAsync("Confirmar", new() { IgnoreCase = true });
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("[data-testid=confirm-bar]")).ToHaveCountAsync(0);
        // The focus goes back to the "Redefinir senha" that asked (the second outside tester: it fell to <body>).
        await ExpectVisibleFocusOnAsync(page, reset, "kbd-103-reset-cancelled.png");
        await page.Context.CloseAsync();
    }
}
