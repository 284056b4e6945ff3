using DentistPortal.Bench.Shared;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DentistPortal.CircuitBench;

/// <summary>
/// The portal's SQLite demo database for the run, in a temporary folder: created, migrated and seeded (demo data and
/// demo history, as a fresh production trial with <c>Database:SeedDemoData</c>) by the portal's own initializer, then
/// prepared with what two pages need, through the portal's real handlers acting as the dentist (<see cref="PortalServices"/>): a beneficiary reference
/// from the lookup (the new-treatment page's route) and a submitted treatment with an active token (the treatment page).
/// </summary>
public sealed class PortalData
{
    public const string DentistEmail = PortalServices.DentistEmail;
    public const string StaffEmail = "recepcao@demo.local";
    public const string PatientEmail = "paciente@demo.local";
    public const string Password = "Demo@2026!";

    private PortalData(string folder, string hmacKey)
    {
        Folder = folder;
        HmacKey = hmacKey;
    }

    public string Folder { get; }
    /// <summary>In a folder of its own: production refuses keys inside the database folder (issue 10).</summary>
    public string DatabaseFile => Path.Combine(Folder, "db", "portal.db");
    public string HmacKey { get; }
    public string BeneficiaryReference { get; private set; } = "";
    public string TreatmentNumber { get; private set; } = "";

    /// <summary>The settings of a production start on this database (issue 10's required secrets, generated for the run).</summary>
    public Dictionary<string, string?> ProductionSettings()
    {
        var certificate = Path.Combine(Folder, "secrets", "dataprotection.pfx");
        if (!File.Exists(certificate))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(certificate)!);
            ServerProcess.WriteCertificate(certificate, "circuit-bench");
        }
        return new()
        {
            ["ConnectionStrings:DefaultConnection"] = $"Data Source={DatabaseFile}",
            ["Database:ApplyMigrationsAtStartup"] = "true",
            ["Database:SeedDemoData"] = "true",
            ["Storage:SignedGuidesFolder"] = Path.Combine(Folder, "scans"),
            ["Tokens:HmacKeys:bench"] = HmacKey,
            ["Tokens:CurrentHmacKeyId"] = "bench",
            ["DataProtection:KeysFolder"] = Path.Combine(Folder, "secrets", "dp-keys"),
            ["DataProtection:Certificate:Path"] = certificate,
            ["DataProtection:Certificate:Password"] = "circuit-bench",
            // Real providers as production requires; nothing is sent during the run (the dispatcher is off).
            ["Messaging:Sms:Provider"] = "HttpGateway",
            ["Messaging:Sms:BaseUrl"] = "http://127.0.0.1:9/",
            ["Messaging:Email:Provider"] = "Smtp",
            ["Messaging:Email:Host"] = "smtp.example.com",
            ["Messaging:Dispatcher:Enabled"] = "false",
            // The bench is the TLS proxy: it tells the portal the browser's request was HTTPS, so Secure cookies work.
            ["ReverseProxy:KnownProxies:0"] = "127.0.0.1",
        };
    }

    public static async Task<PortalData> CreateAsync(string folder)
    {
        Directory.CreateDirectory(Path.Combine(folder, "db"));
        var data = new PortalData(folder, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
        await data.PrepareAsync();
        return data;
    }

    private async Task PrepareAsync()
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:DefaultConnection"] = $"Data Source={DatabaseFile}",
            ["Database:ApplyMigrationsAtStartup"] = "true",
            ["Database:SeedDemoData"] = "true",
            ["Tokens:HmacKeys:bench"] = HmacKey,
            ["Tokens:CurrentHmacKeyId"] = "bench",
            ["Messaging:Sms:Provider"] = "DevInbox",
            ["Messaging:Email:Provider"] = "DevInbox",
            ["Storage:SignedGuidesFolder"] = Path.Combine(Folder, "scans"),
        };
        await using (var provider = PortalServices.Build(settings, Folder, services =>
        {
            services.AddLogging(b => b.ClearProviders().SetMinimumLevel(LogLevel.Warning));
            services.AddDataProtection().SetApplicationName("DentistPortal.CircuitBench.Preparation")
                .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(Folder, "preparation-keys")));
        }))
        {
            await PortalServices.InitializeDatabaseAsync(provider);
            var dentist = await PortalServices.ActorAsync(provider, DentistEmail, PortalServices.SaoPauloCnpj);
            BeneficiaryReference = await PortalServices.LookupAsync(provider, dentist, PortalServices.MariaCpf);
            TreatmentNumber = (await PortalServices.TreatmentWithActiveTokenAsync(provider, dentist, BeneficiaryReference)).Number;
        }
        // Nothing stays open on the file: the portal processes open it next.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }
}
