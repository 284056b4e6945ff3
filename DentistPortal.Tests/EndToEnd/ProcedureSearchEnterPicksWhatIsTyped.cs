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
