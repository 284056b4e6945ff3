using DentistPortal.Domain.Messaging;

namespace DentistPortal.Tests.Messaging;

/// <summary>TR-9: the message text carries the code, so neither it nor a provider's error about it reaches a log or LastError.</summary>
public class CodesStayOutOfLogsAndErrors
{
    [Fact]
    public async Task AProviderThatThrowsWithTheTextInItsErrorLeaksNothingAndIsRetried()
    {
        var hook = new SmsSendHook
        {
            BeforeSend = (_, text, _) => throw new InvalidOperationException($"provider could not send '{text}'"),
        };
        await using var host = await MessagingHost.StartAsync(configure: hook.Install);
        var t = await host.GenerateTokenAsync();

        await host.Worker.RunOnceAsync("worker-a", CancellationToken.None);

        var sms = await host.DeliveryAsync(t.TreatmentId, DeliveryChannel.Sms);
        Assert.Equal(DeliveryStatus.Pending, sms.Status);
        Assert.Equal(1, sms.Attempts);
        Assert.Equal("Falha inesperada no envio por SMS (InvalidOperationException).", sms.LastError);
        Assert.Contains(host.Logs.Lines, l => l.Contains("InvalidOperationException", StringComparison.Ordinal));
        host.AssertNoCodeInLogs();

        hook.BeforeSend = null;
        await host.AdvanceToNextAttemptAsync(sms.Id);
        await host.Worker.RunOnceAsync("worker-a", CancellationToken.None);
        Assert.Equal(DeliveryStatus.Sent, (await host.DeliveryAsync(t.TreatmentId, DeliveryChannel.Sms)).Status);
        host.AssertNoCodeInLogs();
    }
}
