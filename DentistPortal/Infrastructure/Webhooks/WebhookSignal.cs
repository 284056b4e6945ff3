namespace DentistPortal.Infrastructure.Webhooks;

/// <summary>Wakes the webhook dispatcher when a transaction that wrote events committed, instead of waiting for its next poll.</summary>
public sealed class WebhookSignal
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
