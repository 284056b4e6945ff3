using DentistPortal.Domain.Messaging;
using DentistPortal.Infrastructure.Messaging;
using Microsoft.Extensions.DependencyInjection;

namespace DentistPortal.Tests.Messaging;

/// <summary>The token SMS reaches the HTTP gateway exactly as docs/sms-gateway.md says.</summary>
public class SmsGoesThroughTheGateway
{
    [Fact]
    public async Task TheGatewayGetsTheBearerKeyAndOneSegmentWithTheCodeAndTheDeliveryEndsSent()
    {
        using var gateway = FakeSmsGateway.Start();
        gateway.Accepts("gw-123");
        await using var host = await MessagingHost.StartAsync(gateway.Settings());
        var t = await host.GenerateTokenAsync();
        var changes = new List<TreatmentChanged>();
        using var subscription = host.Services.GetRequiredService<ITreatmentEvents>().Subscribe(t.TreatmentId, c =>
        {
            lock (changes) changes.Add(c);
            return Task.CompletedTask;
        });

        Assert.Equal(2, await host.Worker.RunOnceAsync("worker-a", CancellationToken.None)); // the SMS and the e-mail (development inbox)

        var sms = await host.DeliveryAsync(t.TreatmentId, DeliveryChannel.Sms);
        Assert.Equal(DeliveryStatus.Sent, sms.Status);
        Assert.Equal("gw-123", sms.ProviderMessageId);
        Assert.Equal(1, sms.Attempts);
        Assert.Equal(host.Clock.GetUtcNow(), sms.SentAtUtc);
        Assert.Null(sms.LastError);
        Assert.Null(sms.LeaseOwner);
        Assert.Null(sms.LeaseUntilUtc);

        var request = Assert.Single(gateway.Requests);
        Assert.Equal("/v1/messages", request.Path);
        Assert.Equal($"Bearer {FakeSmsGateway.ApiKey}", request.Authorization);
        Assert.Equal(MessagingHost.MariaMobile, request.To);
        Assert.Equal($"delivery-{sms.Id}", request.Reference);
        Assert.True(TokenMessage.IsGsm7(request.Text), request.Text);
        Assert.InRange(TokenMessage.SmsSeptets(request.Text), 1, TokenMessage.SmsGsm7Limit);
        Assert.StartsWith("Sorriso Pleno: token ", request.Text); // the short SMS name (Operator:SmsName)
        Assert.Contains($"token {MessagingHost.Code}", request.Text);
        Assert.Contains(t.Number, request.Text);
        Assert.Contains("Nao compartilhe", request.Text);
        Assert.Contains($"SAC {MessagingHost.SacNumber}", request.Text);

        lock (changes) Assert.Contains(changes, c => c.What == "delivery");
        host.AssertNoCodeInLogs();
        Assert.DoesNotContain(host.Logs.Lines, l => l.Contains(FakeSmsGateway.ApiKey, StringComparison.Ordinal));
        Assert.DoesNotContain(host.Logs.Lines, l => l.Contains(request.Text, StringComparison.Ordinal));
    }
}
