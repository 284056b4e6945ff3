using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace DentistPortal.Tests.EndToEnd;

/// <summary>
/// A loopback TCP proxy that delays every chunk by a fixed latency in each direction, keeping order: a slow mobile
/// connection for the Blazor circuit's WebSocket (and the page's HTTP), without throttling the bandwidth.
/// </summary>
public sealed class DelayingProxy : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    private readonly int targetPort;
    private readonly TimeSpan latency;
    private readonly Task accepting;
    private long chunks;

    public DelayingProxy(int targetPort, TimeSpan latency)
    {
        this.targetPort = targetPort;
        this.latency = latency;
        listener.Start();
        accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    /// <summary>Chunks forwarded so far (proves the traffic went through the delay).</summary>
    public long Chunks => Interlocked.Read(ref chunks);

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await listener.AcceptTcpClientAsync(stop.Token); }
            catch (OperationCanceledException) { return; }
            catch (ObjectDisposedException) { return; }
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        using (var server = new TcpClient())
        {
            try
            {
                client.NoDelay = true;
                server.NoDelay = true;
                await server.ConnectAsync(IPAddress.Loopback, targetPort, stop.Token);
                await Task.WhenAny(PipeAsync(client.GetStream(), server.GetStream()), PipeAsync(server.GetStream(), client.GetStream()));
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // a side closed: the connection ends
            }
        }
    }

    /// <summary>Reads as data comes and writes each chunk <see cref="latency"/> after it was read, in order.</summary>
    private async Task PipeAsync(NetworkStream from, NetworkStream to)
    {
        var queue = Channel.CreateUnbounded<(long Due, byte[] Data)>();
        var writer = Task.Run(async () =>
        {
            await foreach (var (due, data) in queue.Reader.ReadAllAsync(stop.Token))
            {
                var wait = TimeSpan.FromTicks(due - DateTime.UtcNow.Ticks);
                if (wait > TimeSpan.Zero) await Task.Delay(wait, stop.Token); // the simulated latency itself
                await to.WriteAsync(data, stop.Token);
                Interlocked.Increment(ref chunks);
            }
        });
        var buffer = new byte[64 * 1024];
        try
        {
            int n;
            while ((n = await from.ReadAsync(buffer, stop.Token)) > 0)
                queue.Writer.TryWrite((DateTime.UtcNow.Ticks + latency.Ticks, buffer[..n]));
        }
        finally
        {
            queue.Writer.TryComplete();
        }
        await writer;
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        try { await accepting; } catch (OperationCanceledException) { }
        stop.Dispose();
    }
}
