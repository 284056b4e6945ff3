using DentistPortal.Domain.Messaging;
using DentistPortal.Infrastructure.Messaging;

namespace DentistPortal.Tests.Messaging;

/// <summary>TR-4 + TR-10: the text is built at send time, so a token that left Active before its message went out is never sent.</summary>
public class ASupersededTokenIsNeverSent
{
    [Fact]
    public async Task DeliveriesOfATokenSupersededBeforeSendingFailWithTheReasonAndOnlyTheNewCodeGoesOut()
    {
        await using var host = await MessagingHost.StartAsync();
        var t = await host.GenerateTokenAsync("111111");
        var newToken = await host.RegenerateAsync(t, MessagingHost.Code);

        await host.Worker.RunOnceAsync("worker-a", CancellationToken.None);

        var deliveries = await host.DeliveriesAsync();
        var old = deliveries.Where(d => d.TokenId == t.TokenId).ToList();
        var current = deliveries.Where(d => d.TokenId == newToken).ToList();
        Assert.Equal(2, old.Count);
        Assert.Equal(2, current.Count);
        Assert.All(old, d =>
        {
            Assert.Equal(DeliveryStatus.Failed, d.Status);
            Assert.Equal(DeliveryWorker.TokenNotActiveError, d.LastError);
            Assert.Equal(0, d.Attempts); // nothing was attempted
            Assert.Null(d.ProviderMessageId);
        });
        Assert.All(current, d => Assert.Equal(DeliveryStatus.Sent, d.Status));

        var inbox = await host.DevInboxAsync();
        Assert.Equal(2, inbox.Count);
        Assert.All(inbox, m => Assert.Contains(MessagingHost.Code, m.Body));
        Assert.DoesNotContain(inbox, m => m.Body.Contains("111111", StringComparison.Ordinal) || (m.HtmlBody ?? "").Contains("111111", StringComparison.Ordinal));

        host.AssertNoCodeInLogs("111111");
        host.AssertNoCodeInLogs();
    }

    [Fact]
    public async Task ATokenSupersededWhileItsSmsWaitsForARetryIsNotSentOnTheRetry()
    {
        using var gateway = FakeSmsGateway.Start();
        gateway.Fails(503);
        await using var host = await MessagingHost.StartAsync(gateway.Settings());
        var t = await host.GenerateTokenAsync("111111");
        await host.Worker.RunOnceAsync("worker-a", CancellationToken.None);
        var waiting = await host.DeliveryAsync(t.TreatmentId, DeliveryChannel.Sms);
        Assert.Equal(DeliveryStatus.Pending, waiting.Status);
        var before = gateway.Requests.Count;

        gateway.Accepts("gw-new");
        var newToken = await host.RegenerateAsync(t, MessagingHost.Code);
        await host.AdvanceToNextAttemptAsync(waiting.Id);
        await host.Worker.RunOnceAsync("worker-a", CancellationToken.None);

        var old = (await host.DeliveriesAsync()).Single(d => d.Id == waiting.Id);
        Assert.Equal(DeliveryStatus.Failed, old.Status);
        Assert.Equal(DeliveryWorker.TokenNotActiveError, old.LastError);
        Assert.Equal(1, old.Attempts);
        var after = gateway.Requests.Skip(before).ToList();
        var sent = Assert.Single(after); // only the new token's SMS
        Assert.Contains(MessagingHost.Code, sent.Text);
        Assert.Equal(DeliveryStatus.Sent, (await host.DeliveriesAsync()).Single(d => d.TokenId == newToken && d.Channel == DeliveryChannel.Sms).Status);

        await SmsGatewayTroubleIsRetried.AssertAllEndedAsync(host);
        host.AssertNoCodeInLogs("111111");
        host.AssertNoCodeInLogs();
    }
}
