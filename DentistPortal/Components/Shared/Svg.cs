using System.Collections.Concurrent;
using Microsoft.AspNetCore.Components;

namespace DentistPortal.Components.Shared;

/// <summary>
/// A MudBlazor icon as plain markup (the same <c>&lt;svg class="mud-icon-root …"&gt;</c> that <c>MudIcon</c> renders), for
/// places where a component per icon only costs circuit memory (issue 13, "memory per circuit"). The markup of each
/// icon/size/class is built once and shared by every circuit.
/// </summary>
public static class Svg
{
    private static readonly ConcurrentDictionary<(string Icon, string Size, string? Css), MarkupString> Cache = new();

    /// <param name="icon">A <c>MudBlazor.Icons</c> constant (the svg's inner markup).</param>
    /// <param name="size">small, medium or large.</param>
    /// <param name="css">Extra classes, e.g. <c>mud-nav-link-icon</c>.</param>
    public static MarkupString Icon(string icon, string size = "medium", string? css = null) =>
        Cache.GetOrAdd((icon, size, css), k => new MarkupString(
            $"<svg class=\"mud-icon-root mud-svg-icon mud-icon-size-{k.Size}{(k.Css is null ? "" : " " + k.Css)}\" focusable=\"false\" viewBox=\"0 0 24 24\" aria-hidden=\"true\" role=\"img\">{k.Icon}</svg>"));
}
