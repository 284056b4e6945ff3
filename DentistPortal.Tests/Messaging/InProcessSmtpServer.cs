using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using MimeKit;
using SmtpServer;
using SmtpServer.Authentication;
using SmtpServer.Mail;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace DentistPortal.Tests.Messaging;

/// <summary>A real SMTP server (SmtpServer package) on 127.0.0.1 that keeps what it receives; can refuse chosen mailboxes.</summary>
public sealed class InProcessSmtpServer : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private Task running = Task.CompletedTask;

    private InProcessSmtpServer(int port, IReadOnlyCollection<string> refused)
    {
        Port = port;
        Refused = refused;
    }

    public int Port { get; }
    public IReadOnlyCollection<string> Refused { get; }
    public ConcurrentQueue<ReceivedMail> Received { get; } = new();

    public static Task<InProcessSmtpServer> StartAsync(params string[] refusedRecipients) =>
        StartCoreAsync(refusedRecipients, (e, _) => e);

    /// <summary>
    /// A server offering TLS with <paramref name="certificate"/>: STARTTLS on a plain connection, or TLS from the first
    /// byte with <paramref name="implicitTls"/>. It accepts AUTH (any password) and records each login with whether the
    /// session was encrypted at that moment.
    /// </summary>
    public static Task<InProcessSmtpServer> StartWithTlsAsync(X509Certificate2 certificate, bool implicitTls) =>
        StartCoreAsync([], (e, _) => e.Certificate(certificate).IsSecure(implicitTls).AllowUnsecureAuthentication(false));

    /// <summary>A plaintext server that would even accept AUTH without TLS: proves the portal never offers credentials to it.</summary>
    public static Task<InProcessSmtpServer> StartPlaintextAcceptingAuthAsync() =>
        StartCoreAsync([], (e, _) => e.AllowUnsecureAuthentication(true));

    /// <summary>Logins the server saw: user name and whether the connection was encrypted.</summary>
    public ConcurrentQueue<(string User, bool Secure)> Logins { get; } = new();

    private static async Task<InProcessSmtpServer> StartCoreAsync(string[] refusedRecipients, Func<EndpointDefinitionBuilder, int, EndpointDefinitionBuilder> endpoint)
    {
        var port = FreeLoopbackPort();
        var server = new InProcessSmtpServer(port, refusedRecipients);
        var options = new SmtpServerOptionsBuilder()
            .ServerName("smtp.test.local")
            .Endpoint(e => endpoint(e.Endpoint(new IPEndPoint(IPAddress.Loopback, port)), port))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(server));
        services.Add(new Filter(server));
        services.Add(new Authenticator(server));
        server.running = new SmtpServer.SmtpServer(options, services).StartAsync(server.stop.Token);
        await server.WaitUntilListeningAsync();
        return server;
    }

    /// <summary>A self-signed certificate for 127.0.0.1 / localhost, with its private key usable by the server.</summary>
    public static X509Certificate2 SelfSignedCertificate()
    {
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", rsa, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new System.Security.Cryptography.Oid("1.3.6.1.5.5.7.3.1")], false));
        using var created = request.CreateSelfSigned(new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2090, 1, 1, 0, 0, 0, TimeSpan.Zero));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
    }

    /// <summary>SHA-256 fingerprint (hex) of a certificate, as Messaging:Email:ServerCertificateSha256 takes it.</summary>
    public static string Fingerprint(X509Certificate2 certificate) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(certificate.RawData));

    /// <summary>Settings that make the portal send e-mail here.</summary>
    public Dictionary<string, string?> Settings() => new()
    {
        ["Messaging:Email:Provider"] = "Smtp",
        ["Messaging:Email:Host"] = "127.0.0.1",
        ["Messaging:Email:Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Messaging:Email:From"] = "token@sorrisopleno.example",
        ["Messaging:Email:Security"] = "None", // loopback, no credentials
        ["Messaging:Email:TimeoutSeconds"] = "2",
    };

    private async Task WaitUntilListeningAsync()
    {
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(20);
            }
        }
        throw new InvalidOperationException("The test SMTP server did not start.");
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        try { await running.WaitAsync(TimeSpan.FromSeconds(5)); }
        catch (OperationCanceledException) { }
        catch (TimeoutException) { }
        stop.Dispose();
    }

    private sealed class Store(InProcessSmtpServer server) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction,
            ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            await using var stream = new MemoryStream();
            foreach (var segment in buffer) await stream.WriteAsync(segment, cancellationToken);
            stream.Position = 0;
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            server.Received.Enqueue(new ReceivedMail(
                $"{transaction.From.User}@{transaction.From.Host}",
                [.. transaction.To.Select(t => $"{t.User}@{t.Host}")],
                message));
            return SmtpResponse.Ok;
        }
    }

    private sealed class Authenticator(InProcessSmtpServer server) : IUserAuthenticator
    {
        public Task<bool> AuthenticateAsync(ISessionContext context, string user, string password, CancellationToken cancellationToken)
        {
            server.Logins.Enqueue((user, context.Pipe.IsSecure));
            return Task.FromResult(true);
        }
    }

    private sealed class Filter(InProcessSmtpServer server) : IMailboxFilter
    {
        public Task<bool> CanAcceptFromAsync(ISessionContext context, IMailbox from, int size, CancellationToken cancellationToken) =>
            Task.FromResult(true);

        public Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken) =>
            Task.FromResult(!server.Refused.Contains($"{to.User}@{to.Host}", StringComparer.OrdinalIgnoreCase));
    }
}

public sealed record ReceivedMail(string EnvelopeFrom, IReadOnlyList<string> EnvelopeTo, MimeMessage Message);
