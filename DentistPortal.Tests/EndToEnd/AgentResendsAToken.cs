using System.Text.RegularExpressions;
using DentistPortal.Features.Tokens;
using DentistPortal.Features.Treatments;
using DentistPortal.Infrastructure.Data;
using DentistPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace DentistPortal.Tests.EndToEnd;

/// <summary>Issue 6's call-centre flow in Debian Chromium: the agent finds the caller, checks identity, resends the token, reads it out.</summary>
[Collection(BrowserCollection.Name)]
public class AgentResendsAToken(BrowserFixture browser)
{
    /// <summary>The dentist's part, through the handlers the chair screens use: Maria's treatment with an active token.</summary>
    private async Task<string> MariasTreatmentWithAnActiveTokenAsync()
    {
        using var scope = browser.Portal.Services.CreateScope();
        var sp = scope.ServiceProvider;
        var dentist = await DemoActors.ForAsync(browser.Portal.Services, "dentista@demo.local", DemoActors.SaoPauloCnpj);
        await using var db = await sp.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var maria = await LookupReferences.ForAsync(browser.Portal.Services, dentist, "52998224725");
        var created = await sp.GetRequiredService<CreateTreatmentHandler>().HandleAsync(new(maria, [new("81000030", null, null, null)]), dentist);
        Assert.True(created.IsOk, string.Join("; ", created.Errors));
        Assert.True((await sp.GetRequiredService<SubmitForAuthorizationHandler>().HandleAsync(new(created.Value!.Id), dentist)).IsOk);
        Assert.True((await sp.GetRequiredService<GenerateTokenHandler>().HandleAsync(new(created.Value.Id), dentist)).IsOk);
        return created.Value.Number;
    }

