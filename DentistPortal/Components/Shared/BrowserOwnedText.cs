using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace DentistPortal.Components.Shared;

/// <summary>
/// The text of a field the browser owns while the user types (issue 13): no value attribute is redrawn (a redraw racing
/// fast typing lost characters). The component keeps <see cref="Text"/>, what it last heard from the field's input
/// events, and writes a value of its own only after its next render, and only if the field still holds what it had heard
/// (wwwroot/field.js, <c>dpField.set</c>): newer typing is never overwritten. Used by the procedure search and the token
/// field.
/// </summary>
public sealed class BrowserOwnedText
{
    private (string Value, string Expected)? pending;

    /// <summary>What the field holds as far as the server knows: its last input event, or the last write.</summary>
    public string Text { get; private set; } = "";

    /// <summary>An input event said the field now holds <paramref name="text"/>.</summary>
    public void Heard(string? text) => Text = text ?? "";

    /// <summary>The field is to show <paramref name="value"/>, written by <see cref="WriteAfterRenderAsync"/>.</summary>
    public void Write(string value)
    {
        pending = (value, Text);
        Text = value;
    }

    /// <summary>Call from OnAfterRenderAsync: writes the pending value, if any, into <paramref name="field"/>.</summary>
    public async Task WriteAfterRenderAsync(IJSRuntime js, ElementReference field)
    {
        if (pending is not { } write) return;
        pending = null;
        try { await js.InvokeVoidAsync("dpField.set", field, write.Value, write.Expected); }
        catch (JSException) { } // the field left the page in between
    }
}
