using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace DentistPortal.Tests.Webhooks;

/// <summary>A clinic's webhook receiver, played by WireMock.Net on 127.0.0.1 (like <c>FakeSmsGateway</c>).</summary>
public sealed class WebhookReceiver : IDisposable
{
    public const string Path = "/dentistportal/webhooks";
    private readonly WireMockServer server;
    private int received;

    private WebhookReceiver(int port)
    {
        server = WireMockServer.Start(new WireMockServerSettings { Urls = [$"http://127.0.0.1:{port}"], StartAdminInterface = false });
        Url = $"http://127.0.0.1:{port}{Path}";
        Map();
    }

    public string Url { get; }


    public static WebhookReceiver Start()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new WebhookReceiver(port);
    }

    private volatile Func<int, int> statusOf = _ => 200;
    private volatile object? delay;

    /// <summary>Answers the n-th request (1-based) with the status <paramref name="status"/> gives, optionally after a delay.</summary>
    public void Answers(Func<int, int> status, TimeSpan? after = null)
    {
        statusOf = status;
        delay = after;
    }

    private void Map() =>
        server.Given(Request.Create().WithPath(Path).UsingPost()).RespondWith(Response.Create().WithCallback(async _ =>
        {
            var n = Interlocked.Increment(ref received);
            if (delay is TimeSpan d) await Task.Delay(d);
            var status = statusOf(n);
            var message = new WireMock.ResponseMessage
            {
                StatusCode = status,
                BodyData = new WireMock.Util.BodyData { DetectedBodyType = WireMock.Types.BodyType.String, BodyAsString = status < 300 ? "ok" : new string('x', 5000) },
            };
            // A redirect points back here: were it followed, a second request would arrive.
            if (status is >= 300 and < 400) message.AddHeader("Location", Url);
            return (WireMock.IResponseMessage)message;
        }));

    public IReadOnlyList<ReceivedWebhook> Requests =>
        server.LogEntries.Where(e => e.RequestMessage.Path == Path).OrderBy(e => e.RequestMessage.DateTime)
            .Select(e => new ReceivedWebhook(
                e.RequestMessage.Body ?? "",
                e.RequestMessage.Headers?.TryGetValue("X-DentistPortal-Signature", out var sig) == true ? sig.FirstOrDefault() : null,
                e.RequestMessage.Headers?.TryGetValue("X-DentistPortal-Event-Id", out var id) == true ? id.FirstOrDefault() : null,
                e.RequestMessage.Headers?.TryGetValue("Content-Type", out var type) == true ? type.FirstOrDefault() : null))
            .ToList();

    public void Dispose()
    {
        server.Stop();
        server.Dispose();
    }
}

public sealed record ReceivedWebhook(string Body, string? Signature, string? EventIdHeader, string? ContentType)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;
    public string Type => Json.GetProperty("type").GetString()!;
    public string Id => Json.GetProperty("id").GetString()!;
    public int TreatmentId => Json.GetProperty("treatmentId").GetInt32();
    public string? Field(string name) => Json.TryGetProperty(name, out var v) ? v.ToString() : null;

    /// <summary>Recomputes the signature as a receiver would (docs/webhooks.md), independently of the portal's code.</summary>
    public bool VerifiesWith(string secret)
    {
        if (Signature is null) return false;
        var parts = Signature.Split(',').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(parts["t"] + "." + Body));
        return CryptographicOperations.FixedTimeEquals(Convert.FromHexString(parts["v1"]), mac);
    }

    public long Timestamp => long.Parse(Signature!.Split(',')[0]["t=".Length..], System.Globalization.CultureInfo.InvariantCulture);
}
