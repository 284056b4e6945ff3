using System.Collections.Concurrent;

namespace DentistPortal.Infrastructure.Messaging;

/// <summary>Something about a treatment changed (delivery status, token state…): screens showing it reload.</summary>
public sealed record TreatmentChanged(int TreatmentId, string What);

/// <summary>In-process publish/subscribe per treatment, so a screen updates live without reloading.</summary>
public interface ITreatmentEvents
{
    IDisposable Subscribe(int treatmentId, Func<TreatmentChanged, Task> handler);
    void Publish(TreatmentChanged change);
}

public sealed class TreatmentEvents(ILogger<TreatmentEvents> logger) : ITreatmentEvents
{
    private readonly ConcurrentDictionary<int, ConcurrentDictionary<Guid, Func<TreatmentChanged, Task>>> subscribers = new();

    public IDisposable Subscribe(int treatmentId, Func<TreatmentChanged, Task> handler)
    {
        var id = Guid.NewGuid();
        subscribers.GetOrAdd(treatmentId, _ => new())[id] = handler;
        return new Subscription(() =>
        {
            if (subscribers.TryGetValue(treatmentId, out var handlers)) handlers.TryRemove(id, out _);
        });
    }

    public void Publish(TreatmentChanged change)
    {
        if (!subscribers.TryGetValue(change.TreatmentId, out var handlers)) return;
        foreach (var handler in handlers.Values)
        {
            _ = Invoke(handler, change);
        }
    }

    private async Task Invoke(Func<TreatmentChanged, Task> handler, TreatmentChanged change)
    {
        try { await handler(change); }
        catch (Exception ex) { logger.LogWarning(ex, "A subscriber of treatment {TreatmentId} failed.", change.TreatmentId); }
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}

/// <summary>Wakes the dispatcher right after a token is generated instead of waiting for its next poll.</summary>
public sealed class DeliverySignal : OutboxSignal;

/// <summary>
/// Wakes one outbox dispatcher when new rows committed, instead of waiting for its next poll: a wake-up while nobody waits
/// is kept (at most one), so a commit between two polls is never missed. Each outbox has its own singleton subtype.
/// </summary>
public abstract class OutboxSignal
{
    private readonly SemaphoreSlim signal = new(0);

    public void Wake()
    {
        if (signal.CurrentCount == 0) signal.Release();
    }

    public async Task WaitAsync(TimeSpan timeout, CancellationToken ct)
    {
        try { await signal.WaitAsync(timeout, ct); }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
    }
}
