using System.Text.RegularExpressions;
using DentistPortal.Features.Tokens;
using DentistPortal.Features.Treatments;
using DentistPortal.Infrastructure.Data;
using DentistPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace DentistPortal.Tests.EndToEnd;

/// <summary>
/// Issue 6, Portal do Cliente: the patient sees a fresh token with its code, reports it as not requested, and the
/// dentist's treatment page — open in another browser, never reloaded — shows it cancelled. Debian Chromium.
/// </summary>
[Collection(BrowserCollection.Name)]
public partial class PatientReportsUnsolicitedCode(BrowserFixture browser)
{
    [GeneratedRegex(@"codigo (\d{6}) para confirmar este celular")]
    private static partial Regex ConfirmationSms();

    private static string Shot(string name) => Path.Combine(BrowserFixture.ScreenshotDir, name);

    /// <summary>The dentist's part, through the same handlers the chair screens use: a treatment with a token just sent.</summary>
    private async Task<string> TreatmentWithFreshTokenAsync(string cpfOrCard)
    {
        using var scope = browser.Portal.Services.CreateScope();
        var sp = scope.ServiceProvider;
        var dentist = await DemoActors.ForAsync(browser.Portal.Services, "dentista@demo.local", DemoActors.SaoPauloCnpj);
        await using var db = await sp.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var created = await sp.GetRequiredService<CreateTreatmentHandler>().HandleAsync(new(await LookupReferences.ForAsync(browser.Portal.Services, dentist, cpfOrCard), [new("81000030", null, null, null)]), dentist);
        Assert.True(created.IsOk, string.Join("; ", created.Errors));
        Assert.True((await sp.GetRequiredService<SubmitForAuthorizationHandler>().HandleAsync(new(created.Value!.Id), dentist)).IsOk);
        var generated = await sp.GetRequiredService<GenerateTokenHandler>().HandleAsync(new(created.Value.Id), dentist);
        Assert.True(generated.IsOk, string.Join("; ", generated.Errors));
        return created.Value.Number;
    }

    /// <summary>The code of the newest contact-change SMS in the development inbox.</summary>
    private async Task<string> ReadConfirmationCodeAsync()
    {
        var inbox = await browser.NewDevInboxPageAsync();
        try
        {
            for (var i = 0; i < 40; i++)
            {
                await inbox.GotoAsync("/dev/mensagens");
                foreach (var body in await inbox.Locator("[data-testid=dev-message][data-channel=Sms] pre").AllInnerTextsAsync())
                    if (ConfirmationSms().Match(body) is { Success: true } m) return m.Groups[1].Value;
                await Task.Delay(250);
            }
        }
        finally
        {
            await inbox.Context.CloseAsync();
        }
        throw new InvalidOperationException("No confirmation SMS reached the development inbox.");
    }

    [Fact]
    public async Task ThePatientReportsAFreshCodeAndTheDentistsOpenPageShowsItCancelledLive()
    {
        // Her husband's token: an adult dependent with his own mobile, private to him (issue 9 §7); her son's (10): hers to see.
        var forJoao = await TreatmentWithFreshTokenAsync("31415926590");
        var forPedro = await TreatmentWithFreshTokenAsync("9876540000010030");
        var number = await TreatmentWithFreshTokenAsync("52998224725");

        // The dentist has the treatment open (e.g. about to type the code).
        var dentist = await browser.OpenSignedInAsync("dentista@demo.local", $"/tratamentos/{number}");
        await Assertions.Expect(dentist.Locator("[data-testid=current-token] [data-token-status=active]")).ToBeVisibleAsync();
        await dentist.EvaluateAsync("() => { window.__notReloaded = true; }");

        // The patient, in another browser context, signs in to the Portal do Cliente.
        var patient = await browser.OpenSignedInAsync("paciente@demo.local", "/portal");
        await Assertions.Expect(patient.GetByRole(AriaRole.Heading, new() { Name = "Meus tokens", Level = 1 })).ToBeVisibleAsync();
        var card = patient.Locator($"[data-testid=my-token][data-number='{number}']");
        await Assertions.Expect(card).ToHaveAttributeAsync("data-token-status", "active");
        await Assertions.Expect(card).ToContainTextAsync("Maria Aparecida da Silva");
        await Assertions.Expect(card).ToContainTextAsync("Dra. Ana Beatriz Ferreira");
        await Assertions.Expect(card).ToContainTextAsync("Clínica Sorriso Paulista");
        await Assertions.Expect(card).ToContainTextAsync("Válido até");

        // The code on the portal is the one the SMS carried.
        var dependents = patient.Locator($"[data-testid=my-token][data-number='{forPedro}']");
        await Assertions.Expect(dependents).ToContainTextAsync("Pedro Henrique da Silva (seu dependente)");
        await Assertions.Expect(dependents.Locator("[data-testid=token-code]")).ToHaveTextAsync(new Regex(@"^\d{3} \d{3}$"));
        await Assertions.Expect(patient.Locator($"[data-testid=my-token][data-number='{forJoao}']")).ToHaveCountAsync(0);
        await Assertions.Expect(patient.Locator("[data-testid=my-token]", new() { HasText = "João Carlos" })).ToHaveCountAsync(0);

        var shown = (await card.Locator("[data-testid=token-code]").InnerTextAsync()).Replace(" ", "", StringComparison.Ordinal);
        var sent = await DevInbox.ReadSmsCodeAsync(browser, number);
        Assert.Equal(sent, shown);
        await card.ScrollIntoViewIfNeededAsync();
        await patient.ScreenshotAsync(new() { Path = Shot("portal-my-tokens.png"), FullPage = true });

        await card.GetByRole(AriaRole.Button, new() { Name = "Não solicitei este código" }).ClickAsync();
        await Assertions.Expect(card.Locator("[data-testid=report-confirm]")).ToContainTextAsync("Você não pediu este código?");
        await card.ScreenshotAsync(new() { Path = Shot("portal-report-confirm.png") });
        await card.GetByRole(AriaRole.Button, new() { Name = "Sim, cancelar o código" }).ClickAsync();

        await Assertions.Expect(patient.Locator("[data-testid=portal-message]")).ToContainTextAsync($"Cancelamos o código do tratamento nº {number}");
        await Assertions.Expect(patient.Locator("[data-testid=portal-message]")).ToContainTextAsync("A operadora vai analisar");
        await Assertions.Expect(card).ToHaveAttributeAsync("data-token-status", "revoked");
        await Assertions.Expect(card.Locator("[data-testid=token-code]")).ToHaveCountAsync(0);
        await Assertions.Expect(card.GetByRole(AriaRole.Button, new() { Name = "Não solicitei este código" })).ToHaveCountAsync(0);
        await patient.ScreenshotAsync(new() { Path = Shot("portal-token-reported.png"), FullPage = true });

        // The dentist's page updated by itself.
        await Assertions.Expect(dentist.Locator("[data-testid=current-token] [data-token-status=revoked]")).ToHaveTextAsync("Cancelado (código não solicitado)");
        // Issue 14: said at once to a screen reader, by the assertive region that was already in the page.
        await Assertions.Expect(dentist.Locator("[data-testid=token-live-alert]")).ToHaveAttributeAsync("aria-live", "assertive");
        await Assertions.Expect(dentist.Locator("[data-testid=token-live-alert]")).ToContainTextAsync("o paciente cancelou o token");
        await Assertions.Expect(dentist.Locator("#token-code")).ToHaveCountAsync(0);
        await Assertions.Expect(dentist.Locator("[data-testid=timeline-entry]", new() { HasText = "Token cancelado pelo beneficiário" })).ToHaveCountAsync(1);
        Assert.True(await dentist.EvaluateAsync<bool>("() => window.__notReloaded === true"));
        await dentist.ScreenshotAsync(new() { Path = Shot("dentist-sees-revoked-token.png"), FullPage = true });
    }

