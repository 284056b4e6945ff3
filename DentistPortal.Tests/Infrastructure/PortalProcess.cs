using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using DentistPortal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Tests.Infrastructure;

/// <summary>
/// The real portal as a child process (<c>dotnet DentistPortal.dll</c> from the web project's build output), in
/// Development, on a free loopback port, with its database, keys and scans in <see cref="DataFolder"/>; it can be
/// SIGKILLed and started again on the same files (issue 10, "a process killed … loses nothing and doubles nothing").
/// </summary>
public sealed class PortalProcess : IAsyncDisposable
{
    private readonly StringBuilder output = new();
    private Process? process;

    public PortalProcess(Dictionary<string, string?> settings)
    {
        DataFolder = Path.Combine(Path.GetTempPath(), "dentistportal-crash", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(DataFolder);
        Settings = settings;
    }

    public string DataFolder { get; }
    public string DatabasePath => Path.Combine(DataFolder, "portal.db");
    public string ScansFolder => Path.Combine(DataFolder, "scans");
    public string IncomingFolder => Path.Combine(ScansFolder, DentistPortal.Infrastructure.Storage.FileScanStorage.IncomingFolderName);
    public string SignalFile => Path.Combine(DataFolder, "hold.signal");

    /// <summary>Extra settings (configuration keys with ':'), kept across restarts unless changed.</summary>
    public Dictionary<string, string?> Settings { get; }

    public string BaseAddress { get; private set; } = "";

    /// <summary>The process's console, for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (output) return output.ToString();
        }
    }

    /// <summary>The web project's own build output (next to the test project), else the copy in the test output.</summary>
    private static string PortalDll()
    {
        var own = ChildProcesses.BuildOutput("DentistPortal", "DentistPortal.dll");
        return File.Exists(own) ? own : Path.Combine(AppContext.BaseDirectory, "DentistPortal.dll");
    }

    /// <summary>Starts the portal and waits until it answers (login page).</summary>
    public async Task StartAsync()
    {
        if (process is { HasExited: false }) throw new InvalidOperationException("Already running.");
        var port = ChildProcesses.FreeLoopbackPort();
        BaseAddress = $"http://127.0.0.1:{port}";
        var dll = PortalDll();
        var info = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var env = info.Environment;
        env["ASPNETCORE_ENVIRONMENT"] = "Development";
        env["ASPNETCORE_URLS"] = BaseAddress;
        env["Logging__LogLevel__Default"] = "Warning";
        env["ConnectionStrings__DefaultConnection"] = $"Data Source={DatabasePath}";
        env["DataProtection__KeysFolder"] = Path.Combine(DataFolder, "keys");
        env["Storage__SignedGuidesFolder"] = ScansFolder;
        env["Database__SeedDemoHistory"] = "false";
        foreach (var (key, value) in Settings) env[key.Replace(":", "__", StringComparison.Ordinal)] = value;

        File.Delete(SignalFile);
        process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start.");
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        await ChildProcesses.WaitUntilAnswersAsync(process, () => Output, new Uri($"{BaseAddress}/Account/Login"), TimeSpan.FromSeconds(90), "The portal");
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (output) output.AppendLine(line);
    }

    /// <summary>SIGKILL: no shutdown, no flush, no lease given back.</summary>
    public async Task KillAsync()
    {
        if (process is null) return;
        process.Kill(entireProcessTree: false);
        await process.WaitForExitAsync();
        process.Dispose();
        process = null;
    }

    /// <summary>Waits for the commit hold (<c>Testing:HoldCommit</c>) to be reached.</summary>
    public Task WaitForHoldAsync() => Until(() =>
    {
        if (process is { HasExited: true }) throw new InvalidOperationException($"The portal exited:\n{Output}");
        return Task.FromResult(File.Exists(SignalFile));
    }, TimeSpan.FromSeconds(30), "the commit hold");

    /// <summary>Polls like <see cref="Until"/>; a timeout reports the portal's console.</summary>
    public async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        try
        {
            await Until(condition, TimeSpan.FromSeconds(30), what);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message}\nPortal output:\n{Output}", ex);
        }
    }

    /// <summary>A context on the portal's database file (no pooling: nothing stays open across a restart).</summary>
    public AppDbContext Database() =>
        new(new DbContextOptionsBuilder<AppDbContext>().UseSqlite($"Data Source={DatabasePath};Pooling=False").Options);

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


    public async ValueTask DisposeAsync()
    {
        if (process is not null)
        {
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
        }
        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
