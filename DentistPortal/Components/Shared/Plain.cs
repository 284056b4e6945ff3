using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using MudBlazor;

namespace DentistPortal.Components.Shared;

/// <summary>
/// MudBlazor's look without MudBlazor's components, for the parts of a page that only show something or fire one click
/// (issue 13, "memory per circuit": each <c>MudButton</c> is a small tree of components, render frames
/// and attribute dictionaries kept by every live circuit). The markup and classes are the ones those components render,
/// so the theme, the tests' roles and names and the screens stay the same.
/// </summary>
public static class Plain
{
    /// <summary>The classes of a <c>MudButton</c> (<c>mud-button-filled mud-button-filled-primary …</c>) plus <paramref name="css"/>.</summary>
    public static string Button(Variant variant, Color color = Color.Default, string? css = null, Size size = Size.Medium)
    {
        var v = variant.ToString().ToLowerInvariant();
        var c = color.ToString().ToLowerInvariant();
        var s = size.ToString().ToLowerInvariant();
        return $"mud-button-root mud-button mud-button-{v} mud-button-{v}-{c} mud-button-{v}-size-{s} mud-ripple{(css is null ? "" : " " + css)}";
    }

    /// <summary>The start icon of a plain button (<c>mud-button-icon-start</c> around the svg).</summary>
    public static RenderFragment StartIcon(string icon) => builder =>
    {
        builder.OpenElement(0, "span");
        builder.AddAttribute(1, "class", "mud-button-icon-start mud-button-icon-size-medium");
        builder.AddContent(2, Svg.Icon(icon));
        builder.CloseElement();
    };
}
