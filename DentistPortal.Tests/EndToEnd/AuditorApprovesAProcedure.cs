using DentistPortal.Features.Tokens;
using DentistPortal.Features.Treatments;
using DentistPortal.Infrastructure.Data;
using DentistPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace DentistPortal.Tests.EndToEnd;

/// <summary>
/// Issue 6's auditor flow side by side in two browsers: the dentist waits on a treatment whose only procedure is
/// under review; the auditor approves it; the dentist's page, never reloaded, can now generate the token.
/// And the back office's screens for the same kind of work (cases, audit trail).
/// </summary>
[Collection(BrowserCollection.Name)]
public class AuditorApprovesAProcedure(BrowserFixture browser)
{
    private static string Shot(string name) => Path.Combine(BrowserFixture.ScreenshotDir, name);

    /// <summary>
    /// The dentist's part, through the handlers the chair screens use: Maria, root canal on tooth 36, sent for
    /// authorization (it goes to the auditor's queue); returns the treatment number. Also the keyboard walk's setup.
    /// </summary>
    public static async Task<string> TreatmentUnderReviewAsync(PortalFactory portal)
    {
        using var scope = portal.Services.CreateScope();
        var sp = scope.ServiceProvider;
        var dentist = await DemoActors.ForAsync(portal.Services, "dentista@demo.local", DemoActors.SaoPauloCnpj);
        var maria = await LookupReferences.ForAsync(portal.Services, dentist, TokenScenario.MariaCpf);
        var created = await sp.GetRequiredService<CreateTreatmentHandler>().HandleAsync(new(maria, [new("85200158", 36, null, null)]), dentist);
        Assert.True(created.IsOk, string.Join("; ", created.Errors));
        Assert.True((await sp.GetRequiredService<SubmitForAuthorizationHandler>().HandleAsync(new(created.Value!.Id), dentist)).IsOk);
        return created.Value.Number;
    }

    [Fact]
    public async Task TheDentistsOpenPageCanGenerateTheTokenOnceTheAuditorApproves()
    {
        var number = await TreatmentUnderReviewAsync(browser.Portal);

        // The dentist has the treatment open and cannot generate a token yet.
        var dentist = await browser.OpenSignedInAsync("dentista@demo.local", $"/tratamentos/{number}");
        var generate = dentist.GetByRole(AriaRole.Button, new() { Name = "Gerar token", Exact = true });
        await Assertions.Expect(generate).ToBeDisabledAsync();
        await Assertions.Expect(dentist.Locator("[data-testid=why-no-token]")).ToContainTextAsync("em análise pela auditoria");
        await Assertions.Expect(dentist.Locator("[data-testid=item][data-authorization=UnderReview]")).ToHaveCountAsync(1);
        await dentist.ScreenshotAsync(new() { Path = Shot("auditor-1-dentist-waiting.png"), FullPage = true });

        // The auditor, in another browser, approves it from the queue.
        var auditor = await browser.OpenSignedInAsync("auditor@demo.local", "/auditoria");
        await Assertions.Expect(auditor.GetByRole(AriaRole.Heading, new() { Name = "Fila de análise da auditoria" })).ToBeVisibleAsync();
        var item = auditor.Locator($"[data-testid=review-item][data-number='{number}']");
        await Assertions.Expect(item).ToContainTextAsync("85200158");
        await Assertions.Expect(item).ToContainTextAsync("dente 36");
        await Assertions.Expect(item).ToContainTextAsync("Maria Aparecida da Silva");
        await Assertions.Expect(item).ToContainTextAsync("Clínica Sorriso Paulista");
        await item.GetByLabel("Motivo (obrigatório para negar) ou observação").FillAsync("Conforme radiografia periapical apresentada.");
        await auditor.ScreenshotAsync(new() { Path = Shot("auditor-2-queue.png"), FullPage = true });
        await item.GetByRole(AriaRole.Button, new() { Name = "Aprovar" }).ClickAsync();
        await Assertions.Expect(auditor.Locator("[data-testid=review-message]")).ToContainTextAsync($"tratamento nº {number} autorizado");
        await Assertions.Expect(auditor.Locator("[data-testid=review-message]")).ToContainTextAsync("já pode gerar o token");
        await Assertions.Expect(item).ToHaveCountAsync(0);
        await auditor.ScreenshotAsync(new() { Path = Shot("auditor-3-approved.png"), FullPage = true });

        // The dentist's page, not reloaded, follows.
        await Assertions.Expect(dentist.Locator("[data-testid=item][data-authorization=Authorized]")).ToContainTextAsync("Autorizado");
        await Assertions.Expect(generate).ToBeEnabledAsync();
        await Assertions.Expect(dentist.Locator("[data-testid=why-no-token]")).ToHaveCountAsync(0);
        await dentist.ScreenshotAsync(new() { Path = Shot("auditor-4-dentist-can-generate.png"), FullPage = true });
        await generate.ClickAsync();
        await Assertions.Expect(dentist.Locator("[data-token-status=active]")).ToBeVisibleAsync();

        await dentist.Context.CloseAsync();
        await auditor.Context.CloseAsync();
    }

