using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using DentistPortal.Tests.Infrastructure;

namespace DentistPortal.Tests.ScaleOut;

/// <summary>
/// deploy/Proxy (the YARP host of issue 12) as a real child process from its build output, configured only through
/// environment variables, exactly as docs/deployment.md describes: its destinations are the given instances; health
/// probes every second with a threshold of one failure (production: 5 s and 2) so a test does not wait long.
/// </summary>
public sealed class ProxyProcess : IAsyncDisposable
{
    private readonly StringBuilder output = new();
    private Process? process;

    public string BaseAddress { get; private set; } = "";

    public string Output
    {
        get
        {
            lock (output) return output.ToString();
        }
    }

    /// <summary>The proxy's build output (the test project references it so the solution builds it first).</summary>
    private static string ProxyDll()
    {
        var dll = ChildProcesses.BuildOutput(Path.Combine("deploy", "Proxy"), "DentistPortal.Proxy.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"Build the solution first: {dll} is missing.");
    }

    public static async Task<ProxyProcess> StartAsync(IReadOnlyDictionary<string, string> destinations, IReadOnlyDictionary<string, string>? settings = null)
    {
        var proxy = new ProxyProcess();
        await proxy.RunAsync(destinations, settings ?? new Dictionary<string, string>());
        return proxy;
    }

    private async Task RunAsync(IReadOnlyDictionary<string, string> destinations, IReadOnlyDictionary<string, string> settings)
    {
        var port = ChildProcesses.FreeLoopbackPort();
        BaseAddress = $"http://127.0.0.1:{port}";
        var dll = ProxyDll();
        var info = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var env = info.Environment;
        env["ASPNETCORE_ENVIRONMENT"] = "Production";
        env["ASPNETCORE_URLS"] = BaseAddress;
        env["Urls"] = BaseAddress;
        const string cluster = "ReverseProxy__Clusters__portal__";
        // Replace the sample destinations of appsettings.json with these.
        env[cluster + "Destinations__portal1__Address"] = "";
        env[cluster + "Destinations__portal2__Address"] = "";
        foreach (var (id, address) in destinations) env[cluster + $"Destinations__{id}__Address"] = address;
        env[cluster + "HealthCheck__Active__Interval"] = "00:00:01";
        env[cluster + "HealthCheck__Active__Timeout"] = "00:00:02";
        env[cluster + "Metadata__ConsecutiveFailuresHealthPolicy.Threshold"] = "1";
        env["Logging__LogLevel__Yarp"] = "Information";
        foreach (var (key, value) in settings) env[key.Replace(":", "__", StringComparison.Ordinal)] = value;

        process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start.");
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        await ChildProcesses.WaitUntilAnswersAsync(process, () => Output, new Uri($"{BaseAddress}/proxy/health"), TimeSpan.FromSeconds(60), "The proxy");
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (output) output.AppendLine(line);
    }


    public async ValueTask DisposeAsync()
    {
        if (process is null) return;
        try
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
        process.Dispose();
        process = null;
    }
}
