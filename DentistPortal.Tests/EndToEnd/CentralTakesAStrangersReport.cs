using System.Text.RegularExpressions;
using DentistPortal.Domain.Messaging;
using DentistPortal.Domain.Tokens;
using DentistPortal.Features.Tokens;
using DentistPortal.Features.Treatments;
using DentistPortal.Infrastructure.Data;
using DentistPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace DentistPortal.Tests.EndToEnd;

/// <summary>
/// Issue 9 §6 in Debian Chromium: a stranger calls the Central about a code for Gustavo's treatment that reached their
/// phone. The agent types the number and the last 4 digits; the screen says only "Registrado" — the same for a number
/// that does not exist. The dentist's next lookup of Gustavo warns that the contact is probably wrong, and the
/// new-treatment link carries the lookup's opaque reference, not the id (issue 9 §2).
/// </summary>
[Collection(BrowserCollection.Name)]
public partial class CentralTakesAStrangersReport(BrowserFixture browser)
{
    private const string GustavoCpf = "17320508052";

    [GeneratedRegex("/beneficiarios/([A-Za-z0-9_-]{22})/novo-tratamento$")]
    private static partial Regex ReferenceRoute();

    private static string Shot(string name) => Path.Combine(BrowserFixture.ScreenshotDir, name);

    private async Task<(int TokenId, string Number, string Last4)> GustavosFreshTokenAsync()
    {
        using var scope = browser.Portal.Services.CreateScope();
        var sp = scope.ServiceProvider;
        var dentist = await DemoActors.ForAsync(browser.Portal.Services, "dentista@demo.local", DemoActors.SaoPauloCnpj);
        var created = await sp.GetRequiredService<CreateTreatmentHandler>().HandleAsync(
            new(await LookupReferences.ForAsync(browser.Portal.Services, dentist, GustavoCpf), [new("81000030", null, null, null)]), dentist);
        Assert.True(created.IsOk, string.Join("; ", created.Errors));
        Assert.True((await sp.GetRequiredService<SubmitForAuthorizationHandler>().HandleAsync(new(created.Value!.Id), dentist)).IsOk);
        var generated = await sp.GetRequiredService<GenerateTokenHandler>().HandleAsync(new(created.Value.Id), dentist);
        Assert.True(generated.IsOk, string.Join("; ", generated.Errors));
        await using var db = await sp.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var sms = await db.Deliveries.FirstAsync(d => d.TokenId == generated.Value!.TokenId && d.Channel == DeliveryChannel.Sms);
        return (generated.Value!.TokenId, created.Value.Number, sms.Destination[^4..]);
    }

    [Fact]
    public async Task TheAgentSeesOnlyRegistradoAndTheDentistsLookupWarnsAboutTheContact()
    {
        var (tokenId, number, last4) = await GustavosFreshTokenAsync();

        var agent = await browser.OpenSignedInAsync("central@demo.local", "/central");
        var panel = agent.GetByRole(AriaRole.Region, new() { Name = "Recebeu um código sem ter pedido?" });
        await panel.GetByLabel("Nº do tratamento (na mensagem)").FillAsync(number);
        await panel.GetByLabel("4 últimos dígitos do celular").FillAsync(last4);
        await agent.ScreenshotAsync(new() { Path = Shot("central-unsolicited-form.png"), FullPage = true });
        await panel.GetByRole(AriaRole.Button, new() { Name = "Registrar" }).ClickAsync();
        var registered = panel.Locator("[data-testid=unsolicited-registered]");
        await Assertions.Expect(registered).ToContainTextAsync("Registrado");
        var realAnswer = await panel.InnerTextAsync();
        await agent.ScreenshotAsync(new() { Path = Shot("central-unsolicited-registered.png"), FullPage = true });
        Assert.DoesNotContain("Gustavo", realAnswer);
        Assert.DoesNotContain(number, realAnswer);

        // A number that does not exist: exactly the same screen.
        await panel.GetByRole(AriaRole.Button, new() { Name = "Registrar outro relato" }).ClickAsync();
        await panel.GetByLabel("Nº do tratamento (na mensagem)").FillAsync("2026999998");
        await panel.GetByLabel("4 últimos dígitos do celular").FillAsync("1234");
        await panel.GetByRole(AriaRole.Button, new() { Name = "Registrar" }).ClickAsync();
        await Assertions.Expect(registered).ToContainTextAsync("Registrado");
        Assert.Equal(realAnswer, await panel.InnerTextAsync());

        using (var scope = browser.Portal.Services.CreateScope())
        {
            await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
            Assert.Equal(TokenStatus.Revoked, (await db.Tokens.SingleAsync(t => t.Id == tokenId)).Status);
            Assert.True((await db.UnsolicitedReports.SingleAsync(r => r.TokenId == tokenId)).CallerPhoneMatched);
        }

        // The dentist looks Gustavo up: the card warns; "Novo tratamento" carries the lookup's reference.
        var page = await browser.NewPageAsync();
        await BrowserFixture.LoginAsync(page, "dentista@demo.local");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await page.GetByLabel("Carteirinha ou CPF").FillAsync("173.205.080-52");
        await page.GetByRole(AriaRole.Button, new() { Name = "Buscar" }).ClickAsync();
        var result = page.GetByRole(AriaRole.Region, new() { Name = "Resultado da busca" });
        await Assertions.Expect(result.Locator("[data-testid=contact-warning]")).ToHaveTextAsync("Contato possivelmente incorreto: confirme com o paciente.");
        await page.ScreenshotAsync(new() { Path = Shot("lookup-contact-warning.png"), FullPage = true });

        await result.GetByRole(AriaRole.Link, new() { Name = "Novo tratamento" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Novo tratamento" })).ToBeVisibleAsync();
        await Assertions.Expect(page).ToHaveURLAsync(ReferenceRoute());
        await Assertions.Expect(page.GetByText("Gustavo Pires Teixeira").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=contact-warning]")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Shot("new-treatment-by-reference.png"), FullPage = true });
    }
}
