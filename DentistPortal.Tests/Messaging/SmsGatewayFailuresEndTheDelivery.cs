using DentistPortal.Domain.Messaging;

namespace DentistPortal.Tests.Messaging;

/// <summary>A refusal ends the SMS at once; a gateway that never recovers ends it after MaxAttempts; both with a pt-BR reason.</summary>
public class SmsGatewayFailuresEndTheDelivery
{
    [Fact]
    public async Task ANumberTheGatewayRefusesFailsAtOnceWithTheReasonAndIsNotRetried()
    {
        using var gateway = FakeSmsGateway.Start();
        gateway.Fails(400);
        await using var host = await MessagingHost.StartAsync(gateway.Settings());
        var t = await host.GenerateTokenAsync();

        await host.Worker.RunOnceAsync("worker-a", CancellationToken.None);

        var sms = await host.DeliveryAsync(t.TreatmentId, DeliveryChannel.Sms);
        Assert.Equal(DeliveryStatus.Failed, sms.Status);
        Assert.Equal(1, sms.Attempts);
        Assert.StartsWith("Gateway recusou o número", sms.LastError);
        Assert.Contains("HTTP 400", sms.LastError);
        Assert.DoesNotContain(MessagingHost.Code, sms.LastError);
        Assert.Null(sms.SentAtUtc);
        Assert.Single(gateway.Requests); // a 400 is not retried, not even within the call

        host.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, await host.Worker.RunOnceAsync("worker-a", CancellationToken.None));
        Assert.Single(gateway.Requests);

        await SmsGatewayTroubleIsRetried.AssertAllEndedAsync(host);
        host.AssertNoCodeInLogs();
    }

    [Fact]
    public async Task AnUnprocessableMessageIsAPermanentRefusalToo()
    {
        using var gateway = FakeSmsGateway.Start();
        gateway.Fails(422);
        await using var host = await MessagingHost.StartAsync(gateway.Settings());
        var t = await host.GenerateTokenAsync();

        await host.Worker.RunOnceAsync("worker-a", CancellationToken.None);

        var sms = await host.DeliveryAsync(t.TreatmentId, DeliveryChannel.Sms);
        Assert.Equal(DeliveryStatus.Failed, sms.Status);
        Assert.Contains("HTTP 422", sms.LastError);
        host.AssertNoCodeInLogs();
    }

    [Fact]
    public async Task AGatewayThatAlwaysFailsEndsFailedAfterMaxAttemptsWithTheLastReason()
    {
        using var gateway = FakeSmsGateway.Start();
        gateway.Fails(503);
        await using var host = await MessagingHost.StartAsync(gateway.Settings()); // MaxAttempts = 4
        var t = await host.GenerateTokenAsync();
        var id = (await host.DeliveryAsync(t.TreatmentId, DeliveryChannel.Sms)).Id;

        for (var run = 1; run <= 4; run++)
        {
            await host.AdvanceToNextAttemptAsync(id);
            Assert.True(await host.Worker.RunOnceAsync("worker-a", CancellationToken.None) >= 1);
        }

        var sms = await host.DeliveryAsync(t.TreatmentId, DeliveryChannel.Sms);
        Assert.Equal(DeliveryStatus.Failed, sms.Status);
        Assert.Equal(4, sms.Attempts);
        Assert.Equal("Falhou após 4 tentativas: Gateway SMS indisponível (HTTP 503).", sms.LastError);
        Assert.Equal(12, gateway.Requests.Count); // 4 outbox attempts × (1 + 2 quick retries)

        host.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, await host.Worker.RunOnceAsync("worker-a", CancellationToken.None));

        await SmsGatewayTroubleIsRetried.AssertAllEndedAsync(host);
        host.AssertNoCodeInLogs();
    }
}
