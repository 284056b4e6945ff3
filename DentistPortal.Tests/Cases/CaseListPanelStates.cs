using AngleSharp.Dom;
using Bunit;
using DentistPortal.Components.Pages.Admin;
using DentistPortal.Domain.Tokens;
using DentistPortal.Features.Cases;
using DentistPortal.Features.Common;
using DentistPortal.Tests.Infrastructure;
using DentistPortal.Tests.Review;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Tests.Cases;

/// <summary>The cases screen in its states (bUnit, real handlers on the fixture's database).</summary>
public class CaseListPanelStates(TestDatabase database) : IClassFixture<TestDatabase>
{
    private readonly OperatorScenario scenario = new(database);

    private static IRenderedComponent<CaseListPanel> Render(BunitContext ctx, Actor actor)
    {
        var cut = ctx.Render<CaseListPanel>(p => p.Add(x => x.Actor, actor));
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[aria-label='Carregando os casos']")));
        return cut;
    }

    private static IElement Row(IRenderedComponent<CaseListPanel> cut, int caseId) => cut.Find($"[data-testid=case-row][data-case='{caseId}']");

    private static Task ClickAsync(IElement scope, string text) =>
        scope.QuerySelectorAll("button").Single(b => b.TextContent.Trim() == text).ClickAsync(new());

    [Fact]
    public async Task AnOpenCaseShowsItsTreatmentClinicAndTheActions()
    {
        var c = await scenario.ReportedCaseAsync();
        await using var ctx = DentistPortal.Tests.Components.ComponentContext.Create(database);

        var cut = Render(ctx, await scenario.AdminAsync());

        var row = Row(cut, c.CaseId);
        Assert.Equal("Open", row.GetAttribute("data-status"));
        Assert.Contains(c.Number, row.TextContent);
        Assert.Contains("Clínica Sorriso Paulista", row.TextContent);
        Assert.Contains("Dra. Ana Beatriz Ferreira", row.TextContent);
        Assert.Contains("Central de Atendimento", row.TextContent);
        Assert.Contains("Aberto", row.QuerySelector("[data-testid=case-status]")!.TextContent);
        Assert.Contains(row.QuerySelectorAll("button"), b => b.TextContent.Trim() == "Atribuir a mim");
        Assert.Contains(row.QuerySelectorAll("button"), b => b.TextContent.Trim() == "Encerrar");
    }

    [Fact]
    public async Task AtribuirAMimPutsTheAdminsNameOnTheCase()
    {
        var c = await scenario.ReportedCaseAsync();
        await using var ctx = DentistPortal.Tests.Components.ComponentContext.Create(database);
        var cut = Render(ctx, await scenario.AdminAsync());

        await ClickAsync(Row(cut, c.CaseId), "Atribuir a mim");

        cut.WaitForAssertion(() =>
        {
            var row = Row(cut, c.CaseId);
            Assert.Equal("Assigned", row.GetAttribute("data-status"));
            Assert.Contains("com Sérgio Tavares", row.TextContent);
            Assert.DoesNotContain(row.QuerySelectorAll("button"), b => b.TextContent.Trim() == "Atribuir a mim");
            Assert.Contains($"Caso nº {c.CaseId} atribuído a você", cut.Find("[data-testid=case-message]").TextContent);
        });
    }

    [Fact]
    public async Task ClosingWithoutAnOutcomeIsExplainedAndWithOneTheCaseLeavesThePendingList()
    {
        var c = await scenario.ReportedCaseAsync();
        await using var ctx = DentistPortal.Tests.Components.ComponentContext.Create(database);
        var cut = Render(ctx, await scenario.AdminAsync());

        await ClickAsync(Row(cut, c.CaseId), "Encerrar");
        var panel = cut.Find("[data-testid=close-case]");
        Assert.Contains($"Encerrar o caso nº {c.CaseId}", panel.TextContent);
        Assert.Equal(CaseRules.Outcomes.Count, panel.QuerySelectorAll("input[type=radio]").Length);
        await ClickAsync(panel, "Encerrar caso");
        cut.WaitForAssertion(() => Assert.Contains("Escolha o desfecho", cut.Find("[data-testid=close-error]").TextContent));

        await cut.Find($"[data-testid=close-case] input[value='{CaseRules.Outcomes[1]}']").ChangeAsync(new() { Value = CaseRules.Outcomes[1] });
        await cut.Find("[data-testid=close-case] textarea").InputAsync(new() { Value = "Clínica confirmou o erro de digitação." });
        await ClickAsync(cut.Find("[data-testid=close-case]"), "Encerrar caso");

        cut.WaitForAssertion(() =>
        {
            Assert.Contains($"Caso nº {c.CaseId} encerrado", cut.Find("[data-testid=case-message]").TextContent);
            Assert.Empty(cut.FindAll($"[data-testid=case-row][data-case='{c.CaseId}']"));
            Assert.Empty(cut.FindAll("[data-testid=close-case]"));
        });
        await using var db = await scenario.ContextAsync();
        var report = await db.UnsolicitedReports.SingleAsync(r => r.Id == c.CaseId);
        Assert.Equal(ReportStatus.Closed, report.Status);
        Assert.Equal($"{CaseRules.Outcomes[1]} — Clínica confirmou o erro de digitação.", report.Outcome);
    }

    [Fact]
    public async Task ACaseWithAColleagueCannotBeClosedHereUntilTaken()
    {
        var c = await scenario.ReportedCaseAsync();
        var colleague = await scenario.NewUserAsync("admin.tela@demo.local", "Beatriz Nogueira", DentistPortal.Domain.Access.Roles.Admin);
        Assert.True((await scenario.Handler<AssignCaseHandler>().HandleAsync(new(c.CaseId, colleague.UserId), await scenario.AdminAsync())).IsOk);
        await using var ctx = DentistPortal.Tests.Components.ComponentContext.Create(database);
        var cut = Render(ctx, await scenario.AdminAsync());

        await ClickAsync(Row(cut, c.CaseId), "Encerrar");
        await cut.Find($"[data-testid=close-case] input[value='{CaseRules.Outcomes[0]}']").ChangeAsync(new() { Value = CaseRules.Outcomes[0] });
        await ClickAsync(cut.Find("[data-testid=close-case]"), "Encerrar caso");

        cut.WaitForAssertion(() => Assert.Contains("está com Beatriz Nogueira. Atribua-o a você", cut.Find("[data-testid=close-error]").TextContent));
        Assert.Equal("Assigned", Row(cut, c.CaseId).GetAttribute("data-status"));
    }

    [Fact]
    public async Task OtherRolesAreToldTheyHaveNoAccess()
    {
        await scenario.ReportedCaseAsync();
        var auditor = await scenario.AuditorAsync();
        await using var ctx = DentistPortal.Tests.Components.ComponentContext.Create(database);

        var cut = ctx.Render<CaseListPanel>(p => p.Add(x => x.Actor, auditor));

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=case-forbidden]")));
        Assert.Empty(cut.FindAll("[data-testid=case-row]"));
    }
}
