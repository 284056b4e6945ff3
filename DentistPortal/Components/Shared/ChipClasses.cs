using MudBlazor;

namespace DentistPortal.Components.Shared;

/// <summary>
/// The classes MudChip puts on its element, for the status chips drawn as plain markup (issue 13: a chip per row and
/// page is one small component instead of a MudChip tree kept by every circuit).
/// </summary>
public static class ChipClasses
{
    public static string Of(Color color, Variant variant = Variant.Filled, Size size = Size.Medium) =>
        $"mud-chip mud-chip-{variant.ToString().ToLowerInvariant()} mud-chip-size-{size.ToString().ToLowerInvariant()} mud-chip-color-{color.ToString().ToLowerInvariant()}";
}
