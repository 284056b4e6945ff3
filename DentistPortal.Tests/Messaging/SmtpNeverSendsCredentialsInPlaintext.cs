using DentistPortal.Domain.Support;
using DentistPortal.Infrastructure.Messaging;
using DentistPortal.Infrastructure.Security;
using DentistPortal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DentistPortal.Tests.Messaging;

/// <summary>
/// Issue 10 (Environments): SMTP is StartTls by default, SslOnConnect is supported, None only to loopback without
/// credentials; credentials never cross a plaintext connection. Real SMTP servers on 127.0.0.1, with a self-signed
/// certificate trusted by its pinned fingerprint.
/// </summary>
public class SmtpNeverSendsCredentialsInPlaintext
{
    private static readonly System.Security.Cryptography.X509Certificates.X509Certificate2 Certificate = InProcessSmtpServer.SelfSignedCertificate();

    [Fact]
    public void StartTlsIsTheDefault() => Assert.Equal(SmtpSecurity.StartTls, new EmailOptions().Security);

    [Fact]
    public async Task StartTlsUpgradesTheConnectionBeforeTheLogin()
    {
        await using var smtp = await InProcessSmtpServer.StartWithTlsAsync(Certificate, implicitTls: false);
        var (sender, logs) = Sender(smtp.Port, SmtpSecurity.StartTls, credentials: true);

        var result = await sender.SendAsync("maria@example.com.br", "Assunto", "texto", "<p>texto</p>", "d-1", CancellationToken.None);

        Assert.True(result.Success, result.Error);
        Assert.Equal([("portal", true)], smtp.Logins);
        Assert.Single(smtp.Received);
        Assert.DoesNotContain(logs.Lines, l => l.Contains("segredo", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ImplicitTlsSendsOverTlsFromTheFirstByte()
    {
        await using var smtp = await InProcessSmtpServer.StartWithTlsAsync(Certificate, implicitTls: true);
        var (sender, _) = Sender(smtp.Port, SmtpSecurity.SslOnConnect, credentials: true);

        var result = await sender.SendAsync("maria@example.com.br", "Assunto", "texto", "<p>texto</p>", "d-2", CancellationToken.None);

        Assert.True(result.Success, result.Error);
        Assert.Equal([("portal", true)], smtp.Logins);
        Assert.Single(smtp.Received);
    }

    [Fact]
    public async Task AServerWithoutStartTlsGetsNothingRatherThanAPlaintextLogin()
    {
        await using var smtp = await InProcessSmtpServer.StartPlaintextAcceptingAuthAsync();
        var (sender, logs) = Sender(smtp.Port, SmtpSecurity.StartTls, credentials: true);

        var result = await sender.SendAsync("maria@example.com.br", "Assunto", "texto", "<p>texto</p>", "d-3", CancellationToken.None);

        Assert.False(result.Success);
        Assert.Contains("STARTTLS", result.Error);
        Assert.Empty(smtp.Logins);
        Assert.Empty(smtp.Received);
        Assert.Contains(logs.Lines, l => l.Contains("does not offer STARTTLS", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PlaintextWithCredentialsIsRefusedBeforeConnecting()
    {
        await using var smtp = await InProcessSmtpServer.StartPlaintextAcceptingAuthAsync();
        var (sender, logs) = Sender(smtp.Port, SmtpSecurity.None, credentials: true);

        var result = await sender.SendAsync("maria@example.com.br", "Assunto", "texto", "<p>texto</p>", "d-4", CancellationToken.None);

        Assert.False(result.Success);
        Assert.Empty(smtp.Logins);
        Assert.Empty(smtp.Received);
        Assert.Contains(logs.Lines, l => l.Contains("credentials are never sent without TLS", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Contains("segredo", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PlaintextToALoopbackServerWithoutCredentialsIsAllowed()
    {
        await using var smtp = await InProcessSmtpServer.StartAsync();
        var (sender, _) = Sender(smtp.Port, SmtpSecurity.None, credentials: false);

        var result = await sender.SendAsync("maria@example.com.br", "Assunto", "texto", "<p>texto</p>", "d-5", CancellationToken.None);

        Assert.True(result.Success, result.Error);
        Assert.Single(smtp.Received);
    }

    [Fact]
    public async Task AnUntrustedCertificateIsRefusedUnlessItsFingerprintIsPinned()
    {
        await using var smtp = await InProcessSmtpServer.StartWithTlsAsync(Certificate, implicitTls: false);
        var (sender, _) = Sender(smtp.Port, SmtpSecurity.StartTls, credentials: true, pin: false);

        var result = await sender.SendAsync("maria@example.com.br", "Assunto", "texto", "<p>texto</p>", "d-6", CancellationToken.None);

        Assert.False(result.Success);
        Assert.Empty(smtp.Logins);
        Assert.Empty(smtp.Received);
    }

    [Theory]
    [InlineData("smtp.example.com", false, "plaintext SMTP is allowed only to a loopback server")]
    [InlineData("127.0.0.1", true, "credentials are never sent without TLS")]
    public void ThePortalRefusesToStartWithPlaintextSmtpOffLoopbackOrWithCredentials(string host, bool credentials, string expected)
    {
        var email = new EmailOptions { Provider = "Smtp", Host = host, Security = SmtpSecurity.None, UserName = credentials ? "portal" : null, Password = credentials ? "segredo" : null };
        var why = SmtpSecurityRules.WhyRefused(email);
        Assert.NotNull(why);
        Assert.Contains(expected, why);
        Assert.Contains("Messaging:Email:Security", why);
        Assert.DoesNotContain("segredo", why);
    }

    private static (MailKitEmailSender Sender, CapturingLoggerProvider Logs) Sender(int port, SmtpSecurity security, bool credentials, bool pin = true)
    {
        var logs = new CapturingLoggerProvider();
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        services.AddSingleton(TimeProvider.System);
        services.Configure<OperatorOptions>(o => o.Name = "Sorriso Pleno Odontologia");
        services.Configure<MessagingOptions>(o =>
        {
            o.Email.Provider = "Smtp";
            o.Email.Host = "127.0.0.1";
            o.Email.Port = port;
            o.Email.From = "token@sorrisopleno.example";
            o.Email.Security = security;
            o.Email.TimeoutSeconds = 5;
            if (credentials)
            {
                o.Email.UserName = "portal";
                o.Email.Password = "segredo";
            }
            if (pin) o.Email.ServerCertificateSha256 = InProcessSmtpServer.Fingerprint(Certificate);
        });
        services.AddTransient<MailKitEmailSender>();
        return (services.BuildServiceProvider().GetRequiredService<MailKitEmailSender>(), logs);
    }
}
