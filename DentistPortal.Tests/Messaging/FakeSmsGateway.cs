using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace DentistPortal.Tests.Messaging;

/// <summary>The SMS gateway of docs/sms-gateway.md, played by WireMock.Net on 127.0.0.1; can be taken down and brought back.</summary>
public sealed class FakeSmsGateway : IDisposable
{
    public const string ApiKey = "test-gateway-key";
    private const string Path = "/v1/messages";

    private readonly List<GatewayRequest> earlier = [];
    private WireMockServer? server;

    private FakeSmsGateway(int port) => Port = port;

    public int Port { get; }

    /// <summary>A gateway already up (answers 404 until told what to answer).</summary>
    public static FakeSmsGateway Start()
    {
        var gateway = new FakeSmsGateway(FreeLoopbackPort());
        gateway.BringUp();
        return gateway;
    }

    /// <summary>A gateway whose port nobody listens on yet: connections are refused.</summary>
    public static FakeSmsGateway Down() => new(FreeLoopbackPort());

    public void BringUp()
    {
        if (server is not null) return;
        server = WireMockServer.Start(new WireMockServerSettings
        {
            Urls = [$"http://127.0.0.1:{Port}"],
            StartAdminInterface = false,
        });
        // A cold server can take longer than the portal's 1–2 s attempt timeout on its first request (JIT),
        // which would turn into an extra retry; one throwaway request warms it up.
        using (var warmUp = new HttpClient())
            warmUp.GetAsync(new Uri($"http://127.0.0.1:{Port}/warm-up")).GetAwaiter().GetResult().Dispose();
        server.ResetLogEntries();
    }

    public void TakeDown()
    {
        if (server is null) return;
        earlier.AddRange(Read(server));
        server.Stop();
        server.Dispose();
        server = null;
        // WireMock's Stop does not wait for the listener to close: until the port refuses connections, a request sent
        // "while the gateway is down" could still be answered by the old server (seen once on a fresh CI machine).
        Assert.True(SpinWait.SpinUntil(() => !Listening(Port), TimeSpan.FromSeconds(10)), "the fake gateway did not stop listening");
    }

    private static bool Listening(int port)
    {
        try
        {
            using var probe = new System.Net.Sockets.TcpClient();
            probe.Connect(System.Net.IPAddress.Loopback, port);
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    /// <summary>Settings that point the portal at this gateway.</summary>
    public Dictionary<string, string?> Settings(int timeoutSeconds = 2) => new()
    {
        ["Messaging:Sms:Provider"] = "HttpGateway",
        ["Messaging:Sms:BaseUrl"] = $"http://127.0.0.1:{Port}/",
        ["Messaging:Sms:ApiKey"] = ApiKey,
        ["Messaging:Sms:TimeoutSeconds"] = timeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public void Accepts(string providerId, int status = 202) => Answer(Response.Create()
        .WithStatusCode(status)
        .WithHeader("Content-Type", "application/json")
        .WithBody(JsonSerializer.Serialize(new { id = providerId })));

    public void Fails(int status) => Answer(Response.Create()
        .WithStatusCode(status)
        .WithHeader("Content-Type", "application/json")
        .WithBody("""{"error":"simulated"}"""));

    /// <summary>Answers, but only after <paramref name="delay"/>: longer than the portal waits.</summary>
    public void AnswersAfter(TimeSpan delay, string providerId) => Answer(Response.Create()
        .WithStatusCode(202)
        .WithHeader("Content-Type", "application/json")
        .WithBody(JsonSerializer.Serialize(new { id = providerId }))
        .WithDelay(delay));

    /// <summary>Takes each request and leaves it unanswered until <see cref="GatewayHold.Release"/>: a send in flight.</summary>
    public GatewayHold Holds()
    {
        var hold = new GatewayHold();
        Answer(Response.Create().WithCallback(async request =>
        {
            hold.Arrived.TrySetResult(request.Body ?? "");
            await Task.WhenAny(hold.Released.Task, Task.Delay(TimeSpan.FromMinutes(2)));
            return (WireMock.IResponseMessage)new WireMock.ResponseMessage { StatusCode = 503 };
        }));
        return hold;
    }

    private void Answer(IResponseBuilder response)
    {
        var s = server ?? throw new InvalidOperationException("The gateway is down.");
        s.ResetMappings();
        s.Given(Request.Create().WithPath(Path).UsingPost()).RespondWith(response);
    }

    /// <summary>Every request the gateway received, across restarts, oldest first.</summary>
    public IReadOnlyList<GatewayRequest> Requests => [.. earlier, .. server is null ? [] : Read(server)];

    private static IEnumerable<GatewayRequest> Read(WireMockServer s) =>
        s.LogEntries
            .OrderBy(e => e.RequestMessage.DateTime)
            .Select(e => new GatewayRequest(
                e.RequestMessage.Path,
                e.RequestMessage.Headers?.TryGetValue("Authorization", out var auth) == true ? auth.FirstOrDefault() : null,
                e.RequestMessage.Body ?? "",
                e.RequestMessage.Headers?.TryGetValue("Idempotency-Key", out var key) == true ? key.FirstOrDefault() : null))
            .ToList();

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose() => TakeDown();
}

/// <summary>A request the gateway received and has not answered (see <see cref="FakeSmsGateway.Holds"/>).</summary>
public sealed class GatewayHold
{
    /// <summary>Completes with the body when the first request arrives.</summary>
    public TaskCompletionSource<string> Arrived { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public TaskCompletionSource Released { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public void Release() => Released.TrySetResult();
}

public sealed record GatewayRequest(string Path, string? Authorization, string Body, string? IdempotencyKey = null)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;
    public string To => Json.GetProperty("to").GetString()!;
    public string Text => Json.GetProperty("text").GetString()!;
    public string Reference => Json.GetProperty("reference").GetString()!;
}
