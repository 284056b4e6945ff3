using DentistPortal.Infrastructure.Messaging;
using Microsoft.Extensions.Options;

namespace DentistPortal.Infrastructure.Webhooks;

/// <summary>
/// Runs the webhook outbox in the background like <see cref="DeliveryDispatcher"/>: a pass of <see cref="WebhookWorker"/>,
/// then a wait of PollSeconds that <see cref="WebhookSignal"/> cuts short when a transaction wrote events. Never stops on
/// an error; on shutdown gives back the leases it holds. Several instances may run on one database (issue 12).
/// </summary>
public sealed class WebhookDispatcher(WebhookWorker worker, WebhookSignal signal, IOptionsMonitor<WebhookOptions> options, ILogger<WebhookDispatcher> logger)
    : BackgroundService
{
    private static readonly TimeSpan ErrorDelay = TimeSpan.FromSeconds(10);

    public string Owner { get; } = DeliveryDispatcher.NewOwner();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            var o = options.CurrentValue;
            var poll = TimeSpan.FromSeconds(Math.Clamp(o.PollSeconds, 0.05, 3600));
            if (!o.Enabled)
            {
                await signal.WaitAsync(poll, stoppingToken);
                continue;
            }
            try
            {
                if (await worker.RunOnceAsync(Owner, stoppingToken) >= Math.Max(1, o.BatchSize)) continue;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Webhook dispatcher pass failed; trying again in {Delay}.", ErrorDelay);
                await signal.WaitAsync(ErrorDelay, stoppingToken);
                continue;
            }
            await signal.WaitAsync(poll, stoppingToken);
        }
        try
        {
            await worker.ReleaseAsync(Owner, CancellationToken.None);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Webhook dispatcher {Owner} could not give back its claims; they return when their lease expires.", Owner);
        }
    }
}
