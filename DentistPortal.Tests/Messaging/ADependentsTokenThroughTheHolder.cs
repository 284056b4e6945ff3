using DentistPortal.Domain.Messaging;

namespace DentistPortal.Tests.Messaging;

/// <summary>
/// Issue 9 §7: Pedro (10, no contact of his own) receives through Maria's mobile and e-mail. What the dispatcher
/// actually sends greets Maria and names Pedro as the patient, in one SMS segment.
/// </summary>
public class ADependentsTokenThroughTheHolder
{
    [Fact]
    public async Task TheEmailAndSmsGreetTheHolderAndNameTheChild()
    {
        await using var host = await MessagingHost.StartAsync();
        await host.GenerateTokenAsync(MessagingHost.Code, cpfOrCard: "9876540000010030");

        Assert.Equal(2, await host.Worker.RunOnceAsync("worker-a", CancellationToken.None));

        var inbox = await host.DevInboxAsync();
        var email = Assert.Single(inbox, m => m.Channel == DeliveryChannel.Email);
        Assert.Equal(MessagingHost.MariaEmail, email.To);
        Assert.StartsWith("Olá, Maria.", email.Body);
        Assert.DoesNotContain("Olá, Pedro", email.Body);
        Assert.Contains("token do atendimento de Pedro", email.Body);
        Assert.Contains("Pedro", email.Subject);

        var sms = Assert.Single(inbox, m => m.Channel == DeliveryChannel.Sms);
        Assert.Equal(MessagingHost.MariaMobile, sms.To);
        Assert.Contains($"token {MessagingHost.Code} de Pedro", sms.Body);
        Assert.True(TokenMessage.FitsOneSegment(sms.Body), sms.Body);
    }
}
