using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DentistPortal.Tests.Infrastructure;

namespace DentistPortal.CircuitBench;

/// <summary>
/// A measured server as a child process (<see cref="ChildProcess"/>: <c>dotnet X.dll</c> from its own Release build
/// output on a free loopback port), with the heap probe loaded as a startup hook. Killed when disposed.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly ChildProcess process;

    private ServerProcess(ChildProcess process, string probeSocket)
    {
        this.process = process;
        ProbeSocket = probeSocket;
    }

    public Uri BaseAddress => new(process.BaseAddress + "/");
    public string ProbeSocket { get; }
    public int ProcessId => process.Id;
    public string Output => process.Output;

    /// <summary>Starts <paramref name="dll"/> with <paramref name="settings"/> and waits until <paramref name="readyPath"/> answers 200 and the probe listens.</summary>
    public static async Task<ServerProcess> StartAsync(string dll, string environmentName, IReadOnlyDictionary<string, string?> settings, string readyPath, string probeFolder)
    {
        var port = ChildProcesses.FreeLoopbackPort();
        Directory.CreateDirectory(probeFolder);
        var socket = Path.Combine(probeFolder, $"heap-{port}.sock");
        var environment = settings.Concat(HeapProbe.EnvironmentFor(socket).Select(p => KeyValuePair.Create(p.Key, (string?)p.Value)));
        var server = new ServerProcess(ChildProcess.Start(dll, port, environmentName, environment), socket);
        try
        {
            await server.process.WaitUntilAnswersAsync(readyPath, TimeSpan.FromMinutes(3), "The server");
            await ChildProcesses.Until(() => Task.FromResult(File.Exists(socket)), TimeSpan.FromSeconds(30), "the heap probe's socket");
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return server;
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

    public async ValueTask DisposeAsync()
    {
        await process.DisposeAsync();
        try
        {
            File.Delete(ProbeSocket);
        }
        catch (IOException)
        {
        }
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