    /// <summary>Waits until the development inbox holds <paramref name="expected"/> e-mails for the treatment.</summary>
    private async Task WaitForEmailsAsync(string number, int expected, string? screenshot = null)
    {
        var inbox = await browser.NewDevInboxPageAsync();
        try
        {
            var count = 0;
            for (var i = 0; i < 60 && count != expected; i++)
            {
                if (i > 0) await Task.Delay(250);
                await inbox.GotoAsync("/dev/mensagens");
                count = await inbox.Locator("[data-testid=dev-message][data-channel=Email]", new() { HasText = $"tratamento {number}" }).CountAsync();
            }
            Assert.Equal(expected, count);
            if (screenshot is not null)
                await inbox.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDir, screenshot), FullPage = true });
        }
        finally
        {
            await inbox.Context.CloseAsync();
        }
    }

    /// <summary>Full-page screenshot from the top (a scrolled page would paint the fixed app bar mid-page).</summary>
    private static async Task ScreenshotAsync(IPage page, string name)
    {
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDir, name), FullPage = true });
    }

    private static async Task OpenCentralAsync(IPage page)
    {
        await BrowserFixture.LoginAsync(page, "central@demo.local");
        await page.GotoAsync("/central");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Central de Atendimento", Level = 1 })).ToBeVisibleAsync();
    }

    private static async Task SearchAsync(IPage page, string term)
    {
        await page.GetByLabel("CPF, carteirinha ou nome").FillAsync(term);
        await page.GetByRole(AriaRole.Button, new() { Name = "Buscar" }).ClickAsync();
    }

    private static async Task AnswerAsync(IPage page, string birth, string cpfStart)
    {
        await page.GetByLabel("Data de nascimento").FillAsync(birth);
        await page.GetByLabel("3 primeiros dígitos do CPF").FillAsync(cpfStart);
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirmar identidade" }).ClickAsync();
    }

    [Fact]
    public async Task TheAgentFindsMariaByCpfPassesTheCheckAndResendsTheTokenByEmail()
    {
        var number = await MariasTreatmentWithAnActiveTokenAsync();
        await WaitForEmailsAsync(number, 1); // the generation's own e-mail

        var page = await browser.NewPageAsync();
        await OpenCentralAsync(page);
        await SearchAsync(page, "529.982.247-25");
        // One match: straight to the identity check, which shows no birth date of its own.
        await Assertions.Expect(page.Locator("[data-testid=cc-match]")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("[data-testid=cc-match]")).ToContainTextAsync("ano 1985");
        await Assertions.Expect(page.Locator("[data-testid=identity-panel]")).ToContainTextAsync("Maria Aparecida da Silva");
        await ScreenshotAsync(page, "central-identity-check.png");

        await AnswerAsync(page, "12/03/1985", "529");
        await Assertions.Expect(page.Locator("[data-testid=identity-passed]")).ToContainTextAsync("Identidade confirmada");
        var card = page.Locator($"[data-testid=cc-token][data-number='{number}']");
        await Assertions.Expect(card).ToBeVisibleAsync();
        await Assertions.Expect(card).ToContainTextAsync("Dra. Ana Beatriz Ferreira");
        await Assertions.Expect(card.Locator("[data-testid=cc-delivery][data-channel=email]")).ToHaveCountAsync(1);

        await card.GetByRole(AriaRole.Button, new() { Name = "Reenviar", Exact = true }).ClickAsync();
        await card.GetByLabel("Motivo do reenvio").FillAsync("Paciente não encontrou o e-mail");
        await ScreenshotAsync(page, "central-resend-choice.png");
        await card.GetByRole(AriaRole.Button, new() { Name = "Reenviar por e-mail para m***@e***.com.br" }).ClickAsync();

        await Assertions.Expect(card.Locator("[data-testid=cc-token-message]")).ToContainTextAsync("Reenvio pedido: e-mail para m***@e***.com.br");
        var emails = card.Locator("[data-testid=cc-delivery][data-channel=email]");
        await Assertions.Expect(emails).ToHaveCountAsync(2);
        // The dispatcher sends it and the row follows live, without reloading.
        await Assertions.Expect(emails.Nth(1)).ToContainTextAsync("Enviado", new() { Timeout = 20_000 });
        await Assertions.Expect(emails.Nth(1).Locator("[data-testid=cc-resend-mark]")).ToBeVisibleAsync();
        await ScreenshotAsync(page, "central-resent.png");

        await WaitForEmailsAsync(number, 2, screenshot: "central-dev-inbox.png");

        // Reading it out: the same code the e-mails carry, shown big, after a reason.
        var code = await DevInbox.ReadEmailCodeAsync(browser, number);
        await card.GetByRole(AriaRole.Button, new() { Name = "Informar código por telefone" }).ClickAsync();
        await card.GetByLabel("Motivo para ver o código").FillAsync("Paciente sem acesso ao e-mail agora");
        await card.GetByRole(AriaRole.Button, new() { Name = "Mostrar código" }).ClickAsync();
        await Assertions.Expect(card.Locator("[data-testid=revealed-code]")).ToContainTextAsync(new Regex($@"{code[..3]}\s{code[3..]}"));
        await ScreenshotAsync(page, "central-code-revealed.png");
        await card.GetByRole(AriaRole.Button, new() { Name = "Ocultar código" }).ClickAsync();
        await Assertions.Expect(card.Locator("[data-testid=revealed-code]")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task AFailedCheckBlocksTheCallUntilNovaLigacao()
    {
        var page = await browser.NewPageAsync();
        await OpenCentralAsync(page);
        await SearchAsync(page, "joão carlos");
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^(Atender|Em atendimento:) João Carlos da Silva$") }).ClickAsync();
        await AnswerAsync(page, "30/08/1984", "314");
        var blocked = page.Locator("[data-testid=identity-blocked]");
        await Assertions.Expect(blocked).ToContainTextAsync("Identidade não confirmada");
        await Assertions.Expect(blocked).ToContainTextAsync("Nova ligação");
        await Assertions.Expect(page.Locator("[data-testid=cc-tokens]")).ToHaveCountAsync(0);
        await ScreenshotAsync(page, "central-blocked.png");

        var call = await page.Locator("[data-testid=call-bar]").GetAttributeAsync("data-call");
        await page.GetByRole(AriaRole.Button, new() { Name = "Nova ligação" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=call-bar]")).Not.ToHaveAttributeAsync("data-call", call!);
        await Assertions.Expect(page.Locator("[data-testid=identity-panel]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByLabel("CPF, carteirinha ou nome")).ToHaveValueAsync("");

        // The new call may check João again, and this time the answers are right.
        await SearchAsync(page, "314.159.265-90");
        await AnswerAsync(page, "30/08/1983", "314");
        await Assertions.Expect(page.Locator("[data-testid=identity-passed]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=cc-tokens]")).ToBeVisibleAsync();
    }
}
