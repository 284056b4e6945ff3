using Microsoft.AspNetCore.Components;

namespace DentistPortal.Components;

/// <summary>
/// Base of the portal's pages and shared components (Pages/ and Shared/ inherit it through their <c>_Imports.razor</c>).
/// <see cref="Aborted"/> is cancelled when the renderer disposes the component — the user navigated away or the circuit
/// ended — so a handler call still in flight stops instead of finishing work for a screen nobody sees
/// (issue 13, circuit hygiene: "components pass no CancellationToken to handlers"). Pass it to every handler call
/// (<c>ct: Aborted</c>). A call cancelled this way ends in <see cref="OperationCanceledException"/>, which Blazor ignores
/// for lifecycle methods and event handlers. Components that release more override <see cref="OnDispose"/>.
/// </summary>
public abstract class PortalComponentBase : ComponentBase, IDisposable
{
    private readonly CancellationTokenSource aborted = new();

    /// <summary>Cancelled when this component is disposed.</summary>
    protected CancellationToken Aborted => aborted.Token;

    /// <summary>Cancels <see cref="Aborted"/>, then <see cref="OnDispose"/>; the renderer calls it when the component leaves the page.</summary>
    public void Dispose()
    {
        // Not disposed: a handler may still hold the token; a source without timers owns nothing to release.
        aborted.Cancel();
        OnDispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases what the component holds (subscriptions, timers); called once, after <see cref="Aborted"/> is cancelled.</summary>
    protected virtual void OnDispose()
    {
    }
}
