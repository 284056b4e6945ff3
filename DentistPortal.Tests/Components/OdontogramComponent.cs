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
    public async Task TeethAreRealButtonsReachableByKeyboard()
    {
        await using var ctx = Context();
        var cut = ctx.Render<Odontogram>();
        Assert.All(cut.FindAll("button.dp-tooth"), b =>
        {
            Assert.Equal("button", b.GetAttribute("type"));
            Assert.Null(b.GetAttribute("tabindex")); // natural tab order, Enter/Space activate
        });
        Assert.Equal("Dente", cut.Find("[role=group]").GetAttribute("aria-label"));
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
