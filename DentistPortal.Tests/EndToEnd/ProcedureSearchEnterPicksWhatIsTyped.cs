using Microsoft.Playwright;

namespace DentistPortal.Tests.EndToEnd;

/// <summary>
/// Issue 13 review, in the browser: typing a TUSS code and pressing Enter at once picks that code. With MudAutocomplete's
/// 150 ms search debounce, Enter pressed before the search for the full code answered picked the highlighted option of
/// the list drawn for an earlier prefix ("8" lists 81000030 first).
/// </summary>
[Collection(BrowserCollection.Name)]
public class ProcedureSearchEnterPicksWhatIsTyped(BrowserFixture browser)
{
    [Fact]
    public async Task TypingACodeAndPressingEnterAtOncePicksThatCode()
    {
        var page = await browser.NewPageAsync();
        await BrowserFixture.LoginAsync(page, "dentista@demo.local");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await page.GetByLabel("Carteirinha ou CPF").FillAsync("529.982.247-25");
        await page.GetByRole(AriaRole.Button, new() { Name = "Buscar" }).ClickAsync();
        await page.Locator("[data-testid=member-card]", new() { HasText = "Maria Aparecida da Silva" }).First
            .GetByRole(AriaRole.Link, new() { Name = "Novo tratamento" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Novo tratamento" })).ToBeVisibleAsync();
        await BrowserFixture.WaitForInteractiveAsync(page);

        var field = page.GetByRole(AriaRole.Combobox, new() { Name = "Procedimento" });
        await field.ClickAsync();
        await page.Keyboard.TypeAsync("8");
        await Assertions.Expect(page.GetByRole(AriaRole.Option).First).ToContainTextAsync("81000030 – Consulta odontológica");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDir, "procedure-search-list.png") });

        // The rest of the code and Enter without waiting for the list, as a fast typist does.
        await page.Keyboard.TypeAsync("1000049");
        await page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(field).ToHaveValueAsync("81000049 – Consulta odontológica de urgência");
        await Assertions.Expect(field).ToHaveAttributeAsync("aria-expanded", "false");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDir, "procedure-search-enter.png") });
    }
}

/// <summary>
/// Issue 14, the third outside tester's attack on the procedure search: what "Adicionar procedimento" adds is always what
/// the field shows, typing is never overwritten, the highlight is seen, the arrow button leaves the focus where the
/// arrows work.
/// </summary>
[Collection(BrowserCollection.Name)]
public class ProcedureSearchUnderAttack(BrowserFixture browser)
{
    private async Task<(IPage Page, ILocator Field)> NewTreatmentPageAsync(int width = 1280, int height = 900)
    {
        var page = await browser.NewPageAsync();
        await page.SetViewportSizeAsync(width, height);
        await BrowserFixture.LoginAsync(page, "dentista@demo.local");
        var dentist = await Infrastructure.DemoActors.ForAsync(browser.Portal.Services, "dentista@demo.local", Infrastructure.DemoActors.SaoPauloCnpj);
        var reference = await Infrastructure.LookupReferences.ForAsync(browser.Portal.Services, dentist, Infrastructure.TokenScenario.MariaCpf);
        await page.GotoAsync($"/beneficiarios/{reference}/novo-tratamento");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Novo tratamento" })).ToBeVisibleAsync();
        await BrowserFixture.WaitForInteractiveAsync(page);
        return (page, page.GetByRole(AriaRole.Combobox, new() { Name = "Procedimento" }));
    }

    private static ILocator Add(IPage page) => page.GetByRole(AriaRole.Button, new() { Name = "Adicionar procedimento" });

    /// <summary>F1: the label written after a pick landed in the middle of a code typed at once and ate its first digits.</summary>
    [Fact]
    public async Task ACodeTypedRightAfterAPickIsKeptAndPicked()
    {
        var (page, field) = await NewTreatmentPageAsync();
        await field.ClickAsync();
        await page.Keyboard.TypeAsync("81000030");
        await page.Keyboard.PressAsync("Enter");
        await page.Keyboard.PressAsync("ControlOrMeta+A");
        await page.Keyboard.TypeAsync("81000049");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(field).ToHaveValueAsync("81000049 – Consulta odontológica de urgência");
        await Add(page).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=added-item]")).ToHaveTextAsync([new System.Text.RegularExpressions.Regex("^81000049")]);
        await page.Context.CloseAsync();
    }

    /// <summary>F4 and F8: text typed over a choice clears it; a whole code left with Tab is taken; an unknown one is not.</summary>
    [Fact]
    public async Task TypingOverAChoiceClearsItAndAWholeCodeLeftWithTabIsTaken()
    {
        var (page, field) = await NewTreatmentPageAsync();
        await field.ClickAsync();
        await page.Keyboard.TypeAsync("81000030");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(Add(page)).ToBeEnabledAsync();
        await page.Keyboard.PressAsync("ControlOrMeta+A");
        await page.Keyboard.TypeAsync("99999999");
        await Assertions.Expect(Add(page)).ToBeDisabledAsync();
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(Add(page)).ToBeDisabledAsync();
        await Assertions.Expect(field).ToHaveValueAsync("99999999");

        await field.ClickAsync();
        await page.Keyboard.PressAsync("ControlOrMeta+A");
        await page.Keyboard.TypeAsync("81000049");
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(field).ToHaveValueAsync("81000049 – Consulta odontológica de urgência");
        await Assertions.Expect(Add(page)).ToBeEnabledAsync();
        await page.Context.CloseAsync();
    }

    /// <summary>F2 and F9: the highlighted option is scrolled into view and stands out (an outline, not a 6 % grey).</summary>
    [Fact]
    public async Task TheHighlightedOptionIsScrolledIntoViewAndOutlined()
    {
        var (page, field) = await NewTreatmentPageAsync(768, 1024);
        await field.ClickAsync();
        await page.Keyboard.PressAsync("ArrowDown");
        await Assertions.Expect(field).ToHaveAttributeAsync("aria-expanded", "true");
        for (var i = 0; i < 15; i++) await page.Keyboard.PressAsync("ArrowDown");
        await Assertions.Expect(field).ToHaveAttributeAsync("aria-activedescendant", "procedure-option-15");
        var option = page.Locator("#procedure-option-15");
        await page.WaitForFunctionAsync("""
            () => { const o = document.getElementById('procedure-option-15'); const l = o && o.closest('.dp-combobox-list');
                    if (!l) return false; const a = o.getBoundingClientRect(), b = l.getBoundingClientRect();
                    return a.top >= b.top - 1 && a.bottom <= b.bottom + 1 && a.bottom <= window.innerHeight; }
            """);
        var outline = await option.EvaluateAsync<string>("o => { const s = getComputedStyle(o); return s.outlineStyle + ' ' + s.outlineWidth; }");
        Assert.Equal("solid 2px", outline);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDir, "procedure-search-highlight-768.png") });
        await page.Context.CloseAsync();
    }

    /// <summary>F3: the arrow button puts the focus in the field (the arrows then work, leaving the field closes the list).</summary>
    [Fact]
    public async Task TheArrowButtonPutsTheFocusInTheField()
    {
        var (page, field) = await NewTreatmentPageAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Abrir a lista de procedimentos" }).ClickAsync();
        await Assertions.Expect(field).ToHaveAttributeAsync("aria-expanded", "true");
        await Assertions.Expect(field).ToBeFocusedAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Procedimentos do tratamento (0)" }).ClickAsync();
        await Assertions.Expect(field).ToHaveAttributeAsync("aria-expanded", "false");
        await page.Context.CloseAsync();
    }
}
