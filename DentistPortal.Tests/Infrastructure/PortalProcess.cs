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
    private ChildProcess? process;
    private string earlierRuns = "";

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

    public string BaseAddress => process?.BaseAddress ?? "";

    /// <summary>The process's console (every run since this object was made), for failure messages.</summary>
    public string Output => earlierRuns + process?.Output;

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
        if (process is not null)
        {
            earlierRuns = Output;
            await process.DisposeAsync();
        }
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:DefaultConnection"] = $"Data Source={DatabasePath}",
            ["DataProtection:KeysFolder"] = Path.Combine(DataFolder, "keys"),
            ["Storage:SignedGuidesFolder"] = ScansFolder,
            ["Database:SeedDemoHistory"] = "false",
        };
        foreach (var (key, value) in Settings) settings[key] = value;

        File.Delete(SignalFile);
        process = ChildProcess.Start(PortalDll(), ChildProcesses.FreeLoopbackPort(), "Development", settings);
        await process.WaitUntilAnswersAsync("/Account/Login", TimeSpan.FromSeconds(90), "The portal");
    }

    /// <summary>SIGKILL: no shutdown, no flush, no lease given back.</summary>
    public Task KillAsync() => process?.KillAsync() ?? Task.CompletedTask;

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

    /// <summary>Polls <paramref name="condition"/> until true (<see cref="ChildProcesses.Until"/>).</summary>
    public static Task Until(Func<Task<bool>> condition, TimeSpan timeout, string what) => ChildProcesses.Until(condition, timeout, what);


    public async ValueTask DisposeAsync()
    {
        if (process is not null) await process.DisposeAsync();
        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
