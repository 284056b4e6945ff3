using Bunit;
using DentistPortal.Components.Shared;
using MudBlazor.Services;

namespace DentistPortal.Tests.Components;

public class OdontogramComponent
{
    private static BunitContext Context()
    {
        var ctx = new BunitContext();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddMudServices();
        return ctx;
    }

    [Fact]
    public async Task ClickingAToothSelectsItAndClickingAgainClears()
    {
        await using var ctx = Context();
        int? selected = null;
        var cut = ctx.Render<Odontogram>(p => p.Add(x => x.SelectedToothChanged, v => selected = v));
        Assert.Equal(32, cut.FindAll("button.dp-tooth").Count);
        await cut.Find("button[aria-label='Dente 16']").ClickAsync(new());
        Assert.Equal(16, selected);
        Assert.Equal("true", cut.Find("button[aria-label='Dente 16']").GetAttribute("aria-pressed"));
        await cut.Find("button[aria-label='Dente 16']").ClickAsync(new());
        Assert.Null(selected);
    }

    [Theory]
    [InlineData(false, "18 17 16 15 14 13 12 11", "21 22 23 24 25 26 27 28", "48 47 46 45 44 43 42 41", "31 32 33 34 35 36 37 38")]
    [InlineData(true, "55 54 53 52 51", "61 62 63 64 65", "85 84 83 82 81", "71 72 73 74 75")]
    public async Task EachHalfOfAnArchIsNamedByThePatientsSide(bool deciduous, string upperRight, string upperLeft, string lowerRight, string lowerLeft)
    {
        // Where the panel is too narrow for 16 teeth in a line, the halves of an arch stack: unnamed, the chart read as
        // four arches (the new-treatment panel at 1366 px showed 18…11 over 21…28 with nothing to tell them apart).
        await using var ctx = Context();
        var cut = ctx.Render<Odontogram>(p => p.Add(x => x.Deciduous, deciduous));
        var halves = cut.FindAll(".dp-arch-half").Select(h => (
            Name: h.GetAttribute("aria-label"),
            Caption: h.QuerySelector(".dp-arch-caption")!.TextContent,
            Teeth: string.Join(' ', h.QuerySelectorAll("button.dp-tooth").Select(b => b.TextContent)))).ToList();
        Assert.Equal(
            [("Superior direito", "Superior direito", upperRight), ("Superior esquerdo", "Superior esquerdo", upperLeft),
             ("Inferior direito", "Inferior direito", lowerRight), ("Inferior esquerdo", "Inferior esquerdo", lowerLeft)],
            halves);
        Assert.All(cut.FindAll(".dp-arch-half"), h => Assert.Equal("group", h.GetAttribute("role")));
    }

