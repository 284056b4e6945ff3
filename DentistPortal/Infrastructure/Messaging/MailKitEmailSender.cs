using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using DentistPortal.Domain.Support;
using DentistPortal.Infrastructure.Security;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Utils;
using SmtpClient = MailKit.Net.Smtp.SmtpClient;

namespace DentistPortal.Infrastructure.Messaging;

/// <summary>
/// Token e-mails over SMTP with MailKit: pt-BR, HTML with a plain-text alternative, From = the operator.
/// A mailbox the server refuses for good (5xx on the recipient or the message) is a permanent failure;
/// anything about the connection, the protocol, authentication or time is transient and retried by the outbox.
/// Neither the body nor the subject is ever logged.
/// </summary>
public sealed class MailKitEmailSender(IOptionsMonitor<MessagingOptions> options, IOptionsMonitor<OperatorOptions> operatorOptions,
    TimeProvider time, ILogger<MailKitEmailSender> logger) : IEmailSender
{
    public async Task<SendResult> SendAsync(string to, string subject, string text, string html, string reference, CancellationToken ct)
    {
        var o = options.CurrentValue.Email;
        if (!MailboxAddress.TryParse(to, out var recipient) || string.IsNullOrEmpty(recipient.Address) || !recipient.Address.Contains('@'))
            return SendResult.Rejected("Endereço de e-mail inválido: mensagem não enviada.");
        if (!MailboxAddress.TryParse(o.From, out var fromAddress))
            return SendResult.Transient("Remetente de e-mail mal configurado (Messaging:Email:From).");

        var fromName = string.IsNullOrWhiteSpace(o.FromName) ? operatorOptions.CurrentValue.Name : o.FromName;
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(fromName, fromAddress.Address));
        message.To.Add(new MailboxAddress(recipient.Name, recipient.Address));
        message.Subject = subject;
        message.Date = time.GetUtcNow();
        var domain = fromAddress.Address[(fromAddress.Address.IndexOf('@') + 1)..];
        message.MessageId = MimeUtils.GenerateMessageId(domain);
        message.Headers.Add("Content-Language", "pt-BR");
        message.Headers.Add("X-Delivery-Reference", reference);
        message.Body = new BodyBuilder { TextBody = text, HtmlBody = html }.ToMessageBody(); // multipart/alternative

        // Network time is real time: sockets do not follow an injected clock.
        var timeout = TimeSpan.FromSeconds(Math.Max(1, o.TimeoutSeconds));
        using var timeoutCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeoutCts.CancelAfter(timeout);
        // Issue 10 (Environments): TLS unless the server is on loopback; credentials never over plaintext.
        if (SmtpSecurityRules.WhyRefused(o) is { } refused)
        {
            logger.LogError("SMTP send of {Reference} refused by configuration: {Reason}", reference, refused);
            return SendResult.Transient("Envio de e-mail recusado: configuração de SMTP sem TLS (veja o registro do servidor).");
        }
        using var client = new SmtpClient { Timeout = (int)timeout.TotalMilliseconds };
        if (!string.IsNullOrWhiteSpace(o.ServerCertificateSha256))
            client.ServerCertificateValidationCallback = (_, certificate, _, errors) =>
                errors == System.Net.Security.SslPolicyErrors.None || Pinned(certificate, o.ServerCertificateSha256);
        try
        {
            var socketOptions = o.Security switch
            {
                SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
                SmtpSecurity.None => SecureSocketOptions.None,
                _ => SecureSocketOptions.StartTls, // fails when the server does not offer STARTTLS: never a silent downgrade
            };
            await client.ConnectAsync(o.Host, o.Port, socketOptions, timeoutCts.Token);
            if (!string.IsNullOrEmpty(o.UserName))
            {
                if (!client.IsSecure)
                {
                    logger.LogError("SMTP credentials not sent for {Reference}: the connection is not encrypted.", reference);
                    return SendResult.Transient("Envio de e-mail recusado: a conexão com o servidor de e-mail não está protegida por TLS.");
                }
                await client.AuthenticateAsync(o.UserName, o.Password ?? "", timeoutCts.Token);
            }
            await client.SendAsync(message, timeoutCts.Token);
            try { await client.DisconnectAsync(quit: true, timeoutCts.Token); }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                // Accepted already: a failed QUIT changes nothing.
                logger.LogDebug("SMTP QUIT after {Reference} failed ({Error}).", reference, ex.GetType().Name);
            }
            logger.LogInformation("SMTP server accepted {Reference} as {ProviderMessageId}.", reference, message.MessageId);
            return SendResult.Sent(message.MessageId);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (SmtpCommandException ex)
        {
            var code = (int)ex.StatusCode;
            logger.LogWarning("SMTP server refused {Reference}: {ErrorCode} {StatusCode}.", reference, ex.ErrorCode, code);
            var permanent = code >= 500 && ex.ErrorCode is SmtpErrorCode.RecipientNotAccepted or SmtpErrorCode.MessageNotAccepted;
            return permanent
                ? SendResult.Rejected($"Servidor de e-mail recusou o destinatário ou a mensagem (SMTP {code}): confira o e-mail cadastrado.")
                : SendResult.Transient($"Servidor de e-mail recusou temporariamente o envio (SMTP {code}).");
        }
        catch (AuthenticationException)
        {
            logger.LogWarning("SMTP authentication failed for {Reference}.", reference);
            return SendResult.Transient("Servidor de e-mail recusou a autenticação da operadora.");
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException
                                   || ex is IOException { InnerException: SocketException { SocketErrorCode: SocketError.TimedOut } })
        {
            logger.LogWarning("SMTP server did not answer in time for {Reference}.", reference);
            return SendResult.Transient("Servidor de e-mail não respondeu a tempo.");
        }
        catch (NotSupportedException)
        {
            // MailKit: the server did not offer STARTTLS. Never fall back to plaintext (issue 10, Environments).
            logger.LogError("SMTP server {Host} does not offer STARTTLS: {Reference} not sent (Messaging:Email:Security is StartTls).", o.Host, reference);
            return SendResult.Transient("Servidor de e-mail não oferece STARTTLS: envio recusado (Messaging:Email:Security).");
        }
        catch (Exception ex) when (ex is SocketException or IOException or SmtpProtocolException or ServiceNotConnectedException
                                   or SslHandshakeException or ProtocolException or CommandException)
        {
            logger.LogWarning("SMTP connection failed for {Reference}: {Error}.", reference, ex.GetType().Name);
            return SendResult.Transient("Servidor de e-mail inacessível (falha de conexão ou de protocolo).");
        }
    }

    private static bool Pinned(X509Certificate? certificate, string fingerprint) =>
        certificate is not null && string.Equals(
            Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(certificate.GetRawCertData())),
            fingerprint.Replace(":", "", StringComparison.Ordinal).Trim(), StringComparison.OrdinalIgnoreCase);

}
