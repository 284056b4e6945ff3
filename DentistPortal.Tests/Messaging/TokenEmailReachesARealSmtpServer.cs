using System.Globalization;
using System.Net;
using DentistPortal.Domain.Common;
using DentistPortal.Domain.Messaging;

namespace DentistPortal.Tests.Messaging;

/// <summary>The token e-mail goes through MailKit to a real SMTP server on 127.0.0.1 and says everything TR-11 asks.</summary>
public class TokenEmailReachesARealSmtpServer
{
    [Fact]
    public async Task TheServerReceivesAPortugueseEmailWithTheCodeTheTreatmentAndHowToReportIt()
    {
        await using var smtp = await InProcessSmtpServer.StartAsync();
        await using var host = await MessagingHost.StartAsync(smtp.Settings());
        var t = await host.GenerateTokenAsync();

        Assert.Equal(2, await host.Worker.RunOnceAsync("worker-a", CancellationToken.None));

        var mail = Assert.Single(smtp.Received);
        var message = mail.Message;
        var from = Assert.Single(message.From.Mailboxes);
        Assert.Equal("Sorriso Pleno Odontologia", from.Name);
        Assert.Equal("token@sorrisopleno.example", from.Address);
        Assert.Equal("token@sorrisopleno.example", mail.EnvelopeFrom);
        Assert.Equal(MessagingHost.MariaEmail, Assert.Single(message.To.Mailboxes).Address);
        Assert.Equal([MessagingHost.MariaEmail], mail.EnvelopeTo);
        Assert.Contains(t.Number, message.Subject);
        Assert.StartsWith("Sorriso Pleno Odontologia", message.Subject);
        Assert.Equal("multipart/alternative", message.Body!.ContentType.MimeType);

        DateTimeOffset expires;
        await using (var db = await host.DbAsync())
            expires = db.Tokens.Single(k => k.Id == t.TokenId).ExpiresAtUtc;
        var validUntil = BrazilTime.ToLocal(expires).ToString("dd/MM/yyyy 'às' HH:mm", CultureInfo.GetCultureInfo("pt-BR"));
        Assert.Equal("27/11/2026 às 10:00", validUntil); // 48 h after 25/11 10:00 in Brasília

        var text = message.TextBody;
        var html = WebUtility.HtmlDecode(message.HtmlBody);
        Assert.NotNull(text);
        Assert.NotNull(message.HtmlBody);
        foreach (var part in new[] { text, html })
        {
            Assert.Contains(MessagingHost.Code, part);
            Assert.Contains(t.Number, part);
            Assert.Contains("Dra. Ana Beatriz Ferreira", part);
            Assert.Contains("Clínica Sorriso Paulista", part);
            Assert.Contains(validUntil, part);
            Assert.Contains("ão compartilhe", part); // "Não compartilhe" / "não compartilhe"
            Assert.Contains(MessagingHost.SacNumber, part);
            Assert.Contains("Olá, Maria", part);
        }
        Assert.Contains("lang=\"pt-BR\"", message.HtmlBody);

        var email = await host.DeliveryAsync(t.TreatmentId, DeliveryChannel.Email);
        Assert.Equal(DeliveryStatus.Sent, email.Status);
        Assert.Equal(message.MessageId, email.ProviderMessageId);
        Assert.Equal(1, email.Attempts);
        Assert.Null(email.LeaseOwner);

        await SmsGatewayTroubleIsRetried.AssertAllEndedAsync(host);
        host.AssertNoCodeInLogs();
    }

    [Fact]
    public async Task AMailboxTheServerRefusesFailsAtOnceWithTheReason()
    {
        await using var smtp = await InProcessSmtpServer.StartAsync(MessagingHost.MariaEmail);
        await using var host = await MessagingHost.StartAsync(smtp.Settings());
        var t = await host.GenerateTokenAsync();

        await host.Worker.RunOnceAsync("worker-a", CancellationToken.None);

        var email = await host.DeliveryAsync(t.TreatmentId, DeliveryChannel.Email);
        Assert.Equal(DeliveryStatus.Failed, email.Status);
        Assert.StartsWith("Servidor de e-mail recusou o destinatário", email.LastError);
        Assert.Empty(smtp.Received);
        host.AssertNoCodeInLogs();
    }

    [Fact]
    public async Task AnSmtpServerThatCannotBeReachedLeavesTheEmailPendingForALaterAttempt()
    {
        await using var smtp = await InProcessSmtpServer.StartAsync();
        var settings = smtp.Settings();
        settings["Messaging:Email:Port"] = "1"; // nothing listens there: connection refused
        await using var host = await MessagingHost.StartAsync(settings);
        var t = await host.GenerateTokenAsync();

        await host.Worker.RunOnceAsync("worker-a", CancellationToken.None);

        var email = await host.DeliveryAsync(t.TreatmentId, DeliveryChannel.Email);
        Assert.Equal(DeliveryStatus.Pending, email.Status);
        Assert.Equal(1, email.Attempts);
        Assert.Equal("Servidor de e-mail inacessível (falha de conexão ou de protocolo).", email.LastError);
        Assert.True(email.NextAttemptAtUtc > host.Clock.GetUtcNow());
        host.AssertNoCodeInLogs();
    }
}
