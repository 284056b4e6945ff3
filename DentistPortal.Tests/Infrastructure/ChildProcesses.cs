using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace DentistPortal.Tests.Infrastructure;

/// <summary>What the tests that run a built project as a real process share (the portal, the proxy): its build output,
/// a free loopback port, and waiting until it answers over HTTP.</summary>
public static class ChildProcesses
{
    /// <summary>A project's own build output next to the test project's (same configuration and framework).</summary>
    public static string BuildOutput(string projectFolder, string dllName)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // …/bin/{Configuration}/net10.0/
        var framework = new DirectoryInfo(AppContext.BaseDirectory).Name;
        var repository = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", ".."));
        return Path.Combine(repository, projectFolder, "bin", configuration, framework, dllName);
    }

    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Polls <paramref name="url"/> until it answers 200; fails with the process's console if it exits first.</summary>
    public static async Task WaitUntilAnswersAsync(Process process, Func<string> output, Uri url, TimeSpan timeout, string who)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        await PortalProcess.Until(async () =>
        {
            if (process.HasExited) throw new InvalidOperationException($"{who} exited with {process.ExitCode}:\n{output()}");
            try
            {
                using var response = await http.GetAsync(url);
                return response.StatusCode == HttpStatusCode.OK;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, timeout, who + " to answer");
    }
}
