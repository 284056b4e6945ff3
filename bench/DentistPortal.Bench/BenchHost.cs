using DentistPortal.Features.Common;
using DentistPortal.Infrastructure;
using DentistPortal.Infrastructure.Data;
using DentistPortal.Infrastructure.Security;
using System.Data.Common;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DentistPortal.Bench;

/// <summary>
/// A fresh SQLite file (WAL) with the real migrations and demo data, wired exactly like the tests' TestDatabase:
/// ServiceCollection + AddPortalCore + AddDataProtection + AddLogging + an IHostEnvironment.
/// </summary>
public sealed class BenchHost : IAsyncDisposable
{
    public const string DentistEmail = "dentista@demo.local";
    public const string SaoPauloCnpj = "11222333000181";

    public string Folder { get; }
    public string FilePath { get; }
    /// <summary>The connection string as the app resolves it (pooling on, 30 s busy timeout).</summary>
    public string ConnectionString { get; }
    public ServiceProvider Services { get; }
    /// <summary>Warnings and errors the portal logged during the run.</summary>
    public CountingLoggerProvider Logs { get; }
    /// <summary>Leave the database folder behind for inspection (--keep).</summary>
    public bool Keep { get; set; }

    private BenchHost(string folder, string filePath, string connectionString, ServiceProvider services, CountingLoggerProvider logs)
    {
        Folder = folder;
        FilePath = filePath;
        ConnectionString = connectionString;
        Services = services;
        Logs = logs;
    }

    /// <summary>
    /// Experiments only, empty by default (the app's configuration): PRAGMAs every connection runs when opened, the
    /// handlers' (through an EF Core interceptor) and the bare loop's alike. --sync-normal: synchronous=NORMAL, so a
    /// WAL commit no longer waits for fsync (shows how much of an operation is disk). --busy-timeout: SQLite's own
    /// busy handler (sleeps of 1…100 ms inside SQLite) instead of Microsoft.Data.Sqlite's 150 ms retry sleep.
    /// </summary>
    public IReadOnlyList<string> ExperimentPragmas { get; private init; } = [];

    public async Task<SqliteConnection> OpenConnectionAsync()
    {
        var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        ConnectionPragmasInterceptor.Apply(connection, ExperimentPragmas);
        return connection;
    }

    public static async Task<BenchHost> CreateAsync(IReadOnlyList<string> experimentPragmas, bool traceSql = false)
    {
        var folder = Path.Combine(Path.GetTempPath(), "dentistportal-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, "bench.db");

        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:DefaultConnection"] = $"Data Source={file}",
            ["Database:ApplyMigrationsAtStartup"] = "true",
            ["Database:SeedDemoData"] = "true",
            ["DataProtection:KeysFolder"] = Path.Combine(folder, "keys"),
        };
        // The app's own appsettings.json (copied next to the binary by the project reference) first, so the
        // token policy (caps, lifetime) is the configured one; the bench only overrides database and keys.
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddInMemoryCollection(settings)
            .Build();

        var codes = new BenchCodeGenerator();
        var logs = new CountingLoggerProvider { TraceSql = traceSql };
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        // Before AddPortalCore, which uses TryAdd: the bench decides the codes of the tokens it will validate.
        services.AddSingleton<ITokenCodeGenerator>(codes);
        services.AddLogging(b =>
        {
            b.ClearProviders().AddProvider(logs).SetMinimumLevel(LogLevel.Warning);
            if (traceSql) b.AddFilter("Microsoft.EntityFrameworkCore.Database", LogLevel.Debug);
        });
        services.AddDataProtection()
            .SetApplicationName("DentistPortal.Bench")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(folder, "keys")));
        services.AddPortalCore(configuration);
        if (experimentPragmas.Count > 0)
            services.ConfigureDbContext<AppDbContext>(o => o.AddInterceptors(new ConnectionPragmasInterceptor(experimentPragmas)));
        services.AddSingleton<IHostEnvironment>(new BenchHostEnvironment(folder));
        var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<DatabaseInitializer>().InitializeAsync();

        var connectionString = SqliteConnectionStrings.Resolve(configuration.GetConnectionString("DefaultConnection")!, folder);
        return new BenchHost(folder, file, connectionString, provider, logs) { ExperimentPragmas = experimentPragmas };
    }

    /// <summary>The actor the sign-in cookie would carry (same query as the tests' DemoActors.ForAsync).</summary>
    public async Task<Actor> ActorAsync(string email, string? clinicCnpj)
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var user = await db.Users.SingleAsync(u => u.Email == email);
        var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == user.Id select r.Name!).ToListAsync();
        int? clinicId = null;
        if (clinicCnpj is not null) clinicId = await db.Clinics.Where(c => c.Cnpj == clinicCnpj).Select(c => c.Id).SingleAsync();
        return new Actor(user.Id, user.FullName, roles.ToHashSet(), clinicId);
    }

    public async Task<int> BeneficiaryIdAsync(string cpfOrCard)
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        return await db.Beneficiaries.Where(b => b.Cpf == cpfOrCard || b.CardNumber == cpfOrCard).Select(b => b.Id).SingleAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Keep) return;
        try { Directory.Delete(Folder, recursive: true); }
        catch (IOException) { }
    }

    private sealed class BenchHostEnvironment(string root) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Benchmark";
        public string ApplicationName { get; set; } = "DentistPortal";
        public string ContentRootPath { get; set; } = root;
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}