    /// <summary>João's own Portal do Cliente login (the demo has none): his contacts are his alone (issue 9 §7).</summary>
    private async Task JoaoLoginAsync()
    {
        using var scope = browser.Portal.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<DentistPortal.Infrastructure.Identity.ApplicationUser>>();
        if (await users.FindByEmailAsync(JoaoLogin) is not null) return;
        var user = new DentistPortal.Infrastructure.Identity.ApplicationUser { UserName = JoaoLogin, Email = JoaoLogin, EmailConfirmed = true, FullName = "João Carlos da Silva" };
        Assert.True((await users.CreateAsync(user, LoginHelper.DemoPassword)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, DentistPortal.Domain.Access.Roles.Beneficiary)).Succeeded);
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        (await db.Beneficiaries.SingleAsync(b => b.Cpf == "31415926590")).UserId = user.Id;
        await db.SaveChangesAsync();
    }

    private const string JoaoLogin = "joao@teste.local";

    [Fact]
    public async Task AnAdultDependentChangesHisOwnMobileAndTheHolderDoesNotSeeIt()
    {
        // Maria's contacts page lists her and Pedro, not João (an adult with his own mobile).
        var holder = await browser.OpenSignedInAsync("paciente@demo.local", "/portal/contatos");
        await Assertions.Expect(holder.Locator("[data-testid=contact-card]", new() { HasText = "Pedro Henrique da Silva" })).ToHaveCountAsync(1);
        await Assertions.Expect(holder.Locator("[data-testid=contact-card]", new() { HasText = "João Carlos da Silva" })).ToHaveCountAsync(0);

        await JoaoLoginAsync();
        var patient = await browser.OpenSignedInAsync(JoaoLogin, "/portal/contatos");
        var joao = patient.Locator("[data-testid=contact-card]", new() { HasText = "João Carlos da Silva" });
        await Assertions.Expect(joao.Locator("[data-testid=current-mobile]")).ToHaveTextAsync("(11) *****-3210");
        await patient.ScreenshotAsync(new() { Path = Shot("portal-contacts.png"), FullPage = true });

        await joao.GetByRole(AriaRole.Button, new() { Name = "Alterar celular de João Carlos da Silva" }).ClickAsync();
        await joao.GetByLabel("Novo celular com DDD").FillAsync("(11) 97123-4567");
        await joao.GetByRole(AriaRole.Button, new() { Name = "Enviar código" }).ClickAsync();
        await Assertions.Expect(joao.Locator("[data-testid=pending-change]")).ToContainTextAsync("Enviamos um código de 6 números por SMS para o novo celular (11) *****-4567");
        await Assertions.Expect(joao.Locator("[data-testid=current-mobile]")).ToHaveTextAsync("(11) *****-3210"); // nothing changed yet
        await patient.ScreenshotAsync(new() { Path = Shot("portal-contact-code-sent.png"), FullPage = true });

        var code = await ReadConfirmationCodeAsync();
        await joao.GetByLabel("Código de confirmação").FillAsync(code);
        await joao.GetByRole(AriaRole.Button, new() { Name = "Confirmar" }).ClickAsync();
        await Assertions.Expect(joao.Locator("[data-testid=contact-message]")).ToContainTextAsync("Pronto: o seu celular agora é (11) *****-4567");
        await Assertions.Expect(joao.Locator("[data-testid=current-mobile]")).ToHaveTextAsync("(11) *****-4567");
        await patient.ScreenshotAsync(new() { Path = Shot("portal-contact-changed.png"), FullPage = true });
    }
}
