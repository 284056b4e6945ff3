using DentistPortal.Bench.Shared;
using DentistPortal.Features.Common;
using DentistPortal.Infrastructure;
using DentistPortal.Infrastructure.Data;
using DentistPortal.Infrastructure.Security;
using System.Data.Common;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DentistPortal.Bench;

/// <summary>
/// One portal instance: its own DI container (AddPortalCore + AddDataProtection + AddLogging + an IHostEnvironment, wired
/// like the tests' TestDatabase), so its own connection pool, singletons and caches, on the run's shared
/// <see cref="BenchDatabase"/>. Instance 1 applies the real migrations and seeds the demo data; the others only connect.
/// All share the Data Protection key folder and the token HMAC key, as a deployment of several instances must.
/// </summary>
public sealed class BenchHost : IAsyncDisposable
{
    public const string DentistEmail = PortalServices.DentistEmail;
    public const string SaoPauloCnpj = PortalServices.SaoPauloCnpj;

    public int Instance { get; }
    public BenchDatabase Database { get; }
    public ServiceProvider Services { get; }
    /// <summary>Warnings and errors the portal logged during the run.</summary>
    public CountingLoggerProvider Logs { get; }

    private BenchHost(int instance, BenchDatabase database, ServiceProvider services, CountingLoggerProvider logs)
    {
        Instance = instance;
        Database = database;
        Services = services;
        Logs = logs;
    }

    /// <summary>
    /// Experiments only, empty by default (the app's configuration): PRAGMAs every connection runs when opened, the
    /// handlers' (through an EF Core interceptor) and the bare loop's alike. --sync-normal: synchronous=NORMAL, so a
    /// WAL commit no longer waits for fsync (shows how much of an operation is disk). --busy-timeout: SQLite's own
    /// busy handler (sleeps of 1…100 ms inside SQLite) instead of Microsoft.Data.Sqlite's 150 ms retry sleep.
    /// </summary>
    public static async Task<BenchHost> CreateAsync(BenchDatabase database, int instance, IReadOnlyList<string> experimentPragmas, SqlCounter counter, bool traceSql = false, bool withoutWriteGate = false)
    {
        var folder = database.Folder;
        var initialize = instance == 1;
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = database.IsPostgreSql ? "PostgreSQL" : "Sqlite",
            ["ConnectionStrings:DefaultConnection"] = database.ConnectionStringFor(instance),
            ["Database:ApplyMigrationsAtStartup"] = initialize ? "true" : "false",
            ["Database:SeedDemoData"] = initialize ? "true" : "false",
            ["DataProtection:KeysFolder"] = Path.Combine(folder, "keys"),
            // Issue 10: outside Development the token HMAC key and the message providers are explicit.
            ["Tokens:HmacKeys:bench"] = database.HmacKey,
            ["Tokens:CurrentHmacKeyId"] = "bench",
            ["Messaging:Sms:Provider"] = "DevInbox",
            ["Messaging:Email:Provider"] = "DevInbox",
            // Issue 10's per-user / per-clinic validation throttle: one bench dentist stands for many, as in the tests.
            ["RateLimiting:TokenValidationPerUser:PermitLimit"] = "1000000",
            ["RateLimiting:TokenValidationPerClinic:PermitLimit"] = "1000000",
        };
        // The app's own appsettings.json first (PortalServices), so the token policy (caps, lifetime) is the configured
        // one; the bench only overrides database, keys and throttle.
        var codes = new BenchCodeGenerator();
        var logs = new CountingLoggerProvider { TraceSql = traceSql };
        var provider = PortalServices.Build(settings, folder, services =>
        {
            services.AddLogging(b =>
            {
                b.ClearProviders().AddProvider(logs).SetMinimumLevel(LogLevel.Warning);
                if (traceSql) b.AddFilter("Microsoft.EntityFrameworkCore.Database", LogLevel.Debug);
            });
            services.AddDataProtection()
                .SetApplicationName("DentistPortal.Bench")
                .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(folder, "keys")));
            // Counts the SQL commands and transaction statements of the measured operations (both contexts: SQLite uses
            // AppDbContext, PostgreSQL the derived PostgresAppDbContext with its own options).
            services.ConfigureDbContext<AppDbContext>(o => o.AddInterceptors(counter, counter.Transactions));
            services.ConfigureDbContext<PostgresAppDbContext>(o => o.AddInterceptors(counter, counter.Transactions));
            if (withoutWriteGate)
                services.ConfigureDbContext<PostgresAppDbContext>(o => o.AddInterceptors(new WriteGateRemover()));
            if (experimentPragmas.Count > 0)
                services.ConfigureDbContext<AppDbContext>(o => o.AddInterceptors(new ConnectionPragmasInterceptor(experimentPragmas)));
        }, codes: codes); // the bench decides the codes of the tokens it will validate

        if (initialize) await PortalServices.InitializeDatabaseAsync(provider);
        return new BenchHost(instance, database, provider, logs);
    }

    /// <summary>The actor the sign-in cookie would carry (same query as the tests' DemoActors.ForAsync).</summary>
    public Task<Actor> ActorAsync(string email, string? clinicCnpj) => PortalServices.ActorAsync(Services, email, clinicCnpj);

    public async ValueTask DisposeAsync() => await Services.DisposeAsync();
}

