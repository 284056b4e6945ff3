using MudBlazor;

namespace DentistPortal.Components.Layout;

/// <summary>
/// The portal's MudBlazor theme. Every colour that carries text or marks a control meets WCAG 2.1 AA against the
/// surfaces it is drawn on (issue 14, "Contrast and text": 4.5:1 for text, 3:1 for large text and UI components);
/// MudBlazor's defaults for info/success/warning/error, secondary text and input borders do not, so they are set here.
/// Checked by <c>DentistPortal.Tests.Web.ThemeContrast</c>.
/// </summary>
public static class PortalTheme
{
    /// <summary>Muted text (captions, helper text, <c>.dp-muted</c> in app.css): 5.1:1 on the page background.</summary>
    public const string MutedText = "#5f6b6b";

    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#00695c",
            Secondary = "#01579b",
            AppbarBackground = "#00695c",
            Background = "#f5f7f7",
            // Status colours as text, outline and filled background with white text: all ≥ 4.5:1 on white, the background and
            // the support footer (#e8f0ef), where the "Aberta agora" chip sits.
            Info = "#01579b",
            Success = "#1b5e20",
            Warning = "#9a4d00",
            Error = "#c62828",
            TextSecondary = MutedText,
            // Borders of text fields and selects (a UI component's boundary): ≥ 3:1.
            LinesInputs = "#6f8582",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["Roboto", "Segoe UI", "DejaVu Sans", "Helvetica", "Arial", "sans-serif"] },
        },
    };
}
