using DentistPortal.Features.Tokens;
using DentistPortal.Features.Treatments;
using DentistPortal.Infrastructure.Data;
using DentistPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace DentistPortal.Tests.EndToEnd;

/// <summary>
/// Issue 9 §5 in a real browser: the beneficiary who opens their own treatment with an active token, and the
/// auditor and the admin, see the treatment but none of the clinic's buttons (which their handlers would refuse).
/// </summary>
[Collection(BrowserCollection.Name)]
public class ViewersSeeOnlyTheirActions(BrowserFixture browser)
{
    private static string Shot(string name) => Path.Combine(BrowserFixture.ScreenshotDir, name);

    /// <summary>Maria's consultation at the São Paulo clinic, authorized, with a token just sent.</summary>
    private async Task<string> TreatmentWithActiveTokenAsync()
    {
        using var scope = browser.Portal.Services.CreateScope();
        var sp = scope.ServiceProvider;
        var dentist = await DemoActors.ForAsync(browser.Portal.Services, "dentista@demo.local", DemoActors.SaoPauloCnpj);
        await using var db = await sp.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var maria = await LookupReferences.ForAsync(browser.Portal.Services, dentist, TokenScenario.MariaCpf);
        var created = await sp.GetRequiredService<CreateTreatmentHandler>().HandleAsync(new(maria, [new("81000030", null, null, null)]), dentist);
        Assert.True(created.IsOk, string.Join("; ", created.Errors));
        Assert.True((await sp.GetRequiredService<SubmitForAuthorizationHandler>().HandleAsync(new(created.Value!.Id), dentist)).IsOk);
        var token = await sp.GetRequiredService<GenerateTokenHandler>().HandleAsync(new(created.Value.Id), dentist);
        Assert.True(token.IsOk, string.Join("; ", token.Errors));
        return created.Value.Number;
    }

    private async Task<IPage> OpenAsAsync(string email, string number)
    {
        var page = await browser.OpenSignedInAsync(email, $"/tratamentos/{number}");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Tratamento nº {number}" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-token-status=active]")).ToBeVisibleAsync();
        return page;
    }

    private static async Task ExpectNoClinicActionsAsync(IPage page)
    {
        foreach (var name in new[] { "Validar token", "Gerar novo token", "Paciente sem celular (token tardio)", "Registrar guia assinada" })
            await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true })).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Imprimir guia de tratamento", Exact = true })).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("input#token-code")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task TheBeneficiarySeesTheirTokenButNoValidarToken()
    {
        var number = await TreatmentWithActiveTokenAsync();
        var page = await OpenAsAsync("paciente@demo.local", number);

        await ExpectNoClinicActionsAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=read-only]")).ToContainTextAsync("Informe o código somente ao dentista");
        await page.ScreenshotAsync(new() { Path = Shot("viewer-1-beneficiary.png"), FullPage = true });
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData("auditor@demo.local", "viewer-2-auditor.png")]
    [InlineData("admin@demo.local", "viewer-3-admin.png")]
    public async Task OperatorRolesReadTheTreatmentWithoutTheClinicsButtons(string email, string screenshot)
    {
        var number = await TreatmentWithActiveTokenAsync();
        var page = await OpenAsAsync(email, number);

        await ExpectNoClinicActionsAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=read-only]")).ToContainTextAsync("Somente consulta");
        await page.ScreenshotAsync(new() { Path = Shot(screenshot), FullPage = true });
        await page.Context.CloseAsync();
    }
}
