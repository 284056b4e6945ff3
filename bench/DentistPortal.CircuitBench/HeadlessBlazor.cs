using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DentistPortal.CircuitBench;

/// <summary>
/// A browser's HTTP side without a browser (issue 13, circuit benchmark): one signed-in user's cookies, kept by hand so
/// that <c>Secure</c> cookies also travel over the loopback's plain HTTP (the server is told, as behind the TLS proxy,
/// that the request was HTTPS: <c>X-Forwarded-Proto</c>, trusted only because the bench lists 127.0.0.1 as the proxy).
/// Shared by every circuit of the user, as browser tabs share cookies.
/// </summary>
public sealed partial class BlazorSession : IDisposable
{
    private readonly ConcurrentDictionary<string, string> cookies = new(StringComparer.Ordinal);

    public BlazorSession(Uri baseAddress, bool behindTlsProxy)
    {
        BaseAddress = baseAddress;
        BehindTlsProxy = behindTlsProxy;
        Http = new HttpClient(new CookieHandler(this) { InnerHandler = new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false } })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromMinutes(2),
        };
    }

    public Uri BaseAddress { get; }
    public bool BehindTlsProxy { get; }
    public HttpClient Http { get; }

    /// <summary>The <c>Cookie</c> header a browser would send (every cookie the server set and did not delete).</summary>
    public string CookieHeader => string.Join("; ", cookies.Select(c => $"{c.Key}={c.Value}"));

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    /// <summary>
    /// Signs in through the login form as a browser does: GET for the antiforgery token, POST the Blazor form
    /// <c>login</c>. Accounts that need an authenticator code are not supported (the bench uses clinic and patient logins).
    /// </summary>
    public async Task SignInAsync(string email, string password, CancellationToken ct = default)
    {
        const string login = "/Account/Login";
        var page = await Http.GetStringAsync(login, ct);
        var token = AntiforgeryField().Match(page);
        if (!token.Success) throw new InvalidOperationException("The login page has no antiforgery token.");
        using var response = await Http.PostAsync(login, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
            ["_handler"] = "login",
        }), ct);
        var location = response.Headers.Location?.ToString() ?? "";
        if (response.StatusCode != HttpStatusCode.Redirect || location.Contains("/Account/", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"Sign-in of {email} failed: {(int)response.StatusCode} {location}");
    }

    /// <summary>GETs a page as a navigation would (no redirect followed: a redirect to the login is a failure).</summary>
    public async Task<string> GetPageAsync(string pathAndQuery, CancellationToken ct = default)
    {
        using var response = await Http.GetAsync(pathAndQuery, ct);
        if (response.StatusCode != HttpStatusCode.OK)
            throw new InvalidOperationException($"GET {pathAndQuery} answered {(int)response.StatusCode} {response.Headers.Location}");
        return await response.Content.ReadAsStringAsync(ct);
    }

    public void Dispose() => Http.Dispose();

    private void Store(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Set-Cookie", out var values)) return;
        foreach (var value in values)
        {
            var pair = value.Split(';', 2)[0];
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0) continue;
            var name = pair[..eq].Trim();
            var content = pair[(eq + 1)..].Trim();
            var expired = value.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase) || content.Length == 0;
            if (expired) cookies.TryRemove(name, out _);
            else cookies[name] = content;
        }
    }

    private sealed class CookieHandler(BlazorSession session) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (!session.cookies.IsEmpty) request.Headers.TryAddWithoutValidation("Cookie", session.CookieHeader);
            if (session.BehindTlsProxy) request.Headers.TryAddWithoutValidation("X-Forwarded-Proto", "https");
            var response = await base.SendAsync(request, cancellationToken);
            session.Store(response);
            return response;
        }
    }
}

/// <summary>
/// What the prerendered page hands the browser for interactivity: the <c>&lt;!--Blazor:{…}--&gt;</c> markers of the
/// server root components (document order, as blazor.web.js discovers them) and the persisted server state
/// (<c>&lt;!--Blazor-Server-Component-State:…--&gt;</c>), if any.
/// </summary>
public sealed partial record PrerenderedPage(IReadOnlyList<JsonObject> ServerMarkers, string ApplicationState)
{
    [GeneratedRegex(@"<!--Blazor:(\{.*?\})-->", RegexOptions.Singleline)]
    private static partial Regex ComponentComment();

    [GeneratedRegex(@"<!--\s*Blazor-Server-Component-State:([a-zA-Z0-9+/=]+)\s*-->")]
    private static partial Regex ServerState();

