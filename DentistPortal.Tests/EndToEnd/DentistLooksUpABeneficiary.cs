using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace DentistPortal.Tests.EndToEnd;

[Collection(BrowserCollection.Name)]
public class DentistLooksUpABeneficiary(BrowserFixture browser)
{
    [Fact]
    public async Task TheDentistFindsTheHolderByCpfAndSeesTheDependents()
    {
        var page = await browser.NewPageAsync();
        await BrowserFixture.LoginAsync(page, "dentista@demo.local");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await Assertions.Expect(page.GetByLabel("Clínica atual")).ToContainTextAsync("Clínica Sorriso Paulista");

        await page.GetByLabel("Carteirinha ou CPF").FillAsync("529.982.247-25");
        await page.GetByRole(AriaRole.Button, new() { Name = "Buscar" }).ClickAsync();

        var result = page.GetByRole(AriaRole.Region, new() { Name = "Resultado da busca" });
        await Assertions.Expect(result).ToContainTextAsync("Maria Aparecida da Silva");
        await Assertions.Expect(result).ToContainTextAsync("João Carlos da Silva");
        await Assertions.Expect(result).ToContainTextAsync("Pedro Henrique da Silva");
        await Assertions.Expect(result).ToContainTextAsync("(11) *****-4321");
        await Assertions.Expect(result).ToContainTextAsync("o token vai para o celular e o e-mail do titular");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDir, "lookup-holder.png"), FullPage = true });
    }

    [Fact]
    public async Task AMistypedCpfGetsAMessageAndNoResult()
    {
        var page = await browser.NewPageAsync();
        await BrowserFixture.LoginAsync(page, "recepcao@demo.local");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await page.GetByLabel("Carteirinha ou CPF").FillAsync("529.982.247-24");
        await page.GetByLabel("Carteirinha ou CPF").PressAsync("Enter");
        await Assertions.Expect(page.GetByText("CPF inválido: confira os dígitos digitados.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = "Resultado da busca" })).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDir, "lookup-invalid.png"), FullPage = true });
    }

    [Fact]
    public async Task ADentistOfTwoClinicsChoosesOneAndSeesItInTheAppBar()
    {
        var page = await browser.NewPageAsync();
        await BrowserFixture.LoginAsync(page, "dentista2@demo.local");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("SelecionarClinica"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDir, "choose-clinic.png"), FullPage = true });
        await page.GetByLabel(new Regex("Clínica Dental Savassi")).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Continuar" }).ClickAsync();
        await BrowserFixture.WaitForInteractiveAsync(page);
        await Assertions.Expect(page.GetByLabel("Clínica atual")).ToContainTextAsync("Clínica Dental Savassi");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDir, "home-savassi.png"), FullPage = true });
    }
}
