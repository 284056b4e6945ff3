using Microsoft.Playwright;

namespace DentistPortal.Tests.EndToEnd;

/// <summary>Issue 11 in the browser: the admin prices a procedure of a plan, and finds CBO-S and code at the operator on their forms.</summary>
[Collection(BrowserCollection.Name)]
public class AdminKeepsTheBillingMasterData(BrowserFixture browser)
{
    private static string Shot(string name) => Path.Combine(BrowserFixture.ScreenshotDir, name);

    [Fact]
    public async Task TheAdminPricesAProcedureAndSeesTheBillingFieldsOfDentistsAndClinics()
    {
        var page = await browser.NewPageAsync();
        await BrowserFixture.LoginAsync(page, "admin@demo.local");

        await page.GotoAsync("/admin/planos");
        await BrowserFixture.WaitForInteractiveAsync(page);
        var row = page.Locator("tr[data-code='81000383']");
        await Assertions.Expect(row.Locator("[data-testid=price]")).ToHaveTextAsync("R$ 35,00");
        await row.GetByRole(AriaRole.Button, new() { Name = "Preço de 81000383" }).ClickAsync();
        await page.GetByLabel("Preço (R$)").FillAsync("37,50");
        await page.ScreenshotAsync(new() { Path = Shot("billing-price-editing.png"), FullPage = false });
        await page.GetByRole(AriaRole.Button, new() { Name = "Salvar preço" }).ClickAsync();
        await Assertions.Expect(row.Locator("[data-testid=price]")).ToHaveTextAsync("R$ 37,50");
        await Assertions.Expect(page.Locator("[data-testid=missing-prices]")).ToHaveTextAsync("Todos os procedimentos cobertos têm preço.");
        await page.ScreenshotAsync(new() { Path = Shot("billing-price-table.png"), FullPage = false });

        await page.GotoAsync("/admin/dentistas");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await Assertions.Expect(page.Locator("tr[data-email='dentista3@demo.local'] [data-testid=dentist-cbos]"))
            .ToHaveTextAsync("CBO-S 223212 · endodontista");
        await page.GetByRole(AriaRole.Button, new() { Name = "CBO-S de Dra. Juliana Mendes Prado" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=cbos-editor]")).ToContainTextAsync("CBO-S de Dra. Juliana Mendes Prado (CRO-SP 67890)");
        await page.ScreenshotAsync(new() { Path = Shot("billing-dentist-cbos.png"), FullPage = true });
        await page.Locator("[data-testid=cbos-editor]").GetByRole(AriaRole.Button, new() { Name = "Cancelar" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Novo dentista" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=dentist-form]")).ToContainTextAsync("CBO-S (ocupação no faturamento TISS)");
        await page.ScreenshotAsync(new() { Path = Shot("billing-dentist-form.png"), FullPage = true });

        await page.GotoAsync("/admin/clinicas");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await page.Locator("tr", new() { HasText = "Clínica Dental Savassi" }).GetByRole(AriaRole.Button, new() { Name = "Editar" }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("Código na operadora")).ToHaveValueAsync("BHS000103");
        await page.ScreenshotAsync(new() { Path = Shot("billing-clinic-form.png"), FullPage = true });
        await page.Context.CloseAsync();
    }
}
