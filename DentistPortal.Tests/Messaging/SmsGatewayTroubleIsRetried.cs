using DentistPortal.Domain.Messaging;

namespace DentistPortal.Tests.Messaging;

/// <summary>
/// Transient gateway trouble (5xx, no answer, connection refused, credentials) leaves the SMS pending with a
/// pt-BR reason and a growing delay; it is sent once the gateway is fine. The clock is moved, never slept on.
/// </summary>
public class SmsGatewayTroubleIsRetried
{
    [Fact]
    public async Task ServerErrorsAreRetriedWithGrowingDelaysUntilTheMessageIsSent()
    {
        using var gateway = FakeSmsGateway.Start();
        gateway.Fails(500);
        await using var host = await MessagingHost.StartAsync(gateway.Settings());
        var t = await host.GenerateTokenAsync();

        await host.Worker.RunOnceAsync("worker-a", CancellationToken.None);
        var first = await host.DeliveryAsync(t.TreatmentId, DeliveryChannel.Sms);
        Assert.Equal(DeliveryStatus.Pending, first.Status);
        Assert.Equal(1, first.Attempts);
        Assert.Equal("Gateway SMS indisponível (HTTP 500).", first.LastError);
        Assert.Null(first.LeaseOwner);
        Assert.Null(first.LeaseUntilUtc);
        AssertDelay(first, host.Clock.GetUtcNow(), baseSeconds: 5);
        Assert.Equal(3, gateway.Requests.Count); // one call = the attempt and its 2 quick retries

        // Not due yet: nothing happens.
        Assert.Equal(0, await host.Worker.RunOnceAsync("worker-a", CancellationToken.None));
        Assert.Equal(3, gateway.Requests.Count);

        await host.AdvanceToNextAttemptAsync(first.Id);
        await host.Worker.RunOnceAsync("worker-a", CancellationToken.None);
        var second = await host.DeliveryAsync(t.TreatmentId, DeliveryChannel.Sms);
        Assert.Equal(DeliveryStatus.Pending, second.Status);
        Assert.Equal(2, second.Attempts);
        AssertDelay(second, host.Clock.GetUtcNow(), baseSeconds: 10);

        gateway.Accepts("gw-after-500");
        await host.AdvanceToNextAttemptAsync(first.Id);
        Assert.Equal(1, await host.Worker.RunOnceAsync("worker-a", CancellationToken.None));
        var sent = await host.DeliveryAsync(t.TreatmentId, DeliveryChannel.Sms);
        Assert.Equal(DeliveryStatus.Sent, sent.Status);
        Assert.Equal(3, sent.Attempts);
        Assert.Equal("gw-after-500", sent.ProviderMessageId);
        Assert.Null(sent.LastError);

        await AssertAllEndedAsync(host);
        host.AssertNoCodeInLogs();
    }

    [Fact]
    public async Task AGatewayThatDoesNotAnswerInTimeIsRecordedAsTransientAndTriedAgain()
    {
        using var gateway = FakeSmsGateway.Start();
        gateway.AnswersAfter(TimeSpan.FromMilliseconds(1500), "gw-too-late"); // the portal waits 1 s per attempt
        await using var host = await MessagingHost.StartAsync(gateway.Settings(timeoutSeconds: 1));
        var t = await host.GenerateTokenAsync();

        await host.Worker.RunOnceAsync("worker-a", CancellationToken.None);
        var late = await host.DeliveryAsync(t.TreatmentId, DeliveryChannel.Sms);
        Assert.Equal(DeliveryStatus.Pending, late.Status);
        Assert.Equal(1, late.Attempts);
        Assert.Equal("Gateway SMS não respondeu a tempo.", late.LastError);
        Assert.True(late.NextAttemptAtUtc > host.Clock.GetUtcNow());

        gateway.Accepts("gw-in-time");
        await host.AdvanceToNextAttemptAsync(late.Id);
        await host.Worker.RunOnceAsync("worker-a", CancellationToken.None);
        var sent = await host.DeliveryAsync(t.TreatmentId, DeliveryChannel.Sms);
        Assert.Equal(DeliveryStatus.Sent, sent.Status);
        Assert.Equal("gw-in-time", sent.ProviderMessageId);
        Assert.Equal(2, sent.Attempts);

        await AssertAllEndedAsync(host);
        host.AssertNoCodeInLogs();
    }

