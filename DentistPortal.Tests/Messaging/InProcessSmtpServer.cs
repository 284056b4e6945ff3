using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
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

    public static async Task<InProcessSmtpServer> StartAsync(params string[] refusedRecipients)
    {
        var port = FreeLoopbackPort();
        var server = new InProcessSmtpServer(port, refusedRecipients);
        var options = new SmtpServerOptionsBuilder()
            .ServerName("smtp.test.local")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, port)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(server));
        services.Add(new Filter(server));
        server.running = new SmtpServer.SmtpServer(options, services).StartAsync(server.stop.Token);
        await server.WaitUntilListeningAsync();
        return server;
    }

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

    private sealed class Filter(InProcessSmtpServer server) : IMailboxFilter
    {
        public Task<bool> CanAcceptFromAsync(ISessionContext context, IMailbox from, int size, CancellationToken cancellationToken) =>
            Task.FromResult(true);

        public Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken) =>
            Task.FromResult(!server.Refused.Contains($"{to.User}@{to.Host}", StringComparer.OrdinalIgnoreCase));
    }
}

public sealed record ReceivedMail(string EnvelopeFrom, IReadOnlyList<string> EnvelopeTo, MimeMessage Message);
