using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace DentistPortal.CircuitBench;

/// <summary>
/// A measured server as a child process (<c>dotnet X.dll</c> from its own Release build output) on a free loopback
/// port, with the heap probe loaded as a startup hook. Killed when disposed.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly StringBuilder output = new();
    private readonly Process process;

    private ServerProcess(Process process, Uri baseAddress, string probeSocket)
    {
        this.process = process;
        BaseAddress = baseAddress;
        ProbeSocket = probeSocket;
    }

    public Uri BaseAddress { get; }
    public string ProbeSocket { get; }
    public int ProcessId => process.Id;

    public string Output
    {
        get
        {
            lock (output) return output.ToString();
        }
    }

    /// <summary>Starts <paramref name="dll"/> with <paramref name="environment"/> and waits until <paramref name="readyPath"/> answers 200.</summary>
    public static async Task<ServerProcess> StartAsync(string dll, string environmentName, IReadOnlyDictionary<string, string?> settings, string readyPath, string probeFolder)
    {
        if (!File.Exists(dll)) throw new FileNotFoundException($"Build it first (dotnet build -c Release): {dll}", dll);
        var port = FreeLoopbackPort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}/");
        Directory.CreateDirectory(probeFolder);
        var socket = Path.Combine(probeFolder, $"heap-{port}.sock");
        var info = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var env = info.Environment;
        env["ASPNETCORE_ENVIRONMENT"] = environmentName;
        env["ASPNETCORE_URLS"] = baseAddress.ToString().TrimEnd('/');
        env["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings) env[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        foreach (var (key, value) in HeapProbe.EnvironmentFor(socket)) env[key] = value;

        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start.");
        var server = new ServerProcess(process, baseAddress, socket);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await server.WaitUntilReadyAsync(readyPath);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    private async Task WaitUntilReadyAsync(string readyPath)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException($"The server exited with {process.ExitCode}:\n{Output}");
            if (deadline.Elapsed > TimeSpan.FromMinutes(3)) throw new TimeoutException($"The server did not answer {readyPath}:\n{Output}");
            try
            {
                using var response = await http.GetAsync(readyPath);
                if (response.StatusCode == HttpStatusCode.OK && File.Exists(ProbeSocket)) return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
            }
            await Task.Delay(250);
        }
    }

    public Task<long> HeapBytesAsync() => HeapProbe.LiveHeapBytesAsync(ProbeSocket);

    /// <summary>The server's resident set (VmRSS), bytes: context only, not the figure the bench reports per circuit.</summary>
    public long ResidentBytes()
    {
        try
        {
            var line = File.ReadLines($"/proc/{process.Id}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (output) output.AppendLine(line);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
        }
        process.Dispose();
        try
        {
            File.Delete(ProbeSocket);
        }
        catch (IOException)
        {
        }
    }

    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A self-signed RSA certificate (PKCS#12) for the portal's Data Protection keys, as production requires.</summary>
    public static void WriteCertificate(string path, string password)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=DentistPortal Data Protection (circuit bench)", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2090, 1, 1, 0, 0, 0, TimeSpan.Zero));
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, password));
    }
}