    [Fact]
    public async Task TheDeciduousArchShowsTwentyTeeth51To85()
    {
        await using var ctx = Context();
        var cut = ctx.Render<Odontogram>(p => p.Add(x => x.Deciduous, true));
        var labels = cut.FindAll("button.dp-tooth").Select(b => int.Parse(b.TextContent, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(20, labels.Count);
        Assert.All(labels, t => Assert.InRange(t, 51, 85));
        await cut.Find("button[aria-label='Dente 85']").ClickAsync(new());
        Assert.Equal("true", cut.Find("button[aria-label='Dente 85']").GetAttribute("aria-pressed"));
    }

    [Fact]
    public async Task TeethAreRealButtonsNamedDenteNNInADescribedGroup()
    {
        await using var ctx = Context();
        var cut = ctx.Render<Odontogram>();
        Assert.All(cut.FindAll("button.dp-tooth"), b =>
        {
            Assert.Equal("button", b.GetAttribute("type"));
            Assert.Equal($"Dente {b.TextContent}", b.GetAttribute("aria-label"));
        });
        var group = cut.Find("[role=group]");
        Assert.Equal("Dente", group.GetAttribute("aria-label"));
        // Issue 14: how to use the chart is said (and shown): the arrows, then Enter or Space.
        var describedBy = group.GetAttribute("aria-describedby");
        Assert.False(string.IsNullOrEmpty(describedBy), "The chart's group says how to use it (aria-describedby).");
        var help = cut.Find("#" + describedBy);
        Assert.Contains("setas", help.TextContent);
        Assert.Contains("Enter ou Espaço", help.TextContent);
    }

    /// <summary>The teeth whose tabindex is 0 (Tab stops), by number.</summary>
    private static List<int> TabStops(IRenderedComponent<Odontogram> cut) =>
        [.. cut.FindAll("button.dp-tooth").Where(b => b.GetAttribute("tabindex") == "0").Select(b => int.Parse(b.TextContent, System.Globalization.CultureInfo.InvariantCulture))];

    [Fact]
    public async Task TheChartIsOneTabStopOnTheFirstToothWhileNoneIsMarked()
    {
        // Issue 14, "Keyboard only": 32 teeth were 32 Tab stops; now one (roving tabindex), the others -1.
        await using var ctx = Context();
        var cut = ctx.Render<Odontogram>();
        Assert.Equal([18], TabStops(cut));
        Assert.All(cut.FindAll("button.dp-tooth").Where(b => b.TextContent != "18"), b => Assert.Equal("-1", b.GetAttribute("tabindex")));
    }

    [Fact]
    public async Task TheMarkedToothIsTheChartsOneTabStop()
    {
        await using var ctx = Context();
        int? selected = null;
        var cut = ctx.Render<Odontogram>(p => p.Add(x => x.SelectedTooth, 36).Add(x => x.SelectedToothChanged, v => selected = v));
        Assert.Equal([36], TabStops(cut));
        await cut.Find("button[aria-label='Dente 21']").ClickAsync(new());
        Assert.Equal(21, selected);
        Assert.Equal([21], TabStops(cut));
        // Unmarking keeps the stop where the focus is (Shift+Tab leaves the chart at once, never lands on tooth 18).
        await cut.Find("button[aria-label='Dente 21']").ClickAsync(new());
        Assert.Null(selected);
        Assert.Equal([21], TabStops(cut));
    }

    [Fact]
    public async Task SwitchingDentitionKeepsExactlyOneTabStop()
    {
        await using var ctx = Context();
        int? selected = 16;
        var deciduous = false;
        var cut = ctx.Render<Odontogram>(p => p.Add(x => x.SelectedTooth, 16).Add(x => x.SelectedToothChanged, v => selected = v)
            .Add(x => x.DeciduousChanged, v => deciduous = v));
        Assert.Equal([16], TabStops(cut));
        await cut.Find("input[type=checkbox]").ChangeAsync(new() { Value = true }); // the MudSwitch "Dentes decíduos"
        Assert.True(deciduous);
        Assert.Null(selected); // tooth 16 is not on the deciduous arch
        Assert.Equal(20, cut.FindAll("button.dp-tooth").Count);
        Assert.Equal([55], TabStops(cut));
        await cut.Find("button[aria-label='Dente 74']").ClickAsync(new());
        Assert.Equal([74], TabStops(cut));
        await cut.Find("input[type=checkbox]").ChangeAsync(new() { Value = false });
        Assert.Equal(32, cut.FindAll("button.dp-tooth").Count);
        Assert.Equal([18], TabStops(cut));
        // A tooth pressed before a round trip to the other arch is no longer the stop: the arch starts at its first tooth.
        await cut.Find("button[aria-label='Dente 21']").ClickAsync(new());
        await cut.Find("input[type=checkbox]").ChangeAsync(new() { Value = true });
        await cut.Find("input[type=checkbox]").ChangeAsync(new() { Value = false });
        Assert.Equal([18], TabStops(cut));
    }

    [Fact]
    public async Task FacesAreSelectableWhenTheProcedureNeedsThem()
    {
        await using var ctx = Context();
        string? faces = null;
        var cut = ctx.Render<Odontogram>(p => p.Add(x => x.ShowFaces, true).Add(x => x.FaceCount, 2).Add(x => x.FacesChanged, v => faces = v));
        await cut.Find("input[aria-label='Face mesial']").ChangeAsync(new() { Value = true });
        await cut.Find("input[aria-label='Face oclusal']").ChangeAsync(new() { Value = true });
        Assert.Equal("OM", faces);
        Assert.Contains("Faces (2)", cut.Markup);
    }
}
