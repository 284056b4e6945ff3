using Bunit;
using DentistPortal.Components.Pages.LateTokens;
using DentistPortal.Features.LateTokens;
using DentistPortal.Tests.Infrastructure;

namespace DentistPortal.Tests.Components;

/// <summary>The late-token list as the receptionist sees it: order, countdown, urgency, expired rows.</summary>
public class LateTokenListComponent(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 13, 0, 0, TimeSpan.Zero);

    private static IReadOnlyList<LateTokenRow> Rows() =>
    [
        new(1, "2026000001", "Roberto Nunes Costa", "Dra. Ana Beatriz Ferreira", 1, Now.AddHours(2).AddMinutes(5), false),
        new(2, "2026000002", "Maria Aparecida da Silva", "Dra. Ana Beatriz Ferreira", 1, Now.AddHours(30), false),
        new(3, "2026000003", "Antônia Ribeiro Santos", "Dra. Juliana Mendes Prado", 2, Now.AddHours(-1), true),
    ];

    [Fact]
    public async Task RowsKeepTheSoonestFirstWithACountdown()
    {
        await using var ctx = ComponentContext.Create(database);
        var cut = ctx.Render<LateTokenList>(p => p.Add(x => x.Rows, Rows()).Add(x => x.Now, Now));
        var rows = cut.FindAll("[data-testid=late-row]");
        Assert.Equal(["2026000001", "2026000002", "2026000003"], rows.Select(r => r.GetAttribute("data-number")));
        Assert.Contains("faltam 2h05", rows[0].QuerySelector("[data-testid=time-left]")!.TextContent);
        Assert.Contains("faltam 30h00", rows[1].QuerySelector("[data-testid=time-left]")!.TextContent);
    }

    [Fact]
    public async Task TheCodeFieldWaitsForThePageToBeLiveSoNoDigitTypedIsLost()
    {
        // Before the circuit starts the page is prerendered HTML: digits typed there vanished when it went live (a
        // receptionist on a slow connection retyped the code). The field is disabled and says so until then.
        await using var ctx = ComponentContext.Create(database);
        ctx.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Static", false));
        var cut = ctx.Render<LateTokenList>(p => p.Add(x => x.Rows, Rows()).Add(x => x.Now, Now));
        var field = cut.Find("input.dp-late-input");
        Assert.True(field.HasAttribute("disabled"));
        Assert.Equal("Carregando…", field.GetAttribute("placeholder"));
    }

    [Fact]
    public async Task TheCodeFieldIsOpenOnceThePageIsLive()
    {
        await using var ctx = ComponentContext.Create(database);
        var cut = ctx.Render<LateTokenList>(p => p.Add(x => x.Rows, Rows()).Add(x => x.Now, Now));
        Assert.All(cut.FindAll("input.dp-late-input"), f => Assert.False(f.HasAttribute("disabled")));
    }

    [Fact]
    public async Task AnUrgentRowSaysSoInTextNotOnlyInAmber()
    {
        // Issue 14 ("status never by colour alone"): the amber chip under 6 h also says "Urgente" to a screen reader.
        await using var ctx = ComponentContext.Create(database);
        var cut = ctx.Render<LateTokenList>(p => p.Add(x => x.Rows, Rows()).Add(x => x.Now, Now));
        var rows = cut.FindAll("[data-testid=time-left]");
        Assert.Contains("Urgente:", rows[0].TextContent);
        Assert.DoesNotContain("Urgente", rows[1].TextContent);
    }

    [Fact]
    public async Task TheCountdownMovesWithTheClock()
    {
        await using var ctx = ComponentContext.Create(database);
        var cut = ctx.Render<LateTokenList>(p => p.Add(x => x.Rows, Rows()).Add(x => x.Now, Now));
        cut.Render(p => p.Add(x => x.Now, Now.AddHours(2).AddSeconds(30)));
        Assert.Contains("faltam 4 min", cut.FindAll("[data-testid=time-left]")[0].TextContent);
    }

    [Fact]
    public async Task UnderSixHoursARowIsMarkedUrgent()
    {
        await using var ctx = ComponentContext.Create(database);
        var cut = ctx.Render<LateTokenList>(p => p.Add(x => x.Rows, Rows()).Add(x => x.Now, Now));
        var rows = cut.FindAll("[data-testid=late-row]");
        Assert.Contains("dp-row-urgent", rows[0].ClassName);
        Assert.DoesNotContain("dp-row-urgent", rows[1].ClassName ?? "");
    }

    [Fact]
    public async Task AnExpiredRowOffersGerarNovoTokenInsteadOfTheField()
    {
        await using var ctx = ComponentContext.Create(database);
        var cut = ctx.Render<LateTokenList>(p => p.Add(x => x.Rows, Rows()).Add(x => x.Now, Now));
        var expired = cut.FindAll("[data-testid=late-row]")[2];
        Assert.Contains("Expirado", expired.TextContent);
        Assert.Contains(expired.QuerySelectorAll("button"), b => b.TextContent.Trim() == "Gerar novo token");
        Assert.Empty(expired.QuerySelectorAll("input"));
        var active = cut.FindAll("[data-testid=late-row]")[0];
        Assert.Equal("Token", active.QuerySelector("input")!.GetAttribute("aria-label"));
        Assert.Contains(active.QuerySelectorAll("button"), b => b.TextContent.Trim() == "Validar");
    }

    [Fact]
    public async Task ABadCodeIsExplainedOnTheRowAndChangesNothing()
    {
        await using var ctx = ComponentContext.Create(database);
        var cut = ctx.Render<LateTokenList>(p => p.Add(x => x.Rows, Rows()).Add(x => x.Now, Now));
        await cut.FindAll("[data-testid=late-row]")[0].QuerySelector("input")!.InputAsync(new() { Value = "12ab" });
        await cut.FindAll("[data-testid=late-row] form")[0].SubmitAsync();
        cut.WaitForAssertion(() => Assert.Contains("O token tem 6 números", cut.Find("[data-testid=row-outcome]").TextContent));
    }
}