    [Fact]
    public async Task AGatewayDownForAWhileGetsTheMessageOnceItIsBack()
    {
        using var gateway = FakeSmsGateway.Start();
        gateway.Accepts("gw-before");
        await using var host = await MessagingHost.StartAsync(gateway.Settings());
        var before = await host.GenerateTokenAsync("111111");
        await host.Worker.RunOnceAsync("worker-a", CancellationToken.None);
        Assert.Equal(DeliveryStatus.Sent, (await host.DeliveryAsync(before.TreatmentId, DeliveryChannel.Sms)).Status);

        gateway.TakeDown();
        var t = await host.GenerateTokenAsync();
        for (var attempt = 1; attempt <= 2; attempt++)
        {
            var sms = await host.DeliveryAsync(t.TreatmentId, DeliveryChannel.Sms);
            await host.AdvanceToNextAttemptAsync(sms.Id);
            await host.Worker.RunOnceAsync("worker-a", CancellationToken.None);
            var down = await host.DeliveryAsync(t.TreatmentId, DeliveryChannel.Sms);
            Assert.Equal(DeliveryStatus.Pending, down.Status);
            Assert.Equal(attempt, down.Attempts);
            Assert.Equal("Gateway SMS inacessível (falha de conexão).", down.LastError);
        }

        gateway.BringUp();
        gateway.Accepts("gw-back");
        var pending = await host.DeliveryAsync(t.TreatmentId, DeliveryChannel.Sms);
        await host.AdvanceToNextAttemptAsync(pending.Id);
        await host.Worker.RunOnceAsync("worker-a", CancellationToken.None);
        var sent = await host.DeliveryAsync(t.TreatmentId, DeliveryChannel.Sms);
        Assert.Equal(DeliveryStatus.Sent, sent.Status);
        Assert.Equal("gw-back", sent.ProviderMessageId);
        Assert.Equal(3, sent.Attempts);
        Assert.Equal(2, gateway.Requests.Count); // nothing reached it while it was down

        await AssertAllEndedAsync(host);
        host.AssertNoCodeInLogs("111111");
        host.AssertNoCodeInLogs();
    }

    [Fact]
    public async Task ACredentialTheGatewayRefusesIsRetriedNotGivenUp()
    {
        using var gateway = FakeSmsGateway.Start();
        gateway.Fails(401);
        await using var host = await MessagingHost.StartAsync(gateway.Settings());
        var t = await host.GenerateTokenAsync();

        await host.Worker.RunOnceAsync("worker-a", CancellationToken.None);
        var refused = await host.DeliveryAsync(t.TreatmentId, DeliveryChannel.Sms);
        Assert.Equal(DeliveryStatus.Pending, refused.Status);
        Assert.StartsWith("Gateway SMS recusou a credencial da operadora (HTTP 401)", refused.LastError);
        Assert.Single(gateway.Requests); // not retried within the call: only time (and a fixed key) helps

        gateway.Accepts("gw-new-key");
        await host.AdvanceToNextAttemptAsync(refused.Id);
        await host.Worker.RunOnceAsync("worker-a", CancellationToken.None);
        Assert.Equal(DeliveryStatus.Sent, (await host.DeliveryAsync(t.TreatmentId, DeliveryChannel.Sms)).Status);

        await AssertAllEndedAsync(host);
        host.AssertNoCodeInLogs();
    }

    /// <summary>Next attempt = now + base × 2^(n−1) with a ±20 % jitter.</summary>
    private static void AssertDelay(Delivery d, DateTimeOffset now, double baseSeconds)
    {
        var delay = (d.NextAttemptAtUtc - now).TotalSeconds;
        Assert.InRange(delay, baseSeconds * 0.8 - 0.001, baseSeconds * 1.2 + 0.001);
    }

    internal static async Task AssertAllEndedAsync(MessagingHost host)
    {
        foreach (var d in await host.DeliveriesAsync())
        {
            Assert.True(d.Status is DeliveryStatus.Sent or DeliveryStatus.Failed, $"Delivery {d.Id} is still {d.Status}.");
            if (d.Status == DeliveryStatus.Sent) Assert.NotNull(d.ProviderMessageId);
            else Assert.False(string.IsNullOrWhiteSpace(d.LastError), $"Delivery {d.Id} failed without a reason.");
            Assert.Null(d.LeaseOwner);
        }
    }
}
