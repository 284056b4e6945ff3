using Bunit;
using DentistPortal.Components.Pages.Admin;
using DentistPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Tests.Admin;

/// <summary>Issue 11: the plan's price table screen: edit a price in its row, see it saved, and the "sem preço" count.</summary>
public class PriceTableComponent(TestDatabase database) : IClassFixture<TestDatabase>
{
    private readonly AdminTestKit kit = new(database);

    private static AngleSharp.Dom.IElement Row(IRenderedComponent<AdminPlans> cut, string code) => cut.Find($"tr[data-code='{code}']");

    private static async Task PriceButtonAsync(IRenderedComponent<AdminPlans> cut, string code) =>
        await Row(cut, code).QuerySelectorAll("button").Single(b => b.TextContent.Trim() == "Preço").ClickAsync(new());

    private static async Task TypePriceAndSaveAsync(IRenderedComponent<AdminPlans> cut, string price)
    {
        await cut.Find("input#price-input").ChangeAsync(new ChangeEventArgs { Value = price });
        await cut.Find("[data-testid=price-editor] form").SubmitAsync();
    }

    private async Task<decimal?> PriceAsync(string plan, string code)
    {
        await using var db = await kit.ContextAsync();
        var planId = await db.Plans.Where(p => p.Name == plan).Select(p => p.Id).SingleAsync();
        return (await db.PlanCoverages.AsNoTracking().SingleAsync(c => c.PlanId == planId && c.TussCode == code)).Price;
    }

    [Fact]
    public async Task ThePriceTypedInARowIsSavedShownInReaisAndABlankOneIsCountedAsSemPreco()
    {
        var (ctx, _) = await AdminComponentContext.CreateAsync(database);
        await using var __ = ctx;
        var cut = ctx.Render<AdminPlans>();
        cut.WaitForAssertion(() => Assert.Equal("R$ 35,00", Row(cut, "81000383").QuerySelector("[data-testid=price]")!.TextContent.Trim()));
        Assert.Equal("Todos os procedimentos cobertos têm preço.", cut.Find("[data-testid=missing-prices]").TextContent.Trim());

        await PriceButtonAsync(cut, "81000383");
        Assert.Equal("35,00", cut.Find("input#price-input").GetAttribute("value"));
        await TypePriceAndSaveAsync(cut, "1.236,50");

        cut.WaitForAssertion(() => Assert.Equal("R$ 1.236,50", Row(cut, "81000383").QuerySelector("[data-testid=price]")!.TextContent.Trim()));
        Assert.Contains("R$ 1.236,50", cut.Find("[data-testid=page-message]").TextContent);
        Assert.Equal(1236.50m, await PriceAsync("Sorriso Pleno Completo", "81000383"));

        await PriceButtonAsync(cut, "81000375");
        await TypePriceAndSaveAsync(cut, "");

        cut.WaitForAssertion(() => Assert.Contains("1 procedimento coberto sem preço", cut.Find("[data-testid=missing-prices]").TextContent));
        Assert.Equal("sem preço", Row(cut, "81000375").QuerySelector("[data-testid=price]")!.TextContent.Trim());
        Assert.Null(await PriceAsync("Sorriso Pleno Completo", "81000375"));
    }

    [Fact]
    public async Task ABadPriceStaysInItsRowWithThePtBrMessageAndNothingIsSaved()
    {
        var (ctx, _) = await AdminComponentContext.CreateAsync(database);
        await using var __ = ctx;
        var cut = ctx.Render<AdminPlans>();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("tr[data-code='84000090']")));

        await PriceButtonAsync(cut, "84000090");
        await TypePriceAndSaveAsync(cut, "40,555");

        cut.WaitForAssertion(() => Assert.Equal("O preço tem no máximo 2 casas decimais (centavos).", cut.Find("[data-testid=form-errors]").TextContent.Trim()));
        Assert.NotEmpty(cut.FindAll("input#price-input"));
        Assert.Equal(40.00m, await PriceAsync("Sorriso Pleno Completo", "84000090"));
    }
}
