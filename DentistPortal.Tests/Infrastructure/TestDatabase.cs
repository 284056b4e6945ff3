using DentistPortal.Infrastructure;
using DentistPortal.Infrastructure.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DentistPortal.Tests.Infrastructure;

/// <summary>
/// A real database with the real migrations and demo data, wired with the portal's own registrations
/// (AddPortalCore): a SQLite file, or a PostgreSQL database on the run's throwaway server when
/// <see cref="TestProvider.IsPostgreSql"/> (issue 12). One per fixture, deleted afterwards.
/// </summary>
public class TestDatabase : IAsyncLifetime
{
    public string FilePath { get; } = Path.Combine(Path.GetTempPath(), "dentistportal-tests", $"{Guid.NewGuid():N}.db");

    public IConfiguration Configuration { get; private set; } = default!;

    /// <summary>This database's folder of signed-guide scans.</summary>
    public string ScansFolder => Path.Combine(Path.GetDirectoryName(FilePath)!, Path.GetFileNameWithoutExtension(FilePath) + "-scans");

    /// <summary>The clock every rule reads (TR-13); tests move it.</summary>
    public Microsoft.Extensions.Time.Testing.FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 25, 13, 0, 0, TimeSpan.Zero));

    /// <summary>Codes the next tokens get, in order; random (the real generator) when empty.</summary>
    public ForcedCodeGenerator Codes { get; } = new();

    /// <summary>Validation references (codValidacao) the next validations get: deterministic (issue 11).</summary>
    public ForcedValidationReferences References { get; } = new();
    /// <summary>The host environment's name ("Testing"); a fixture may run as "Development" (e.g. webhooks to a loopback receiver).</summary>
    protected virtual string EnvironmentName => "Testing";

    /// <summary>Whether this database is on PostgreSQL: <see cref="TestProvider.IsPostgreSql"/>, unless a fixture always uses one provider (issue 12).</summary>
    public virtual bool OnPostgreSql => TestProvider.IsPostgreSql;

    /// <summary>Services a fixture replaces after the portal's (e.g. the webhook address resolver).</summary>
    protected virtual void AddServices(IServiceCollection services) { }

    /// <summary>Extra settings for a fixture (e.g. messaging providers).</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> ExtraSettings => [];

    /// <summary>Every log line written through the portal's loggers, to prove no code ever reaches one.</summary>
    public CapturingLoggerProvider Logs { get; } = new();
    public ServiceProvider Services { get; private set; } = default!;

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<string>> PostgresDatabases = new();

    /// <summary>
    /// The connection string the portal gets for <paramref name="dbPath"/>: the SQLite file itself, or (PostgreSQL run, or
    /// <paramref name="postgreSql"/> true) one database per path.
    /// </summary>
    public static string ConnectionStringFor(string dbPath, bool? postgreSql = null) => postgreSql ?? TestProvider.IsPostgreSql
        ? PostgresDatabases.GetOrAdd(dbPath, _ => new Lazy<string>(() => TestPostgres.CreateDatabase())).Value
        : $"Data Source={dbPath}";

    /// <summary>Drops the PostgreSQL database made for <paramref name="dbPath"/> (nothing on SQLite: the caller deletes the file).</summary>
    public static void DropDatabaseFor(string dbPath)
    {
        if (PostgresDatabases.TryRemove(dbPath, out var made) && made.IsValueCreated) TestPostgres.DropDatabase(made.Value);
    }

    /// <summary>
    /// Makes <paramref name="dbPath"/>'s database a copy of <paramref name="templatePath"/>'s, which nothing uses any more:
    /// the file copied (SQLite) or <c>CREATE DATABASE … TEMPLATE</c> (PostgreSQL).
    /// </summary>
    public static void CopyDatabase(string templatePath, string dbPath)
    {
        if (!TestProvider.IsPostgreSql)
        {
            File.Copy(templatePath, dbPath);
            return;
        }
        var copy = TestPostgres.CreateDatabase(template: ConnectionStringFor(templatePath));
        var made = new Lazy<string>(() => copy);
        _ = made.Value;
        if (!PostgresDatabases.TryAdd(dbPath, made)) throw new InvalidOperationException($"{dbPath} already has a database.");
    }

    /// <summary>The portal's settings for tests on <paramref name="dbPath"/>'s database: on <see cref="TestProvider"/>'s provider, or PostgreSQL when <paramref name="postgreSql"/> says so.</summary>
    public static Dictionary<string, string?> Settings(string dbPath, bool? postgreSql = null) => new()
    {
        ["Database:Provider"] = postgreSql ?? TestProvider.IsPostgreSql ? "PostgreSQL" : "Sqlite",
        ["ConnectionStrings:DefaultConnection"] = ConnectionStringFor(dbPath, postgreSql),
        ["Database:ApplyMigrationsAtStartup"] = "true",
        ["Database:SeedDemoData"] = "true",
        ["Database:SeedDemoHistory"] = "false", // tests build their own history through the handlers
        // Issue 10 rate limits: the suite shares hosts and demo users and logs in and validates far faster than people do.
        // Tests of the limits set them low on their own hosts and databases (RateLimitsAnswer429, TokenValidationIsThrottled).
        ["RateLimiting:LoginPerAddress:PermitLimit"] = "100000",
        ["RateLimiting:LoginPerAccount:PermitLimit"] = "100000",
        ["RateLimiting:AnonymousPerAddress:PermitLimit"] = "100000",
        ["RateLimiting:BlankGuidePerAddress:PermitLimit"] = "100000",
        ["RateLimiting:TokenValidationPerUser:PermitLimit"] = "100000",
        ["RateLimiting:TokenValidationPerClinic:PermitLimit"] = "100000",
        // Issue 10: keys and providers are explicit outside Development (a fixed test key, the development inbox).
        ["Tokens:HmacKeys:" + TestKeys.HmacKeyId] = TestKeys.HmacKey,
        ["Tokens:CurrentHmacKeyId"] = TestKeys.HmacKeyId,
        ["Messaging:Sms:Provider"] = "DevInbox",
        ["Messaging:Email:Provider"] = "DevInbox",
        ["Operator:Name"] = "Sorriso Pleno Odontologia",
        ["Operator:AnsRegistration"] = "987654",
        ["Operator:Channels:0:Key"] = "central",
        ["Operator:Channels:0:Name"] = "Central de Atendimento",
        ["Operator:Channels:0:Phones:0:Number"] = "3003-0000",
        ["Operator:Channels:0:Phones:0:Note"] = "capitais",
        ["Operator:Channels:0:HoursText"] = "segunda a sexta, das 09h às 18h, exceto feriados",
        ["Operator:Channels:0:Hours:Days:0"] = "Monday",
        ["Operator:Channels:0:Hours:Days:1"] = "Tuesday",
        ["Operator:Channels:0:Hours:Days:2"] = "Wednesday",
        ["Operator:Channels:0:Hours:Days:3"] = "Thursday",
        ["Operator:Channels:0:Hours:Days:4"] = "Friday",
        ["Operator:Channels:0:Hours:Opens"] = "09:00",
        ["Operator:Channels:0:Hours:Closes"] = "18:00",
    };

    public static void AddPortal(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(configuration);
        services.AddLogging();
        services.AddDataProtection().SetApplicationName("DentistPortal.Tests");
        services.AddPortalCore(configuration);
    }

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        var settings = Settings(FilePath, OnPostgreSql);
        settings["DataProtection:KeysFolder"] = Path.Combine(Path.GetDirectoryName(FilePath)!, Path.GetFileNameWithoutExtension(FilePath) + "-keys");
        settings["Storage:SignedGuidesFolder"] = ScansFolder;
        foreach (var (k, v) in ExtraSettings) settings[k] = v;
        usedSettings = settings;
        Configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton<DentistPortal.Infrastructure.Security.ITokenCodeGenerator>(Codes);
        services.AddSingleton<DentistPortal.Infrastructure.Security.IValidationReferenceGenerator>(References);
        services.AddLogging(b => b.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
        AddPortal(services, Configuration);
        AddServices(services);
        services.AddSingleton<Microsoft.Extensions.Hosting.IHostEnvironment>(new TestHostEnvironment { EnvironmentName = EnvironmentName });
        Services = services.BuildServiceProvider();
        await Services.GetRequiredService<DatabaseInitializer>().InitializeAsync();
    }

    public IServiceScope Scope() => Services.CreateScope();

    private Dictionary<string, string?> usedSettings = [];

    /// <summary>
    /// The portal's services once more on this same database file and clock, with some settings changed (null removes
    /// one): e.g. the token HMAC keys after a rotation (issue 10). Dispose it when done.
    /// </summary>
    public ServiceProvider ServicesWith(IEnumerable<KeyValuePair<string, string?>> changes)
    {
        var settings = new Dictionary<string, string?>(usedSettings);
        foreach (var (k, v) in changes)
        {
            if (v is null) settings.Remove(k);
            else settings[k] = v;
        }
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton<DentistPortal.Infrastructure.Security.ITokenCodeGenerator>(Codes);
        services.AddSingleton<DentistPortal.Infrastructure.Security.IValidationReferenceGenerator>(References);
        services.AddLogging(b => b.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
        AddPortal(services, new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        AddServices(services);
        services.AddSingleton<Microsoft.Extensions.Hosting.IHostEnvironment>(new TestHostEnvironment { EnvironmentName = EnvironmentName });
        return services.BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await Services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        DropDatabaseFor(FilePath);
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            File.Delete(FilePath + suffix);
    }

    private sealed class TestHostEnvironment : Microsoft.Extensions.Hosting.IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Testing";
        public string ApplicationName { get; set; } = "DentistPortal";
        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;
        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = new Microsoft.Extensions.FileProviders.NullFileProvider();
    }
}
