using DentistPortal.Tests.Infrastructure;

namespace DentistPortal.BrowserBench;

/// <summary>
/// The portal as a child process (<see cref="ChildProcess"/>: <c>dotnet DentistPortal.dll</c> from the web project's
/// build output on a free loopback port), its SQLite database, Data Protection keys and scans in a temporary folder, demo
/// data seeded at start. Environment Development: the only environment in which the build output (not a publish) serves
/// the static web assets and the development inbox; logging at Warning. The token HMAC key is explicit so that the
/// bench's in-process handlers (<see cref="Preparation"/>) make tokens the portal verifies. The validation throttle
/// (issue 10) is raised: one bench dentist validates far more codes than a person would.
/// </summary>
public sealed class BenchPortal : IAsyncDisposable
{
    private readonly ChildProcess process;

    private BenchPortal(ChildProcess process, string folder, string hmacKey)
    {
        this.process = process;
        Folder = folder;
        HmacKey = hmacKey;
    }

    public const string HmacKeyId = "browserbench";

    public string Folder { get; }
    public string BaseAddress => process.BaseAddress;
    public string DatabasePath => Path.Combine(Folder, "portal.db");
    public string KeysFolder => Path.Combine(Folder, "keys");
    public string HmacKey { get; }
    public int ProcessId => process.Id;

    /// <summary>The process's console so far (warnings, errors, and the SQL it logs with <c>traceSql</c>).</summary>
    public string Output => process.Output;

    /// <summary>Characters of <see cref="Output"/> so far: pass to <see cref="OutputSince"/> to read what came after.</summary>
    public int OutputLength => process.OutputLength;

    public string OutputSince(int position) => process.OutputSince(position);

    /// <summary>
    /// Starts <paramref name="portalDll"/> and waits until the login page answers. <paramref name="traceSql"/> logs every
    /// SQL command the portal runs (EF Core's <c>Database.Command</c> category at Information) to its console.
    /// </summary>
    public static async Task<BenchPortal> StartAsync(string portalDll, bool traceSql = false, bool seedHistory = true)
    {
        var folder = Path.Combine(Path.GetTempPath(), "dentistportal-browserbench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var hmacKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var settings = Settings(folder, hmacKey);
        settings["Database:SeedDemoHistory"] = seedHistory ? "true" : "false";
        if (traceSql) settings["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"] = "Information";

        var portal = new BenchPortal(ChildProcess.Start(portalDll, ChildProcesses.FreeLoopbackPort(), "Development", settings), folder, hmacKey);
        try
        {
            await portal.process.WaitUntilAnswersAsync("/Account/Login", TimeSpan.FromSeconds(180), "The portal");
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
    public static string DefaultPortalDll() => ChildProcesses.BuildOutput("DentistPortal", "DentistPortal.dll");

    public async ValueTask DisposeAsync()
    {
        await process.DisposeAsync();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
