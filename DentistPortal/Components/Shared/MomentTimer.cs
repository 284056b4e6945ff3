namespace DentistPortal.Components.Shared;

/// <summary>
/// A one-shot <see cref="TimeProvider"/> timer set for a moment, not for a delay: it fires once at that moment, or at once
/// when the moment has already passed (a loaded server; a test's clock moved between the render and the call), and can be
/// set again for a new moment or cleared. Used by the screens that redraw or reload when something they show ends: the
/// treatment page at its token's end, the late-token list when a row turns urgent or ends, a live countdown at its next
/// text (issue 13, circuit hygiene: page timers on the injected clock).
/// </summary>
/// <param name="time">The injected clock.</param>
/// <param name="fire">Called on a timer thread; a component wraps its work in <c>InvokeAsync</c>.</param>
public sealed class MomentTimer(TimeProvider time, Action fire) : IDisposable
{
    private ITimer? timer;

    /// <summary>Fires once at <paramref name="moment"/> (at once if it has passed); null clears the timer.</summary>
    public void At(DateTimeOffset? moment)
    {
        if (moment is not { } at)
        {
            timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }
        var due = at - time.GetUtcNow();
        timer ??= time.CreateTimer(_ => fire(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        timer.Change(due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }

    public void Dispose() => timer?.Dispose();
}