/// <summary>
/// EXPERIMENT (--pg-no-gate), never the app's behaviour: replaces the portal's <c>SELECT pg_advisory_xact_lock(…)</c>
/// (SerializedTransactions' one write gate shared by every instance) with <c>SELECT 1</c>, to measure what the gate
/// costs. Without it the caps that count rows before inserting no longer hold exactly under concurrency.
/// </summary>
public sealed class WriteGateRemover : DbCommandInterceptor
{
    private static void Strip(DbCommand command)
    {
        if (command.CommandText.Contains("pg_advisory_xact_lock", StringComparison.Ordinal))
        {
            command.CommandText = "SELECT 1";
            command.Parameters.Clear();
        }
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result) { Strip(command); return result; }
    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default) { Strip(command); return ValueTask.FromResult(result); }
    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result) { Strip(command); return result; }
    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default) { Strip(command); return ValueTask.FromResult(result); }
}

/// <summary>
/// Counts what EF Core sends for the portal's operations: executed commands (each one round trip) and transaction
/// statements (BEGIN, COMMIT, ROLLBACK, SAVEPOINT, RELEASE; on PostgreSQL Npgsql sends BEGIN together with the first
/// command, so it costs no round trip of its own). One counter for all instances.
/// </summary>
public sealed class SqlCounter : DbCommandInterceptor
{
    private long commands;
    public TransactionCounter Transactions { get; } = new();
    public long Commands => Interlocked.Read(ref commands);

    private InterceptionResult<T> Count<T>(InterceptionResult<T> result) { Interlocked.Increment(ref commands); return result; }

    private long lockTicks;

    /// <summary>Issue 13: time spent in the PostgreSQL advisory-lock statements (queue wait for the subjects and the gate), all instances.</summary>
    public TimeSpan LockTime => TimeSpan.FromTicks(Interlocked.Read(ref lockTicks));

    private void Timed(DbCommand command, CommandExecutedEventData eventData)
    {
        if (command.CommandText.Contains("pg_advisory", StringComparison.Ordinal)) Interlocked.Add(ref lockTicks, eventData.Duration.Ticks);
    }

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result) { Timed(command, eventData); return result; }
    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Timed(command, eventData);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result) => Count(result);
    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default) => ValueTask.FromResult(Count(result));
    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result) => Count(result);
    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default) => ValueTask.FromResult(Count(result));
    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result) => Count(result);
    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default) => ValueTask.FromResult(Count(result));

    public sealed class TransactionCounter : DbTransactionInterceptor
    {
        private long statements;
        private long commitTicks;
        public long Statements => Interlocked.Read(ref statements);

        /// <summary>Issue 13: time spent committing (EF Core's measured duration of each COMMIT), all instances.</summary>
        public TimeSpan CommitTime => TimeSpan.FromTicks(Interlocked.Read(ref commitTicks));
        private void Committed(TransactionEndEventData eventData) { Add(); Interlocked.Add(ref commitTicks, eventData.Duration.Ticks); }
        private void Add() => Interlocked.Increment(ref statements);

        public override DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result) { Add(); return result; }
        public override ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData, DbTransaction result, CancellationToken cancellationToken = default) { Add(); return ValueTask.FromResult(result); }
        public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Committed(eventData);
        public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) { Committed(eventData); return Task.CompletedTask; }
        public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Add();
        public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) { Add(); return Task.CompletedTask; }
        public override void CreatedSavepoint(DbTransaction transaction, TransactionEventData eventData) => Add();
        public override Task CreatedSavepointAsync(DbTransaction transaction, TransactionEventData eventData, CancellationToken cancellationToken = default) { Add(); return Task.CompletedTask; }
        public override void ReleasedSavepoint(DbTransaction transaction, TransactionEventData eventData) => Add();
        public override Task ReleasedSavepointAsync(DbTransaction transaction, TransactionEventData eventData, CancellationToken cancellationToken = default) { Add(); return Task.CompletedTask; }
        public override void RolledBackToSavepoint(DbTransaction transaction, TransactionEventData eventData) => Add();
        public override Task RolledBackToSavepointAsync(DbTransaction transaction, TransactionEventData eventData, CancellationToken cancellationToken = default) { Add(); return Task.CompletedTask; }
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
