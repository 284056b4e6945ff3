using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace DentistPortal.Tests.Infrastructure;

// Also compiled into the benchmarks that start the portal (bench/DentistPortal.CircuitBench, bench/DentistPortal.BrowserBench,
// linked in their .csproj), hence internal: the test project references the browser bench, whose copy must not collide.

/// <summary>What the tests and benchmarks that run a built project as a real process share (the portal, the proxy, the
/// circuit bench's baseline app): its build output, a free loopback port, and waiting until it answers over HTTP.</summary>
internal static class ChildProcesses
{
    /// <summary>The folder holding DentistPortal.sln, found upwards from this program's output.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "DentistPortal.sln"))) return dir.FullName;
        throw new InvalidOperationException("DentistPortal.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>A project's own build output with the same configuration and framework as this program's.</summary>
    public static string BuildOutput(string projectFolder, string dllName)
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)); // …/bin/{Configuration}/{tfm}
        return Path.Combine(RepositoryRoot(), projectFolder, "bin", here.Parent!.Name, here.Name, dllName);
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
        try
        {
            await Until(async () =>
            {
                if (process.HasExited) throw new InvalidOperationException($"{who} exited with {process.ExitCode}:\n{output()}");
                try
                {
                    using var response = await http.GetAsync(url);
                    return response.StatusCode == HttpStatusCode.OK;
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    return false;
                }
            }, timeout, who + " to answer");
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message}\n{output()}", ex);
        }
    }

    /// <summary>Polls <paramref name="condition"/> until true; fails with what was awaited after <paramref name="timeout"/>.</summary>
    public static async Task Until(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            if (deadline.Elapsed > timeout) throw new TimeoutException($"Timed out waiting for {what}.");
            await Task.Delay(50);
        }
    }
}

/// <summary>
/// A built ASP.NET Core project run as <c>dotnet X.dll</c> from its output folder, listening on
/// <see cref="BaseAddress"/> (a free loopback port), configured only through environment variables, its console kept
/// for failure messages. Killed (SIGKILL) when disposed.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private readonly StringBuilder output = new();
    private readonly Process process;

    private ChildProcess(Process process, string baseAddress)
    {
        this.process = process;
        BaseAddress = baseAddress;
    }

    /// <summary><c>http://127.0.0.1:{port}</c>, no trailing slash.</summary>
    public string BaseAddress { get; }
    public int Id => process.Id;
    public bool HasExited => process.HasExited;

    /// <summary>The process's console so far.</summary>
    public string Output
    {
        get
        {
            lock (output) return output.ToString();
        }
    }

    /// <summary>Characters of <see cref="Output"/> so far: pass to <see cref="OutputSince"/> to read what came after.</summary>
    public int OutputLength
    {
        get
        {
            lock (output) return output.Length;
        }
    }

    public string OutputSince(int position)
    {
        lock (output) return output.ToString(position, output.Length - position);
    }

    /// <summary>
    /// Starts <paramref name="dll"/> on <paramref name="port"/> in <paramref name="environmentName"/>, logging at Warning,
    /// with <paramref name="settings"/> (configuration keys with ':', or environment variable names) set after those.
    /// </summary>
    public static ChildProcess Start(string dll, int port, string environmentName, IEnumerable<KeyValuePair<string, string?>> settings)
    {
        if (!File.Exists(dll)) throw new FileNotFoundException($"Build it first (dotnet build): {dll} is missing.", dll);
        var baseAddress = $"http://127.0.0.1:{port}";
        var info = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var env = info.Environment;
        env["ASPNETCORE_ENVIRONMENT"] = environmentName;
        env["ASPNETCORE_URLS"] = baseAddress;
        env["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings) env[key.Replace(":", "__", StringComparison.Ordinal)] = value;

        var child = new ChildProcess(Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start."), baseAddress);
        child.process.OutputDataReceived += (_, e) => child.Append(e.Data);
        child.process.ErrorDataReceived += (_, e) => child.Append(e.Data);
        child.process.BeginOutputReadLine();
        child.process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Waits until <paramref name="path"/> answers 200; fails with the console if the process exits first.</summary>
    public Task WaitUntilAnswersAsync(string path, TimeSpan timeout, string who) =>
        ChildProcesses.WaitUntilAnswersAsync(process, () => Output, new Uri(BaseAddress + path), timeout, who);

    /// <summary>SIGKILL: no shutdown, no flush.</summary>
    public async Task KillAsync()
    {
        try
        {
            if (process.HasExited) return;
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (output) output.AppendLine(line);
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        process.Dispose();
    }
}
