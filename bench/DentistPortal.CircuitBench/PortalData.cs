using DentistPortal.Features.Beneficiaries;
using DentistPortal.Features.Common;
using DentistPortal.Features.Tokens;
using DentistPortal.Features.Treatments;
using DentistPortal.Infrastructure.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DentistPortal.CircuitBench;

/// <summary>
/// The portal's SQLite demo database for the run, in a temporary folder: created, migrated and seeded (demo data and
/// demo history, as a fresh production trial with <c>Database:SeedDemoData</c>) by the portal's own initializer, then
/// prepared with what two pages need, through the portal's real handlers acting as the dentist: a beneficiary reference
/// from the lookup (the new-treatment page's route) and a submitted treatment with an active token (the treatment page).
/// </summary>
public sealed class PortalData
{
    public const string DentistEmail = "dentista@demo.local";
    public const string StaffEmail = "recepcao@demo.local";
    public const string PatientEmail = "paciente@demo.local";
    public const string Password = "Demo@2026!";
    private const string SaoPauloCnpj = "11222333000181";
    private const string MariaCpf = "52998224725";

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
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:DefaultConnection"] = $"Data Source={DatabaseFile}",
                ["Database:ApplyMigrationsAtStartup"] = "true",
                ["Database:SeedDemoData"] = "true",
                ["Tokens:HmacKeys:bench"] = HmacKey,
                ["Tokens:CurrentHmacKeyId"] = "bench",
                ["Messaging:Sms:Provider"] = "DevInbox",
                ["Messaging:Email:Provider"] = "DevInbox",
                ["Storage:SignedGuidesFolder"] = Path.Combine(Folder, "scans"),
            })
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(b => b.ClearProviders().SetMinimumLevel(LogLevel.Warning));
        services.AddDataProtection().SetApplicationName("DentistPortal.CircuitBench.Preparation")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(Folder, "preparation-keys")));
        services.AddPortalCore(configuration);
        services.AddSingleton<IHostEnvironment>(new PreparationEnvironment(Folder));
        await using var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<DatabaseInitializer>().InitializeAsync();

        var dentist = await ActorAsync(provider, DentistEmail, SaoPauloCnpj);
        await using (var scope = provider.CreateAsyncScope())
        {
            var found = await scope.ServiceProvider.GetRequiredService<LookupBeneficiaryHandler>().HandleAsync(new(MariaCpf), dentist);
            BeneficiaryReference = found.Value?.Found.Reference ?? throw new InvalidOperationException("Lookup failed: " + string.Join("; ", found.Errors));
        }
        await using (var scope = provider.CreateAsyncScope())
        {
            var created = await scope.ServiceProvider.GetRequiredService<CreateTreatmentHandler>()
                .HandleAsync(new(BeneficiaryReference, [new("81000030", null, null, null)]), dentist);
            if (!created.IsOk) throw new InvalidOperationException("CreateTreatment failed: " + string.Join("; ", created.Errors));
            var submitted = await scope.ServiceProvider.GetRequiredService<SubmitForAuthorizationHandler>().HandleAsync(new(created.Value!.Id), dentist);
            if (!submitted.IsOk) throw new InvalidOperationException("SubmitForAuthorization failed: " + string.Join("; ", submitted.Errors));
            var token = await scope.ServiceProvider.GetRequiredService<GenerateTokenHandler>().HandleAsync(new(created.Value.Id), dentist);
            if (!token.IsOk) throw new InvalidOperationException("GenerateToken failed: " + string.Join("; ", token.Errors));
            TreatmentNumber = created.Value.Number;
        }
        // Nothing stays open on the file: the portal processes open it next.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    private static async Task<Actor> ActorAsync(IServiceProvider services, string email, string clinicCnpj)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var user = await db.Users.SingleAsync(u => u.Email == email);
        var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == user.Id select r.Name!).ToListAsync();
        var clinicId = await db.Clinics.Where(c => c.Cnpj == clinicCnpj).Select(c => c.Id).SingleAsync();
        return new Actor(user.Id, user.FullName, roles.ToHashSet(), clinicId);
    }

    private sealed class PreparationEnvironment(string root) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Benchmark";
        public string ApplicationName { get; set; } = "DentistPortal";
        public string ContentRootPath { get; set; } = root;
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
