using AngleSharp.Dom;
using Bunit;
using DentistPortal.Components.Pages.Auditor;
using DentistPortal.Features.Common;
using DentistPortal.Features.Review;
using DentistPortal.Tests.Components;
using DentistPortal.Tests.Infrastructure;

namespace DentistPortal.Tests.Review;

/// <summary>The auditor's queue screen in each of its states (bUnit, real handlers on the fixture's database).</summary>
public class ReviewQueuePanelStates(TestDatabase database) : IClassFixture<TestDatabase>
{
    private readonly OperatorScenario scenario = new(database);

    private BunitContext Context() => DentistPortal.Tests.Components.ComponentContext.Create(database);

    private static IRenderedComponent<ReviewQueuePanel> Render(BunitContext ctx, Actor actor)
    {
        var cut = ctx.Render<ReviewQueuePanel>(p => p.Add(x => x.Actor, actor));
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[aria-label='Carregando a fila']")));
        return cut;
    }

    private static IElement Item(IRenderedComponent<ReviewQueuePanel> cut, int itemId) => cut.Find($"[data-testid=review-item][data-item='{itemId}']");

    private static Task ClickAsync(IElement scope, string text) =>
        scope.QuerySelectorAll("button").Single(b => b.TextContent.Trim() == text).ClickAsync(new());

    [Fact]
    public async Task TheAuditorSeesEachItemWithWhatToDecideAndBothActions()
    {
        var t = await scenario.OnlyUnderReviewAsync();
        await using var ctx = Context();

        var cut = Render(ctx, await scenario.AuditorAsync());

        var item = Item(cut, t.ItemId);
        Assert.Equal(t.Number, item.GetAttribute("data-number"));
        Assert.Contains("85200158", item.TextContent);
        Assert.Contains("dente 36", item.QuerySelector("[data-testid=review-site]")!.TextContent);
        Assert.Contains("Maria Aparecida da Silva", item.TextContent);
        Assert.Contains("Dra. Ana Beatriz Ferreira (CRO-SP 98765)", item.TextContent);
        Assert.Contains("Clínica Sorriso Paulista", item.TextContent);
        Assert.Contains("este é o único procedimento do tratamento", item.TextContent);
        Assert.NotNull(item.QuerySelector("textarea"));
        Assert.Contains(item.QuerySelectorAll("button"), b => b.TextContent.Trim() == "Aprovar");
        Assert.Contains(item.QuerySelectorAll("button"), b => b.TextContent.Trim() == "Negar");
        Assert.Empty(cut.FindAll("[data-testid=review-readonly]"));
        Assert.Contains("em análise", cut.Find("[data-testid=review-count]").TextContent);
    }

    [Fact]
    public async Task DenyingWithoutAReasonIsExplainedOnTheItemWhichStays()
    {
        var t = await scenario.OnlyUnderReviewAsync();
        await using var ctx = Context();
        var cut = Render(ctx, await scenario.AuditorAsync());

        await ClickAsync(Item(cut, t.ItemId), "Negar");

        cut.WaitForAssertion(() => Assert.Contains("Informe o motivo da negativa", Item(cut, t.ItemId).QuerySelector("[data-testid=review-error]")!.TextContent));
        Assert.Empty(cut.FindAll("[data-testid=review-message]"));
    }

    [Fact]
    public async Task ApprovingSaysTheTokenCanNowBeGeneratedAndTheItemLeaves()
    {
        var t = await scenario.OnlyUnderReviewAsync();
        await using var ctx = Context();
        var cut = Render(ctx, await scenario.AuditorAsync());

        await ClickAsync(Item(cut, t.ItemId), "Aprovar");

        cut.WaitForAssertion(() =>
        {
            var message = cut.Find("[data-testid=review-message]").TextContent;
            Assert.Contains($"tratamento nº {t.Number} autorizado", message);
            Assert.Contains("já pode gerar o token", message);
            Assert.Empty(cut.FindAll($"[data-testid=review-item][data-item='{t.ItemId}']"));
        });
    }

