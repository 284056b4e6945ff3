using System.Collections.Concurrent;

namespace DentistPortal.Infrastructure.Messaging;

/// <summary>
/// Something about a treatment changed (delivery status, token state…): screens showing it reload. <see cref="What"/> is a
/// short lowercase word ("token", "delivery", "authorization"…, or <see cref="Reconnected"/>), never a code or personal data:
/// on PostgreSQL it crosses instances in a NOTIFY payload (issue 12, live updates).
/// </summary>
public sealed record TreatmentChanged(int TreatmentId, string What)
{
    /// <summary>
    /// Told to every local subscriber after the live-update listener (re)connected: changes made on other instances while it
    /// was away were not heard, so every open screen reloads once.
    /// </summary>
    public const string Reconnected = "reconnected";
}

/// <summary>
/// Publish/subscribe per treatment, so a screen updates live without reloading. <see cref="Publish"/> is called after the
/// change committed and never throws; handlers run on their own (a failing one is logged). In one process:
/// <see cref="TreatmentEvents"/>; on PostgreSQL, <see cref="PostgresTreatmentEvents"/> also reaches every other instance
/// (LISTEN/NOTIFY, issue 12). Registered by <see cref="TreatmentEventsRegistration.AddTreatmentEvents"/>.
/// </summary>
public interface ITreatmentEvents
{
    /// <summary>Calls <paramref name="handler"/> on each change of the treatment until the result is disposed (idempotent).</summary>
    IDisposable Subscribe(int treatmentId, Func<TreatmentChanged, Task> handler);

    /// <summary>Tells every subscriber of the treatment, on every instance, exactly once. Call after the commit.</summary>
    void Publish(TreatmentChanged change);
}

/// <summary>
/// The subscribers of this process, per treatment. A treatment's entry goes away with its last subscriber (issue 13,
/// circuit hygiene), so a long-running instance does not keep one entry per treatment ever opened.
/// </summary>
public sealed class TreatmentEvents(ILogger<TreatmentEvents> logger) : ITreatmentEvents
{
    private readonly ConcurrentDictionary<int, Handlers> subscribers = new();

    /// <summary>How many treatments have at least one subscriber in this process.</summary>
    public int WatchedTreatments => subscribers.Count;

    public IDisposable Subscribe(int treatmentId, Func<TreatmentChanged, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var key = new object();
        while (true)
        {
            var handlers = subscribers.GetOrAdd(treatmentId, _ => new Handlers());
            lock (handlers)
            {
                // Emptied and removed by a concurrent last unsubscribe between GetOrAdd and this lock: take a fresh one.
                if (handlers.Retired) continue;
                handlers.ByKey[key] = handler;
            }
            return new DisposeOnce(() => Unsubscribe(treatmentId, handlers, key));
        }
    }

    private void Unsubscribe(int treatmentId, Handlers handlers, object key)
    {
        lock (handlers)
        {
            if (!handlers.ByKey.Remove(key) || handlers.ByKey.Count > 0) return;
            handlers.Retired = true;
            subscribers.TryRemove(new KeyValuePair<int, Handlers>(treatmentId, handlers));
        }
    }

    public void Publish(TreatmentChanged change)
    {
        if (!subscribers.TryGetValue(change.TreatmentId, out var handlers)) return;
        Func<TreatmentChanged, Task>[] snapshot;
        lock (handlers) snapshot = [.. handlers.ByKey.Values];
        foreach (var handler in snapshot)
        {
            _ = Invoke(handler, change);
        }
    }

    /// <summary>Tells every subscriber of every treatment (<see cref="TreatmentChanged.Reconnected"/>): each screen reloads once.</summary>
    public void PublishToAll(string what)
    {
        foreach (var treatmentId in subscribers.Keys) Publish(new TreatmentChanged(treatmentId, what));
    }

    private async Task Invoke(Func<TreatmentChanged, Task> handler, TreatmentChanged change)
    {
        try { await handler(change); }
        catch (Exception ex) { logger.LogWarning(ex, "A subscriber of treatment {TreatmentId} failed.", change.TreatmentId); }
    }

    private sealed class Handlers
    {
        public readonly Dictionary<object, Func<TreatmentChanged, Task>> ByKey = [];
        public bool Retired;
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