/// <summary>
/// Codes of new tokens: the one set for the current async flow (so the bench knows the code it will validate),
/// otherwise random like the real generator.
/// </summary>
public sealed class BenchCodeGenerator : ITokenCodeGenerator
{
    private static readonly AsyncLocal<string?> Forced = new();
    private readonly RandomTokenCodeGenerator random = new();

    public static void ForceNext(string? code) => Forced.Value = code;

    public string Next() => Forced.Value ?? random.Next();
}

/// <summary>
/// Counts warnings and errors written through the portal's loggers and keeps the first few; prints nothing.
/// With <see cref="TraceSql"/> (--trace-sql) it also records EF Core's executed commands and transaction events
/// while <see cref="Recording"/> is on.
/// </summary>
public sealed class CountingLoggerProvider : ILoggerProvider
{
    private int count;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> first = new();
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> trace = new();

    public int Count => Volatile.Read(ref count);
    public IEnumerable<string> First => first;
    public bool TraceSql { get; init; }
    public volatile bool Recording;

    /// <summary>The recorded database events, oldest first; clears the record.</summary>
    public List<string> TakeTrace()
    {
        var list = new List<string>();
        while (trace.TryDequeue(out var line)) list.Add(line);
        return list;
    }

    public ILogger CreateLogger(string categoryName) => new Counter(this, categoryName);

    public void Dispose() { }

    private sealed class Counter(CountingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        private readonly bool database = owner.TraceSql && category.StartsWith("Microsoft.EntityFrameworkCore.Database", StringComparison.Ordinal);

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning || (database && logLevel >= LogLevel.Debug);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (database && owner.Recording && logLevel < LogLevel.Warning)
            {
                var message = formatter(state, exception);
                if (message.StartsWith("Executed DbCommand", StringComparison.Ordinal)
                    || message.Contains("transaction", StringComparison.OrdinalIgnoreCase)
                    || message.Contains("savepoint", StringComparison.OrdinalIgnoreCase))
                    owner.trace.Enqueue(message);
                return;
            }
            if (logLevel < LogLevel.Warning) return;
            if (Interlocked.Increment(ref owner.count) <= 5)
                owner.first.Enqueue($"{logLevel} {category}: {formatter(state, exception)}");
        }
    }
}

/// <summary>The experiments' PRAGMAs (--sync-normal, --busy-timeout) on every connection EF opens.</summary>
public sealed class ConnectionPragmasInterceptor(IReadOnlyList<string> pragmas) : DbConnectionInterceptor
{
    public static void Apply(DbConnection connection, IReadOnlyList<string> pragmas)
    {
        foreach (var pragma in pragmas)
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA {pragma};";
            command.ExecuteNonQuery();
        }
    }

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection, pragmas);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection, pragmas);
        return Task.CompletedTask;
    }
}
