using System.Net;
using System.Net.Sockets;

namespace DentistPortal.Tests.ScaleOut;

/// <summary>
/// A loopback TCP relay to PostgreSQL: an instance whose connection string goes through it loses its database when
/// <see cref="Cut"/> is called (open connections are closed, new ones refused), while its siblings keep theirs.
/// </summary>
public sealed class TcpRelay : IDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly string targetHost;
    private readonly int targetPort;
    private readonly List<TcpClient> open = [];
    private readonly CancellationTokenSource stop = new();

    public TcpRelay(string targetHost, int targetPort)
    {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        listener.Start();
        _ = AcceptAsync();
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    /// <summary>The database "goes away" for whoever uses this relay.</summary>
    public void Cut()
    {
        stop.Cancel();
        listener.Stop();
        lock (open)
        {
            foreach (var c in open) c.Dispose();
            open.Clear();
        }
    }

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        var server = new TcpClient();
        lock (open)
        {
            open.Add(client);
            open.Add(server);
        }
        try
        {
            await server.ConnectAsync(targetHost, targetPort, stop.Token);
            var a = client.GetStream();
            var b = server.GetStream();
            await Task.WhenAny(a.CopyToAsync(b, stop.Token), b.CopyToAsync(a, stop.Token));
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // the relay was cut or a side closed
        }
        finally
        {
            client.Dispose();
            server.Dispose();
        }
    }

    public void Dispose()
    {
        Cut();
        stop.Dispose();
    }
}
