using DentistPortal.Domain.Messaging;

namespace DentistPortal.Tests.Messaging;

/// <summary>
/// Leases: a worker that stops mid-batch keeps its claims only until they expire; then another sends the rest.
/// None is lost, none is sent twice, and a worker whose lease was taken over cannot overwrite the new result.
/// </summary>
public class AStoppedWorkerLosesNothing
{
    private static readonly string[] Codes = ["100001", "100002", "100003", "100004", "100005"];

    [Fact]
    public async Task AWorkerStoppedMidBatchLeavesTheRestToTheNextWorkerOnceTheLeaseExpires()
    {
        var hook = new SmsSendHook();
        await using var host = await MessagingHost.StartAsync(configure: hook.Install);
        foreach (var code in Codes) await host.GenerateTokenAsync(code);
        Assert.Equal(10, (await host.DeliveriesAsync()).Count); // an SMS and an e-mail per token

        // Worker A dies while sending its second SMS: it had claimed all ten and recorded two.
        using var crash = new CancellationTokenSource();
        hook.BeforeSend = (call, _, ct) =>
        {
            if (call == 2)
            {
                crash.Cancel();
                ct.ThrowIfCancellationRequested();
            }
            return Task.CompletedTask;
        };
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => host.Worker.RunOnceAsync("worker-a", crash.Token));
        hook.BeforeSend = null;

        var afterCrash = await host.DeliveriesAsync();
        Assert.Equal(2, afterCrash.Count(d => d.Status == DeliveryStatus.Sent));
        var orphaned = afterCrash.Where(d => d.Status == DeliveryStatus.Pending).ToList();
        Assert.Equal(8, orphaned.Count);
        Assert.All(orphaned, d => Assert.Equal("worker-a", d.LeaseOwner));

        // Worker B respects A's live lease…
        Assert.Equal(0, await host.Worker.RunOnceAsync("worker-b", CancellationToken.None));

        // …and takes the rest over once it expires (LeaseSeconds = 60).
        host.Clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(8, await host.Worker.RunOnceAsync("worker-b", CancellationToken.None));

        var deliveries = await host.DeliveriesAsync();
        Assert.All(deliveries, d =>
        {
            Assert.Equal(DeliveryStatus.Sent, d.Status);
            Assert.Equal(1, d.Attempts);
            Assert.Null(d.LeaseOwner);
        });
        var inbox = await host.DevInboxAsync();
        Assert.Equal(10, inbox.Count); // none lost, none twice
        foreach (var code in Codes)
        {
            Assert.Single(inbox, m => m.Channel == DeliveryChannel.Sms && m.Body.Contains(code, StringComparison.Ordinal));
            Assert.Single(inbox, m => m.Channel == DeliveryChannel.Email && m.Body.Contains(code, StringComparison.Ordinal));
        }
        Assert.Equal(deliveries.Select(d => d.ProviderMessageId).Distinct().Count(), deliveries.Count);

        foreach (var code in Codes) host.AssertNoCodeInLogs(code);
    }

    [Fact]
    public async Task AWorkerWhoseLeaseWasTakenOverCannotOverwriteTheNewOwnersResult()
    {
        var hook = new SmsSendHook();
        await using var host = await MessagingHost.StartAsync(configure: hook.Install);
        var t = await host.GenerateTokenAsync();

        var aIsSending = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var letAFinish = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        hook.BeforeSend = async (call, _, ct) =>
        {
            if (call != 1) return;
            aIsSending.SetResult();
            await letAFinish.Task.WaitAsync(ct);
        };

        var workerA = Task.Run(() => host.Worker.RunOnceAsync("worker-a", CancellationToken.None));
        await aIsSending.Task.WaitAsync(TimeSpan.FromSeconds(10)); // A is stuck in the gateway call, past its lease
        host.Clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(2, await host.Worker.RunOnceAsync("worker-b", CancellationToken.None));
        var byB = await host.DeliveryAsync(t.TreatmentId, DeliveryChannel.Sms);
        Assert.Equal(DeliveryStatus.Sent, byB.Status);

        letAFinish.SetResult();
        Assert.Equal(0, await workerA.WaitAsync(TimeSpan.FromSeconds(10))); // nothing recorded by A

        var sms = await host.DeliveryAsync(t.TreatmentId, DeliveryChannel.Sms);
        Assert.Equal(byB.ProviderMessageId, sms.ProviderMessageId);
        Assert.Equal(byB.SentAtUtc, sms.SentAtUtc);
        Assert.Equal(1, sms.Attempts);
        Assert.Contains(host.Logs.Lines, l => l.Contains("lease lost", StringComparison.Ordinal));
        host.AssertNoCodeInLogs();
    }
}
