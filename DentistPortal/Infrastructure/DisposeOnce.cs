namespace DentistPortal.Infrastructure;

/// <summary>
/// An <see cref="IDisposable"/> that runs its action on the first <see cref="Dispose"/> only, whatever thread calls it and
/// however often: the handle a subscription or registration returns (<c>TreatmentEvents.Subscribe</c>,
/// <c>OpenSessions.Register</c>).
/// </summary>
public sealed class DisposeOnce(Action dispose) : IDisposable
{
    private Action? dispose = dispose;

    public void Dispose() => Interlocked.Exchange(ref dispose, null)?.Invoke();
}
