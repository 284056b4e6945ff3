using DentistPortal.Tests.Infrastructure;

namespace DentistPortal.Tests.ScaleOut;

/// <summary>
/// deploy/Proxy (the YARP host of issue 12) as a real child process from its build output, configured only through
/// environment variables, exactly as docs/deployment.md describes: its destinations are the given instances; health
/// probes every second with a threshold of one failure (production: 5 s and 2) so a test does not wait long.
/// </summary>
public sealed class ProxyProcess : IAsyncDisposable
{
    private readonly ChildProcess process;

    private ProxyProcess(ChildProcess process) => this.process = process;

    public string BaseAddress => process.BaseAddress;

    public string Output => process.Output;

    /// <summary>The proxy's build output (the test project references it so the solution builds it first).</summary>
    private static string ProxyDll() => ChildProcesses.BuildOutput(Path.Combine("deploy", "Proxy"), "DentistPortal.Proxy.dll");

    public static async Task<ProxyProcess> StartAsync(IReadOnlyDictionary<string, string> destinations, IReadOnlyDictionary<string, string>? settings = null)
    {
        var port = ChildProcesses.FreeLoopbackPort();
        const string cluster = "ReverseProxy:Clusters:portal:";
        var env = new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Information", // its appsettings.json's level, not the child processes' Warning
            ["Urls"] = $"http://127.0.0.1:{port}",
            // Replace the sample destinations of appsettings.json with these.
            [cluster + "Destinations:portal1:Address"] = "",
            [cluster + "Destinations:portal2:Address"] = "",
        };
        foreach (var (id, address) in destinations) env[cluster + $"Destinations:{id}:Address"] = address;
        env[cluster + "HealthCheck:Active:Interval"] = "00:00:01";
        env[cluster + "HealthCheck:Active:Timeout"] = "00:00:02";
        env[cluster + "Metadata:ConsecutiveFailuresHealthPolicy.Threshold"] = "1";
        env["Logging:LogLevel:Yarp"] = "Information";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) env[key] = value;

        var proxy = new ProxyProcess(ChildProcess.Start(ProxyDll(), port, "Production", env));
        try
        {
            await proxy.process.WaitUntilAnswersAsync("/proxy/health", TimeSpan.FromSeconds(60), "The proxy");
        }
        catch
        {
            await proxy.DisposeAsync();
            throw;
        }
        return proxy;
    }

    public ValueTask DisposeAsync() => process.DisposeAsync();
}
