using Microsoft.Extensions.Options;

namespace DentistPortal.Infrastructure.Messaging;

/// <summary>
/// Runs the outbox in the background: a pass of <see cref="DeliveryWorker"/>, then a wait of PollSeconds that
/// <see cref="DeliverySignal"/> cuts short when a token is generated. A full batch is followed at once by the
/// next one. Never stops on an error (logs it and waits); on shutdown it gives back the leases it still holds; at start it
/// takes back the claims a killed run left (<see cref="DeliveryWorker.RecoverDeadClaimsAsync"/>: on PostgreSQL, of any
/// instance whose liveness lock is free, since this one holds its own for its whole run; on SQLite, of this machine).
/// </summary>
public sealed class DeliveryDispatcher(
    DeliveryWorker worker,
    DeliverySignal signal,
    IOptionsMonitor<MessagingOptions> options,
    ILogger<DeliveryDispatcher> logger) : BackgroundService
{
    private static readonly TimeSpan ErrorDelay = TimeSpan.FromSeconds(10);

    /// <summary>This instance's lease owner: machine + process + a fresh id (fits the 64-character column).</summary>
    public string Owner { get; } = NewOwner();

    internal static string NewOwner()
    {
        var machine = Environment.MachineName;
        if (machine.Length > 20) machine = machine[..20];
        return $"{machine}/{Environment.ProcessId}/{Guid.NewGuid():N}";
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield(); // never hold up the host's start
        logger.LogInformation("Delivery dispatcher started as {Owner}.", Owner);
        IAsyncDisposable? liveness = null;
        try
        {
            // PostgreSQL: proof of life for the other instances, taken before the first claim (issue 12).
            liveness = await worker.HoldLivenessAsync(Owner, stoppingToken);
            await worker.RecoverDeadClaimsAsync(Owner, stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Could not take back the claims of a stopped run; they return when their lease expires.");
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            var o = options.CurrentValue.Dispatcher;
            var poll = TimeSpan.FromSeconds(Math.Clamp(o.PollSeconds, 0.05, 3600));
            if (!o.Enabled)
            {
                await signal.WaitAsync(poll, stoppingToken);
                continue;
            }

            try
            {
                var processed = await worker.RunOnceAsync(Owner, stoppingToken);
                if (processed >= Math.Max(1, o.BatchSize)) continue; // more may be waiting
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Delivery dispatcher pass failed; trying again in {Delay}.", ErrorDelay);
                await signal.WaitAsync(ErrorDelay, stoppingToken);
                continue;
            }
            await signal.WaitAsync(poll, stoppingToken);
        }

        try
        {
            var released = await worker.ReleaseAsync(Owner, CancellationToken.None);
            if (released > 0) logger.LogInformation("Delivery dispatcher {Owner} gave back {Count} unsent claims.", Owner, released);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Delivery dispatcher {Owner} could not give back its claims; they return when their lease expires.", Owner);
        }
        if (liveness is not null) await liveness.DisposeAsync();
    }
}