    public static PrerenderedPage Parse(string html)
    {
        var markers = new List<JsonObject>();
        foreach (Match m in ComponentComment().Matches(html))
        {
            if (JsonNode.Parse(m.Groups[1].Value) is not JsonObject marker) continue;
            if ((string?)marker["type"] != "server") continue; // end markers carry only prerenderId
            markers.Add(marker);
        }
        var state = ServerState().Match(html);
        return new PrerenderedPage(markers, state.Success ? state.Groups[1].Value : "");
    }

    /// <summary>
    /// The first <c>UpdateRootComponents</c> batch blazor.web.js sends (WebRootComponentManager): batch 1, one "add"
    /// per marker with ssrComponentId 1, 2, … and the marker as discovered (plus its uniqueId).
    /// </summary>
    public string AddOperationsJson()
    {
        var operations = new JsonArray();
        for (var i = 0; i < ServerMarkers.Count; i++)
        {
            var marker = (JsonObject)ServerMarkers[i].DeepClone();
            marker["uniqueId"] = i;
            operations.Add(new JsonObject { ["type"] = "add", ["ssrComponentId"] = i + 1, ["marker"] = marker });
        }
        return new JsonObject { ["batchId"] = 1, ["operations"] = operations }.ToJsonString();
    }
}

/// <summary>
/// One interactive server circuit opened as blazor.web.js (.NET 10) opens it: a SignalR connection to
/// <c>/_blazor</c> with the <c>blazorpack</c> (MessagePack) protocol, <c>StartCircuit(baseUri, uri, "[]", state)</c>,
/// then <c>UpdateRootComponents</c> with the page's markers. Every render batch is acknowledged
/// (<c>OnRenderCompleted</c>) and every JS interop call the server makes is answered (<c>EndInvokeJSFromDotNet</c>)
/// at once, so nothing on the server waits for a timeout. Disposed as a closing tab is: the connection stops and
/// <c>POST /_blazor/disconnect</c> releases the circuit at once.
/// </summary>
public sealed class BlazorCircuit : IAsyncDisposable
{
    private readonly BlazorSession session;
    private readonly TaskCompletionSource firstRender = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Stopwatch sinceStart = new();
    private readonly bool keepBatches;
    private readonly List<byte[]> batches = [];
    private readonly List<(string Text, TaskCompletionSource Seen)> textWaiters = [];
    private HubConnection? connection;
    private long nextJsObjectId = 1;
    private long lastActivityTicks;

    private BlazorCircuit(BlazorSession session, bool keepBatches)
    {
        this.session = session;
        this.keepBatches = keepBatches;
    }

    /// <summary>The circuit id secret StartCircuit returned (what the browser keeps to reconnect or disconnect).</summary>
    public string? CircuitId { get; private set; }
    public int RenderBatches;
    public int JsCalls;
    public long RenderedBytes;
    /// <summary>StartCircuit sent → first render batch received.</summary>
    public TimeSpan FirstRender { get; private set; }
    /// <summary>A <c>JS.Error</c> from the server (the circuit failed) or a client-side failure.</summary>
    public string? Error { get; private set; }
    public bool IsConnected => connection?.State == HubConnectionState.Connected && Error is null;
    /// <summary>When the server last sent something (render batch or JS call), <see cref="Stopwatch"/> ticks.</summary>
    public long LastActivity => Interlocked.Read(ref lastActivityTicks);
    /// <summary>Identifiers of the JS functions the server called (for --trace-js), shared by every circuit.</summary>
    public static ConcurrentDictionary<string, int> JsIdentifiers { get; } = new(StringComparer.Ordinal);

    /// <summary>Text of the render batches received so far (only when opened with keepBatches): the UTF-8 string table
    /// of each batch holds the element names, attribute values and text the page rendered.</summary>
    public string RenderedText()
    {
        lock (batches) return string.Concat(batches.Select(b => Encoding.UTF8.GetString(b)));
    }

