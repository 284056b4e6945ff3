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

        // The next stops lead into Maria's card: "Novo tratamento".
        var newTreatment = page.Locator("[data-testid=member-card]", new() { HasText = "Maria Aparecida da Silva" }).First
            .GetByRole(AriaRole.Link, new() { Name = "Novo tratamento" });
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

    /// <summary>Maria, root canal on tooth 36, sent for authorization through the dentist's handlers (the setup, not the flow under test).</summary>
    private async Task<string> TreatmentUnderReviewAsync()
    {
        using var scope = browser.Portal.Services.CreateScope();
        var sp = scope.ServiceProvider;
        var dentist = await DemoActors.ForAsync(browser.Portal.Services, "dentista@demo.local", DemoActors.SaoPauloCnpj);
        var maria = await LookupReferences.ForAsync(browser.Portal.Services, dentist, TokenScenario.MariaCpf);
        var created = await sp.GetRequiredService<CreateTreatmentHandler>().HandleAsync(new(maria, [new("85200158", 36, null, null)]), dentist);
        Assert.True(created.IsOk, string.Join("; ", created.Errors));
        Assert.True((await sp.GetRequiredService<SubmitForAuthorizationHandler>().HandleAsync(new(created.Value!.Id), dentist)).IsOk);
        return created.Value.Number;
    }

    [Fact]
    public async Task TheAuditorDecidesWithTheKeyboardAloneAndTheDentistsOpenPageSaysTheDecision()
    {
        var number = await TreatmentUnderReviewAsync();
        var dentist = await browser.NewPageAsync();
        await BrowserFixture.LoginAsync(dentist, "dentista@demo.local");
        await dentist.GotoAsync($"/tratamentos/{number}");
        await BrowserFixture.WaitForInteractiveAsync(dentist);
        var reviewLive = dentist.Locator("[data-testid=review-live]");
        await Assertions.Expect(reviewLive).ToHaveAttributeAsync("aria-live", "polite");

        var page = await browser.NewPageAsync();
        await BrowserFixture.LoginAsync(page, "auditor@demo.local");
        await page.GotoAsync("/auditoria");
        await BrowserFixture.WaitForInteractiveAsync(page);
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
}
