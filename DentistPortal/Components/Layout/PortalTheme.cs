using MudBlazor;

namespace DentistPortal.Components.Layout;

public static class PortalTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#00695c",
            Secondary = "#0277bd",
            AppbarBackground = "#00695c",
            Background = "#f5f7f7",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["Roboto", "Segoe UI", "DejaVu Sans", "Helvetica", "Arial", "sans-serif"] },
        },
    };
}