    /// <summary>Completes when a render batch received (opened with keepBatches) holds <paramref name="text"/>.</summary>
    public Task WaitForRenderedTextAsync(string text, TimeSpan timeout)
    {
        if (!keepBatches) throw new InvalidOperationException("Open the circuit with keepBatches to look at what it rendered.");
        lock (batches)
        {
            if (batches.Any(b => Encoding.UTF8.GetString(b).Contains(text, StringComparison.Ordinal))) return Task.CompletedTask;
            var waiter = (Text: text, Seen: new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            textWaiters.Add(waiter);
            return waiter.Seen.Task.WaitAsync(timeout);
        }
    }

    /// <summary>GETs <paramref name="pathAndQuery"/> (prerendered, with its markers), opens the circuit and waits for its first render batch.</summary>
    public static async Task<BlazorCircuit> OpenAsync(BlazorSession session, string pathAndQuery, bool keepBatches = false, ILoggerProvider? clientLog = null, CancellationToken ct = default)
    {
        var html = await session.GetPageAsync(pathAndQuery, ct);
        var page = PrerenderedPage.Parse(html);
        if (page.ServerMarkers.Count == 0) throw new InvalidOperationException($"{pathAndQuery}: the prerendered page has no interactive server component.");
        var circuit = new BlazorCircuit(session, keepBatches);
        try
        {
            await circuit.StartAsync(new Uri(session.BaseAddress, pathAndQuery), page, clientLog, ct);
            return circuit;
        }
        catch
        {
            await circuit.DisposeAsync();
            throw;
        }
    }

    private async Task StartAsync(Uri pageUri, PrerenderedPage page, ILoggerProvider? clientLog, CancellationToken ct)
    {
        var builder = new HubConnectionBuilder()
            .WithUrl(new Uri(session.BaseAddress, "_blazor"), HttpTransportType.WebSockets, o =>
            {
                o.Headers["Cookie"] = session.CookieHeader;
                if (session.BehindTlsProxy) o.Headers["X-Forwarded-Proto"] = "https";
            });
        builder.Services.AddSingleton<IHubProtocol>(new BlazorPackHubProtocol());
        builder.Services.AddLogging(l =>
        {
            l.ClearProviders();
            if (clientLog is not null) l.AddProvider(clientLog).SetMinimumLevel(LogLevel.Warning);
        });
        var hub = builder.Build();
        hub.ServerTimeout = TimeSpan.FromMinutes(5);
        hub.HandshakeTimeout = TimeSpan.FromMinutes(2);
        connection = hub;

        hub.On<long, byte[]>("JS.RenderBatch", async (batchId, data) =>
        {
            Touch();
            Interlocked.Increment(ref RenderBatches);
            Interlocked.Add(ref RenderedBytes, data.Length);
            if (keepBatches)
                lock (batches)
                {
                    batches.Add(data);
                    textWaiters.RemoveAll(w => Encoding.UTF8.GetString(data).Contains(w.Text, StringComparison.Ordinal) && w.Seen.TrySetResult());
                }
            if (!firstRender.Task.IsCompleted)
            {
                FirstRender = sinceStart.Elapsed;
                firstRender.TrySetResult();
            }
            await Send("OnRenderCompleted", batchId, null);
        });
        // .NET 10 RemoteJSRuntime: (asyncHandle, identifier, argsJson, resultType, targetInstanceId, callType).
        hub.On("JS.BeginInvokeJS", [typeof(long), typeof(string), typeof(string), typeof(int), typeof(long), typeof(int)], async args =>
        {
            Touch();
            Interlocked.Increment(ref JsCalls);
            var handle = (long)args[0]!;
            var identifier = (string)args[1]!;
            JsIdentifiers.AddOrUpdate(identifier, 1, (_, n) => n + 1);
            if (handle == 0) return; // fire and forget: the browser answers nothing either
            var result = JsResults.For(identifier, (int)args[3]!, () => Interlocked.Increment(ref nextJsObjectId));
            await Send("EndInvokeJSFromDotNet", handle, true, $"[{handle},true,{result}]");
        });
        hub.On<string, bool, string>("JS.EndInvokeDotNet", (_, _, _) => Touch());
        hub.On<long>("JS.EndUpdateRootComponents", _ => Touch());
        hub.On<int, string>("JS.AttachComponent", (_, _) => Touch());
        hub.On<string>("JS.Error", error =>
        {
            Error ??= "JS.Error: " + error;
            firstRender.TrySetException(new InvalidOperationException(Error));
        });
        hub.Closed += ex =>
        {
            if (CircuitId is not null && ex is not null) Error ??= "connection closed: " + ex.Message;
            firstRender.TrySetException(new InvalidOperationException("The connection closed before the first render." + (ex is null ? "" : " " + ex.Message)));
            return Task.CompletedTask;
        };

        await hub.StartAsync(ct);
        sinceStart.Start();
        var baseUri = session.BaseAddress.ToString();
        CircuitId = await hub.InvokeAsync<string?>("StartCircuit", baseUri, pageUri.ToString(), "[]", page.ApplicationState, ct);
        if (string.IsNullOrEmpty(CircuitId)) throw new InvalidOperationException($"StartCircuit refused {pageUri}: {Error}");
        await hub.SendAsync("UpdateRootComponents", page.AddOperationsJson(), page.ApplicationState, ct);
        await firstRender.Task.WaitAsync(TimeSpan.FromMinutes(2), ct);
    }

    private void Touch() => Interlocked.Exchange(ref lastActivityTicks, Stopwatch.GetTimestamp());

    private async Task Send(string method, params object?[] args)
    {
        try
        {
            await connection!.SendCoreAsync(method, args);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Error ??= $"{method}: {ex.Message}";
        }
    }

    /// <summary>Closes the tab: stops the connection, then tells the server to dispose the circuit now.</summary>
    public async ValueTask DisposeAsync()
    {
        if (connection is not null)
        {
            await connection.DisposeAsync();
            connection = null;
            if (CircuitId is not null)
            {
                try
                {
                    using var response = await session.Http.PostAsync("_blazor/disconnect",
                        new FormUrlEncodedContent(new Dictionary<string, string> { ["circuitId"] = CircuitId }));
                }
                catch (HttpRequestException)
                {
                    // the server is gone: nothing left to release
                }
            }
        }
    }

    /// <summary>Waits until no circuit has heard from the server for <paramref name="quiet"/> (late renders, async data loads, JS calls).</summary>
    public static async Task WaitForQuietAsync(IReadOnlyCollection<BlazorCircuit> circuits, TimeSpan quiet, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            var last = circuits.Count == 0 ? 0 : circuits.Max(c => c.LastActivity);
            if (Stopwatch.GetElapsedTime(last) >= quiet) return;
            await Task.Delay(200);
        }
    }
}