    [Fact]
    public async Task TheBackOfficeClosesAnUnsolicitedCodeCaseAndFindsItInTheTrail()
    {
        // A code Maria did not ask for, reported to the call centre (handlers, as the agent's screen would).
        string number;
        using (var scope = browser.Portal.Services.CreateScope())
        {
            var sp = scope.ServiceProvider;
            var dentist = await DemoActors.ForAsync(browser.Portal.Services, "dentista@demo.local", DemoActors.SaoPauloCnpj);
            var agent = await DemoActors.ForAsync(browser.Portal.Services, "central@demo.local");
            await using var db = await sp.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
            var roberto = await LookupReferences.ForAsync(browser.Portal.Services, dentist, TokenScenario.RobertoCpf);
            var created = await sp.GetRequiredService<CreateTreatmentHandler>().HandleAsync(new(roberto, [new("81000030", null, null, null)]), dentist);
            await sp.GetRequiredService<SubmitForAuthorizationHandler>().HandleAsync(new(created.Value!.Id), dentist);
            var token = await sp.GetRequiredService<GenerateTokenHandler>().HandleAsync(new(created.Value.Id), dentist);
            Assert.True((await sp.GetRequiredService<RevokeTokenHandler>().HandleAsync(new(token.Value!.TokenId, "Diz que não está em tratamento."), agent)).IsOk);
            number = created.Value.Number;
        }

        var admin = await browser.OpenSignedInAsync("admin@demo.local", "/admin/casos");
        var row = admin.Locator("[data-testid=case-row]", new() { HasText = number });
        await Assertions.Expect(row).ToContainTextAsync("Central de Atendimento");
        await admin.ScreenshotAsync(new() { Path = Shot("admin-1-cases.png"), FullPage = true });
        await row.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Atribuir a mim o caso \\d+$") }).ClickAsync();
        await Assertions.Expect(row).ToContainTextAsync("com Sérgio Tavares");
        await row.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Encerrar o caso") }).ClickAsync();
        var panel = admin.Locator("[data-testid=close-case]");
        await panel.GetByRole(AriaRole.Radio, new() { Name = "Sem retorno do beneficiário" }).CheckAsync();
        await panel.GetByLabel("Detalhes (opcional)").FillAsync("Três tentativas de contato sem sucesso.");
        await admin.ScreenshotAsync(new() { Path = Shot("admin-2-closing.png"), FullPage = true });
        await panel.GetByRole(AriaRole.Button, new() { Name = "Encerrar caso" }).ClickAsync();
        await Assertions.Expect(admin.Locator("[data-testid=case-message]")).ToContainTextAsync("encerrado");
        await Assertions.Expect(row).ToHaveCountAsync(0);

        await admin.GotoAsync("/admin/auditoria");
        await BrowserFixture.WaitForInteractiveAsync(admin);
        await Assertions.Expect(admin.GetByRole(AriaRole.Heading, new() { Name = "Trilha de auditoria" })).ToBeVisibleAsync();
        await admin.GetByLabel("Nº do tratamento").FillAsync(number);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Filtrar" }).ClickAsync();
        await Assertions.Expect(admin.Locator("[data-testid=audit-total]")).ToHaveTextAsync("6 registros");
        await Assertions.Expect(admin.Locator("tbody tr").First).ToContainTextAsync("Caso encerrado");
        await Assertions.Expect(admin.Locator("[data-testid=audit-export]")).ToHaveAttributeAsync("href", $"admin/auditoria/exportar.csv?tratamento={number}");
        await admin.ScreenshotAsync(new() { Path = Shot("admin-3-audit-trail.png"), FullPage = true });
        await admin.Context.CloseAsync();
    }
}
