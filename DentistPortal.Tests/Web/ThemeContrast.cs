using DentistPortal.Components.Layout;
using MudBlazor;
using MudBlazor.Utilities;

namespace DentistPortal.Tests.Web;

/// <summary>
/// Issue 14 ("Contrast and text"): the theme's colour pairs meet WCAG 2.1 AA — 4.5:1 for text (1.4.3), 3:1 for UI
/// components and the focus ring (1.4.11) — computed with WCAG's relative-luminance formula, translucent colours laid
/// over the surface they are drawn on.
/// </summary>
public class ThemeContrast
{
    private static readonly PaletteLight Palette = (PaletteLight)PortalTheme.Theme.PaletteLight;

    public static TheoryData<string, string, string, double> Pairs()
    {
        var p = Palette;
        var data = new TheoryData<string, string, string, double>();
        void Add(string what, MudColor fg, MudColor bg, double min) => data.Add(what, Hex(fg, bg), Hex(bg, bg), min);
        foreach (var (name, surface) in new[] { ("fundo", p.Background), ("superfície", p.Surface), ("rodapé de atendimento (.dp-support)", new MudColor("#e8f0ef")) })
        {
            Add($"texto principal no {name}", p.TextPrimary, surface, 4.5);
            Add($"texto secundário (apagado) no {name}", p.TextSecondary, surface, 4.5);
            Add($".dp-muted no {name}", new MudColor(PortalTheme.MutedText), surface, 4.5);
            Add($"texto do menu lateral no {name}", p.DrawerText, surface, 4.5);
            Add($"primária como texto (links, botões de texto) no {name}", p.Primary, surface, 4.5);
            Add($"secundária como texto no {name}", p.Secondary, surface, 4.5);
            Add($"informação como texto no {name}", p.Info, surface, 4.5);
            Add($"sucesso como texto no {name}", p.Success, surface, 4.5);
            Add($"aviso como texto no {name}", p.Warning, surface, 4.5);
            Add($"erro como texto no {name}", p.Error, surface, 4.5);
            Add($"borda dos campos no {name}", p.LinesInputs, surface, 3);
            Add($"ícones de ação no {name}", p.ActionDefault, surface, 3);
            Add($"anel de foco (primária) no {name}", p.Primary, surface, 3);
        }
        Add("texto do botão primário", p.PrimaryContrastText, p.Primary, 4.5);
        Add("texto do botão secundário", p.SecondaryContrastText, p.Secondary, 4.5);
        Add("texto da barra superior", p.AppbarText, p.AppbarBackground, 4.5);
        Add("texto sobre informação", p.InfoContrastText, p.Info, 4.5);
        Add("texto sobre sucesso", p.SuccessContrastText, p.Success, 4.5);
        Add("texto sobre aviso", p.WarningContrastText, p.Warning, 4.5);
        Add("texto sobre erro", p.ErrorContrastText, p.Error, 4.5);
        return data;
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void EveryThemePairMeetsWcagAA(string what, string foreground, string background, double minimum)
    {
        var ratio = Contrast(new MudColor(foreground), new MudColor(background));
        Assert.True(ratio >= minimum, $"{what}: {foreground} sobre {background} = {ratio:0.00}:1, mínimo {minimum}:1");
    }

    [Fact]
    public void TheFormulaGivesWcagsKnownRatios()
    {
        Assert.Equal(21, Contrast(new MudColor("#000000"), new MudColor("#ffffff")), 2);
        Assert.Equal(4.54, Contrast(new MudColor("#767676"), new MudColor("#ffffff")), 2);
        Assert.Equal(1, Contrast(new MudColor("#00695c"), new MudColor("#00695c")), 2);
    }

    /// <summary>WCAG 2.1 contrast ratio: (L1 + 0.05) / (L2 + 0.05) of the relative luminances, lighter first.</summary>
    internal static double Contrast(MudColor a, MudColor b)
    {
        var (la, lb) = (Luminance(a), Luminance(b));
        return (Math.Max(la, lb) + 0.05) / (Math.Min(la, lb) + 0.05);
    }

    private static double Luminance(MudColor c)
    {
        static double Channel(byte v)
        {
            var s = v / 255.0;
            return s <= 0.03928 ? s / 12.92 : Math.Pow((s + 0.055) / 1.055, 2.4);
        }
        return 0.2126 * Channel(c.R) + 0.7152 * Channel(c.G) + 0.0722 * Channel(c.B);
    }

    /// <summary>The colour as opaque hex, a translucent one laid over <paramref name="over"/> (as the browser paints it).</summary>
    private static string Hex(MudColor c, MudColor over)
    {
        var a = c.A / 255.0;
        byte Mix(byte fg, byte bg) => (byte)Math.Round(fg * a + bg * (1 - a));
        return $"#{Mix(c.R, over.R):x2}{Mix(c.G, over.G):x2}{Mix(c.B, over.B):x2}";
    }
}