/// <summary>
/// What the bench answers a JS interop call with: what the browser would return where the caller needs a value
/// (a JS object reference for <c>import</c> and other object results, <c>false</c>/0 for the MudBlazor probes read as
/// value types), otherwise <c>null</c>.
/// </summary>
public static class JsResults
{
    // JSCallResultType: 0 Default, 1 JSObjectReference, 2 JSStreamReference, 3 JSVoidResult.
    public static string For(string identifier, int resultType, Func<long> newObjectId)
    {
        if (resultType == 1) return $"{{\"__jsObjectId\":{newObjectId()}}}";
        if (resultType == 3) return "null";
        return identifier switch
        {
            "mudpopoverHelper.countProviders" => "1",
            "window.hasOwnProperty" => "true",
            "mudResizeListener.getBrowserWindowSize" => "{\"height\":900,\"width\":1440}",
            "mudElementRef.getBoundingClientRect" => "{\"top\":0,\"left\":0,\"width\":240,\"height\":40,\"windowHeight\":900,\"windowWidth\":1440,\"scrollX\":0,\"scrollY\":0}",
            "mudThemeProvider.getSystemDarkModePreference" or "mudThemeProvider.getSystemDarkModeAsync" => "false",
            _ => "null",
        };
    }
}

/// <summary>
/// SignalR's MessagePack protocol under the name Blazor's hub expects (<c>blazorpack</c>, version 2): the same wire
/// format, as blazor.web.js does by renaming its MessagePackHubProtocol.
/// </summary>
public sealed class BlazorPackHubProtocol : IHubProtocol
{
    private readonly MessagePackHubProtocol inner = new();

    public string Name => "blazorpack";
    public int Version => 2;
    public TransferFormat TransferFormat => TransferFormat.Binary;
    public bool IsVersionSupported(int version) => version == Version;
    public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out HubMessage? message) => inner.TryParseMessage(ref input, binder, out message);
    public void WriteMessage(HubMessage message, IBufferWriter<byte> output) => inner.WriteMessage(message, output);
    public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message) => inner.GetMessageBytes(message);
}

/// <summary>
/// The client side of the heap probe (bench/DentistPortal.CircuitBench.HeapProbe, loaded into the measured server as a
/// startup hook): the server's live managed heap in bytes after full blocking compacting collections.
/// </summary>
public static class HeapProbe
{
    public const string SocketVariable = "CIRCUITBENCH_PROBE_SOCKET";

    /// <summary>The probe assembly next to the bench's (or the test's) own output.</summary>
    public static string AssemblyPath => Path.Combine(AppContext.BaseDirectory, "DentistPortal.CircuitBench.HeapProbe.dll");

    /// <summary>Environment variables that load the probe into a child .NET process, listening on <paramref name="socketPath"/>.</summary>
    public static Dictionary<string, string> EnvironmentFor(string socketPath) => new()
    {
        ["DOTNET_STARTUP_HOOKS"] = AssemblyPath,
        [SocketVariable] = socketPath,
    };

    public static async Task<long> LiveHeapBytesAsync(string socketPath, CancellationToken ct = default)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), ct);
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        await using var writer = new StreamWriter(stream, Encoding.ASCII) { AutoFlush = true, NewLine = "\n" };
        using var reader = new StreamReader(stream, Encoding.ASCII);
        await writer.WriteLineAsync("heap");
        var line = await reader.ReadLineAsync(ct) ?? throw new InvalidOperationException("The heap probe closed without an answer.");
        return long.Parse(line.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
    }
}
