using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace DentistPortal.BrowserBench;

/// <summary>
/// The portal as a child process (<c>dotnet DentistPortal.dll</c> from the web project's build output) on a free
/// loopback port, its SQLite database, Data Protection keys and scans in a temporary folder, demo data seeded at start.
/// Environment Development: the only environment in which the build output (not a publish) serves the static web assets
/// and the development inbox; logging at Warning. The token HMAC key is explicit so that the bench's in-process
/// handlers (<see cref="Preparation"/>) make tokens the portal verifies. The validation throttle (issue 10) is raised:
/// one bench dentist validates far more codes than a person would.
/// </summary>
public sealed class BenchPortal : IAsyncDisposable
{
    private readonly StringBuilder output = new();
    private readonly Process process;

    private BenchPortal(Process process, string folder, string baseAddress, string hmacKey)
    {
        this.process = process;
        Folder = folder;
        BaseAddress = baseAddress;
        HmacKey = hmacKey;
    }

    public const string HmacKeyId = "browserbench";

    public string Folder { get; }
    public string BaseAddress { get; }
    public string DatabasePath => Path.Combine(Folder, "portal.db");
    public string KeysFolder => Path.Combine(Folder, "keys");
    public string HmacKey { get; }
    public int ProcessId => process.Id;

    /// <summary>The process's console so far (warnings, errors, and the SQL it logs with <c>traceSql</c>).</summary>
    public string Output
    {
        get { lock (output) return output.ToString(); }
    }

    /// <summary>Characters of <see cref="Output"/> so far: pass to <see cref="OutputSince"/> to read what came after.</summary>
    public int OutputLength
    {
        get { lock (output) return output.Length; }
    }

    public string OutputSince(int position)
    {
        lock (output) return output.ToString(position, output.Length - position);
    }

    /// <summary>
    /// Starts <paramref name="portalDll"/> and waits until the login page answers. <paramref name="traceSql"/> logs every
    /// SQL command the portal runs (EF Core's <c>Database.Command</c> category at Information) to its console.
    /// </summary>
    public static async Task<BenchPortal> StartAsync(string portalDll, bool traceSql = false, bool seedHistory = true)
    {
        if (!File.Exists(portalDll)) throw new FileNotFoundException($"The portal is not built: {portalDll}");
        var folder = Path.Combine(Path.GetTempPath(), "dentistportal-browserbench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var baseAddress = $"http://127.0.0.1:{FreeLoopbackPort()}";
        var hmacKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

        var info = new ProcessStartInfo("dotnet", [portalDll])
        {
            WorkingDirectory = Path.GetDirectoryName(portalDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in Settings(folder, hmacKey))
            info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        info.Environment["ASPNETCORE_URLS"] = baseAddress;
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        info.Environment["Database__SeedDemoHistory"] = seedHistory ? "true" : "false";
        if (traceSql) info.Environment["Logging__LogLevel__Microsoft.EntityFrameworkCore.Database.Command"] = "Information";

        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start.");
        var portal = new BenchPortal(process, folder, baseAddress, hmacKey);
        process.OutputDataReceived += (_, e) => portal.Append(e.Data);
        process.ErrorDataReceived += (_, e) => portal.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await portal.WaitUntilAnswersAsync(TimeSpan.FromSeconds(180));
        }
        catch
        {
            await portal.DisposeAsync();
            throw;
        }
        return portal;
    }

    /// <summary>What the portal and the in-process preparation share (configuration keys with ':').</summary>
    public Dictionary<string, string?> SharedSettings() => Settings(Folder, HmacKey);

    private static Dictionary<string, string?> Settings(string folder, string hmacKey) => new()
    {
        ["ConnectionStrings:DefaultConnection"] = $"Data Source={Path.Combine(folder, "portal.db")}",
        ["DataProtection:KeysFolder"] = Path.Combine(folder, "keys"),
        ["Storage:SignedGuidesFolder"] = Path.Combine(folder, "scans"),
        ["DevSecrets:Folder"] = Path.Combine(folder, "dev-secrets"),
        [$"Tokens:HmacKeys:{HmacKeyId}"] = hmacKey,
        ["Tokens:CurrentHmacKeyId"] = HmacKeyId,
        ["Messaging:Sms:Provider"] = "DevInbox",
        ["Messaging:Email:Provider"] = "DevInbox",
        ["RateLimiting:TokenValidationPerUser:PermitLimit"] = "1000000",
        ["RateLimiting:TokenValidationPerClinic:PermitLimit"] = "1000000",
    };

    /// <summary>The web project's build output next to this program's (same configuration and framework).</summary>
    public static string DefaultPortalDll()
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)); // …/bench/DentistPortal.BrowserBench/bin/{Configuration}/{tfm}
        var framework = here.Name;
        var configuration = here.Parent!.Name;
        var repository = here.Parent.Parent!.Parent!.Parent!.Parent!.FullName;
        return Path.Combine(repository, "DentistPortal", "bin", configuration, framework, "DentistPortal.dll");
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (output) output.AppendLine(line);
    }

    private async Task WaitUntilAnswersAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException($"The portal exited with {process.ExitCode}:\n{Output}");
            try
            {
                using var response = await http.GetAsync($"{BaseAddress}/Account/Login");
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            if (clock.Elapsed > timeout) throw new TimeoutException($"The portal did not answer in {timeout.TotalSeconds} s:\n{Output}");
            await Task.Delay(100); // polling a starting process, not a measured interval
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill();
                await process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
        }
        process.Dispose();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
