using System.Net;
using System.Net.Sockets;
using DentistPortal.Domain.Webhooks;

namespace DentistPortal.Infrastructure.Webhooks;

/// <summary>Resolves a webhook host name to its addresses (default: DNS). Replaceable so tests can resolve a public-looking name inside.</summary>
public interface IWebhookAddressResolver
{
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct);
}

/// <summary>The system resolver (<see cref="Dns.GetHostAddressesAsync(string, CancellationToken)"/>).</summary>
public sealed class DnsWebhookAddressResolver : IWebhookAddressResolver
{
    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct) => Dns.GetHostAddressesAsync(host, ct);
}

/// <summary>The webhook client refused to connect: the destination resolved to an internal address. Carries no URL.</summary>
public sealed class WebhookDestinationRefusedException() : IOException("Destino interno recusado.");

/// <summary>
/// The webhook client's connect step (issue 11, webhooks; SSRF finding): resolves the host once, refuses when ANY of its
/// addresses is not public (<see cref="PublicAddress.IsAllowed"/>; loopback only in Development), and connects the socket
/// to the addresses it checked, so a name that resolves inside, or changes its answer after the check (DNS rebinding),
/// is never reached.
/// </summary>
public sealed class WebhookConnector(IWebhookAddressResolver resolver, bool development)
{
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host.Trim('[', ']');
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await resolver.ResolveAsync(host, ct);
        if (addresses.Length == 0 || addresses.Any(a => !PublicAddress.IsAllowed(a, development)))
            throw new WebhookDestinationRefusedException();
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
