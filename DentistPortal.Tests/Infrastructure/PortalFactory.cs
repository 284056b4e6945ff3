using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;

namespace DentistPortal.Tests.Infrastructure;

/// <summary>
/// The real portal (Program.cs) on its own SQLite file with migrations and demo data.
/// With <see cref="UseRealServer"/> it listens on a loopback port for a real browser.
/// </summary>
public class PortalFactory : WebApplicationFactory<Program>
{
    private readonly string dbDir = Path.Combine(Path.GetTempPath(), "dentistportal-tests", Guid.NewGuid().ToString("N"));

    public string DatabasePath => Path.Combine(dbDir, "portal.db");

    public int Port { get; } = FreePort();

    public string BaseAddress => $"http://127.0.0.1:{Port}";

    protected virtual bool UseRealServer => false;

    /// <summary>Settings a derived factory adds on top of <see cref="TestDatabase.Settings"/>.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> ExtraSettings => [];

    public PortalFactory()
    {
        if (UseRealServer)
        {
            UseKestrel(o => o.Listen(IPAddress.Loopback, Port));
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        Directory.CreateDirectory(dbDir);
        // Development: demo data and static web assets from the build (no publish step needed in tests).
        builder.UseEnvironment("Development");
        builder.ConfigureAppConfiguration((_, config) =>
        {
            var settings = TestDatabase.Settings(DatabasePath);
            foreach (var key in settings.Keys.Where(k => k.StartsWith("Operator", StringComparison.Ordinal)).ToList())
                settings.Remove(key); // use the real appsettings.json operator section
            settings["DataProtection:KeysFolder"] = Path.Combine(dbDir, "keys");
            // Development's generated Data Protection certificate goes here, not into the source tree.
            settings["DevSecrets:Folder"] = Path.Combine(dbDir, "dev-secrets");
            settings["Storage:SignedGuidesFolder"] = Path.Combine(dbDir, "scans");
            // Open pages re-check their user every 2 s, so a browser test sees a disabled account leave at once.
            settings["Security:SessionRevalidationSeconds"] = "2";
            // Every browser test shares this portal and its demo patients: a whole week of Maria's messages goes by in a
            // minute. The per-destination caps are proved on their own databases (TheSendCapsHoldUnderConcurrency, ResendCaps).
            settings["Tokens:MaxSmsPerBeneficiaryPerDay"] = "1000";
            settings["Tokens:MaxEmailsPerAddressPerDay"] = "1000";
            foreach (var (k, v) in ExtraSettings) settings[k] = v;
            config.AddInMemoryCollection(settings);
        });
    }

    public HttpClient CreateBrowserLikeClient() => CreateClient(new WebApplicationFactoryClientOptions
    {
        AllowAutoRedirect = false,
        HandleCookies = true,
        BaseAddress = new Uri("http://localhost"),
    });

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        TestDatabase.DropDatabaseFor(DatabasePath);
        try { Directory.Delete(dbDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}

/// <summary>The portal on a real Kestrel loopback port, for Playwright.</summary>
public sealed class LivePortalFactory : PortalFactory
{
    protected override bool UseRealServer => true;
}

/// <summary>The live portal with the demo month of attendances (the fraud signal has something to show).</summary>
public sealed class LivePortalWithHistoryFactory : PortalFactory
{
    protected override bool UseRealServer => true;

    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings => [new("Database:SeedDemoHistory", "true")];
}