    [Fact]
    public async Task DenyingWithTheReasonTypedTellsWhatTheDentistWillSee()
    {
        var t = await scenario.OnlyUnderReviewAsync();
        await using var ctx = Context();
        var cut = Render(ctx, await scenario.AuditorAsync());

        await Item(cut, t.ItemId).QuerySelector("textarea")!.InputAsync(new() { Value = "Falta radiografia inicial." });
        await ClickAsync(Item(cut, t.ItemId), "Negar");

        cut.WaitForAssertion(() => Assert.Contains("negado. O dentista vê o motivo", cut.Find("[data-testid=review-message]").TextContent));
        Assert.Equal("Falta radiografia inicial.", (await scenario.ItemAsync(t.ItemId)).Reason);
    }

    [Fact]
    public async Task AnItemDecidedMeanwhileElsewhereIsExplainedAndLeavesTheQueue()
    {
        var t = await scenario.OnlyUnderReviewAsync();
        await using var ctx = Context();
        var auditor = await scenario.AuditorAsync();
        var cut = Render(ctx, auditor);
        // Another auditor (or another tab) approves it first.
        Assert.True((await scenario.Handler<DecideReviewItemHandler>().HandleAsync(new(t.ItemId, true, null), auditor)).IsOk);

        await ClickAsync(Item(cut, t.ItemId), "Negar");

        cut.WaitForAssertion(() =>
        {
            var message = cut.Find("[data-testid=review-message]");
            Assert.Contains("já foi autorizado por Dr. Marcelo Rocha", message.TextContent);
            Assert.Contains("mud-alert-text-warning", message.ClassName);
            Assert.Empty(cut.FindAll($"[data-testid=review-item][data-item='{t.ItemId}']"));
        });
    }

    [Fact]
    public async Task ItemsWaitingMoreThanTwoDaysStandOut()
    {
        var t = await scenario.OnlyUnderReviewAsync();
        database.Clock.Advance(TimeSpan.FromDays(3));
        await using var ctx = Context();

        var cut = Render(ctx, await scenario.AuditorAsync());

        var age = Item(cut, t.ItemId).QuerySelector("[data-testid=review-age]")!;
        Assert.Contains("aguardando há 3 dias", age.TextContent);
        Assert.Contains("warning", age.ClassName);
    }

    [Fact]
    public async Task TheBackOfficeSeesTheQueueWithoutActions()
    {
        var t = await scenario.OnlyUnderReviewAsync();
        await using var ctx = Context();

        var cut = Render(ctx, await scenario.AdminAsync());

        Assert.Contains("Somente a auditoria odontológica", cut.Find("[data-testid=review-readonly]").TextContent);
        var item = Item(cut, t.ItemId);
        Assert.Empty(item.QuerySelectorAll("button"));
        Assert.Null(item.QuerySelector("textarea"));
    }

    [Fact]
    public async Task OtherRolesAreToldTheyHaveNoAccess()
    {
        await scenario.OnlyUnderReviewAsync();
        await using var ctx = Context();

        var cut = Render(ctx, await scenario.DentistAsync());

        Assert.NotNull(cut.Find("[data-testid=review-forbidden]"));
        Assert.Empty(cut.FindAll("[data-testid=review-item]"));
    }
}

/// <summary>The queue with nothing under review (its own database, so nothing else is in it).</summary>
public class ReviewQueuePanelWhenEmpty(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task ItSaysThereIsNothingToDecide()
    {
        await using var ctx = ComponentContext.Create(database);
        var auditor = await DemoActors.ForAsync(database.Services, "auditor@demo.local");

        var cut = ctx.Render<ReviewQueuePanel>(p => p.Add(x => x.Actor, auditor));

        cut.WaitForAssertion(() => Assert.Contains("Nenhum procedimento aguardando a auditoria", cut.Find("[data-testid=review-empty]").TextContent));
        Assert.Contains("Nenhum procedimento em análise.", cut.Find("[data-testid=review-count]").TextContent);
    }
}
