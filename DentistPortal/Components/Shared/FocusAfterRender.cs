using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace DentistPortal.Components.Shared;

/// <summary>
/// Moves the keyboard focus to an action's answer (the result, the error, the field to fix) once the render that draws
/// it has been made (issue 14, "focus moved to the result or error after each action"). The one way a component moves
/// the focus (architecture rule <c>FocusMovesOnlyThroughFocusAfterRender</c>).
/// <para>
/// Why it exists: Blazor Server runs <c>OnAfterRenderAsync</c> when the browser acknowledges a render batch, and that can
/// be a batch drawn <em>before</em> the action ended (the "Buscando…" render). Choosing the target there from the
/// component's newest state named an element that was not drawn yet: an unset <see cref="ElementReference"/> threw and
/// closed the circuit ("Ocorreu um erro inesperado"), or a removed one lost the focus.
/// </para>
/// Use: <see cref="Request(Func{ElementReference})"/> when the answer is known; <c>@{ focus.Drawn(); }</c> at the end of the
/// markup (it runs while the render is being built, so it marks the requests that render draws); <see cref="MoveAsync"/>
/// from <c>OnAfterRenderAsync</c>.
/// </summary>
public sealed class FocusAfterRender
{
    private Func<ValueTask>? requested;
    private Func<ValueTask>? drawn;

    /// <summary>After the next render, the focus goes to the element <paramref name="target"/> names then.</summary>
    public void Request(Func<ElementReference> target) => requested = () => ToElementAsync(target());

    /// <summary>After the next render, the focus goes to what <paramref name="focus"/> focuses (a MudBlazor field's FocusAsync).</summary>
    public void Request(Func<ValueTask> focus) => requested = focus;

    /// <summary>Forget a request not yet carried out (the answer it was for was replaced).</summary>
    public void Cancel() => requested = drawn = null;

    /// <summary>Call from the markup (<c>@{ focus.Drawn(); }</c>): the render being built draws what was requested so far.</summary>
    public void Drawn() => drawn = requested;

    /// <summary>
    /// Call from <c>OnAfterRenderAsync</c>: moves the focus when a render that drew the request has been made; otherwise
    /// keeps the request for the next one. Never throws: an answer replaced in between keeps the focus where it is.
    /// </summary>
    public async Task MoveAsync()
    {
        if (drawn is not { } focus) return;
        if (ReferenceEquals(requested, drawn)) requested = null;
        drawn = null;
        try { await focus(); }
        catch (JSException) { } // the element left the page in between
        catch (JSDisconnectedException) { } // the browser went away
        catch (OperationCanceledException) { }
    }

    private static ValueTask ToElementAsync(ElementReference element) =>
        // An element that was never drawn has no context: nothing to focus (never an exception that closes the circuit).
        element.Context is null ? ValueTask.CompletedTask : element.FocusAsync();
}
