using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using DentistPortal.Infrastructure.Data;
using DentistPortal.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace DentistPortal.Bench;

/// <summary>Which database the bench measures (<c>--provider</c>).</summary>
public enum BenchProvider
{
    Sqlite,
    PostgreSql,
}

/// <summary>
/// The one database every bench instance shares, plus what the instances share besides it (a folder for the Data
/// Protection keys and one token HMAC key), as a deployment of several portal instances would.
/// <list type="bullet">
/// <item>SQLite: a fresh file (WAL) under <c>/tmp/dentistportal-bench/&lt;guid&gt;/</c>.</item>
/// <item>PostgreSQL: a fresh <c>CREATE DATABASE</c> on the server of <c>--connection</c> (needs CREATEDB), or on a
/// throwaway cluster started exactly as the tests start theirs (<c>TestPostgres</c>, linked from DentistPortal.Tests)
/// and then restarted with durable settings (fsync, synchronous_commit, full_page_writes on) unless <c>--pg-fast</c>.
/// The database is dropped at the end (kept with <c>--keep</c>); the throwaway cluster stops when the process exits.</item>
/// </list>
/// </summary>
public sealed class BenchDatabase : IAsyncDisposable
{
    /// <summary>The table of the bare-commit loop; the portal never reads it.</summary>
    public const string ScratchTable = "BenchScratch";

    private BenchDatabase(BenchProvider provider, string folder, string connectionString, string? sqliteFile, List<string> description)
    {
        Provider = provider;
        Folder = folder;
        ConnectionString = connectionString;
        SqliteFile = sqliteFile;
        Description = description;
    }

    public BenchProvider Provider { get; }
    public bool IsPostgreSql => Provider == BenchProvider.PostgreSql;

    /// <summary>Temporary folder: the SQLite file, the shared Data Protection keys.</summary>
    public string Folder { get; }

    /// <summary>The database's connection string as the portal gets it in <c>ConnectionStrings:DefaultConnection</c>.</summary>
    public string ConnectionString { get; }

    public string? SqliteFile { get; }

    /// <summary>One token HMAC key for every instance (base64, 32 random bytes): a token made on one verifies on another.</summary>
    public string HmacKey { get; } = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    /// <summary>Lines for the report: server version and its durability settings.</summary>
    public IReadOnlyList<string> Description { get; }

    public bool Keep { get; set; }

    /// <summary>
    /// The connection string instance <paramref name="instance"/> (1-based) gets: the same database, but its own pool.
    /// Npgsql keys pools by connection string, so each instance has its own Application Name (also visible in
    /// pg_stat_activity). Microsoft.Data.Sqlite pools by connection string too: instances 2–4 add settings that are the
    /// defaults anyway (Cache=Default, Mode=ReadWriteCreate), only to get a pool of their own.
    /// </summary>
    public string ConnectionStringFor(int instance)
    {
        if (IsPostgreSql)
            return new NpgsqlConnectionStringBuilder(ConnectionString) { ApplicationName = InstanceApplicationName(instance) }.ToString();
        var csb = new SqliteConnectionStringBuilder(ConnectionString);
        if ((instance - 1) % 2 == 1) csb.Cache = SqliteCacheMode.Default;
        if ((instance - 1) / 2 % 2 == 1) csb.Mode = SqliteOpenMode.ReadWriteCreate;
        return csb.ToString();
    }

    public static string InstanceApplicationName(int instance) => $"DentistPortal.Bench-{instance.ToString(CultureInfo.InvariantCulture)}";

    public static async Task<BenchDatabase> CreateAsync(BenchProvider provider, string? serverConnection, bool pgFast)
    {
        var folder = Path.Combine(Path.GetTempPath(), "dentistportal-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        BenchDatabase database;
        if (provider == BenchProvider.Sqlite)
        {
            var file = Path.Combine(folder, "bench.db");
            database = new BenchDatabase(provider, folder, $"Data Source={file}", file, []);
        }
        else
        {
            var description = new List<string>();
            if (serverConnection is { Length: > 0 })
            {
                // TestPostgres uses the server this variable names instead of starting one.
                Environment.SetEnvironmentVariable(TestPostgres.ServerVariable, serverConnection);
                description.Add("PostgreSQL server given by --connection (its own settings, shown below)");
            }
            else if (Environment.GetEnvironmentVariable(TestPostgres.ServerVariable) is { Length: > 0 })
            {
                description.Add($"PostgreSQL server given by {TestPostgres.ServerVariable} (its own settings, shown below)");
            }
            else
            {
                var clock = Stopwatch.StartNew();
                _ = TestPostgres.AdminConnectionString; // initdb + pg_ctl start, as the tests do (fsync off)
                if (!pgFast) RestartDurable(TestPostgres.AdminConnectionString);
                description.Add($"throwaway PostgreSQL cluster (initdb + pg_ctl in a temporary folder, loopback port, stopped at exit), started in {clock.Elapsed.TotalSeconds:F1} s, "
                    + (pgFast ? "EXPERIMENT --pg-fast: the tests' settings fsync=off, synchronous_commit=off, full_page_writes=off (NOT durable)"
                              : "restarted with durable settings fsync=on, synchronous_commit=on, full_page_writes=on"));
            }
            // Npgsql's default pool size (TestPostgres caps its own at 20): the pool must not be what limits 32 callers.
            var connectionString = new NpgsqlConnectionStringBuilder(TestPostgres.CreateDatabase("dp_bench_" + Guid.NewGuid().ToString("N")[..12]))
            {
                MaxPoolSize = 100,
            }.ToString();
            await using (var connection = new NpgsqlConnection(connectionString))
            {
                await connection.OpenAsync();
                var settings = new[] { "server_version", "fsync", "synchronous_commit", "full_page_writes", "wal_sync_method", "shared_buffers", "max_connections" }
                    .Select(s => $"{s}={Scalar(connection, $"SHOW {s};")}");
                description.Add("PostgreSQL " + string.Join(", ", settings) + $", database {connection.Database}");
            }
            database = new BenchDatabase(provider, folder, connectionString, null, description);
        }
        return database;
    }

    /// <summary>
    /// The cluster TestPostgres started runs with fsync=off (tests prove rules, not durability). Command-line settings beat
    /// ALTER SYSTEM, so the bench restarts it (same data folder, port and socket folder) with the durable defaults.
    /// </summary>
    private static void RestartDurable(string adminConnectionString)
    {
        string data, port, sockets, bin;
        using (var connection = new NpgsqlConnection(adminConnectionString))
        {
            connection.Open();
            data = Scalar(connection, "SHOW data_directory;")!;
            port = Scalar(connection, "SHOW port;")!;
            sockets = Scalar(connection, "SHOW unix_socket_directories;")!;
            bin = Scalar(connection, "SELECT setting FROM pg_config WHERE name = 'BINDIR';")!;
        }
        NpgsqlConnection.ClearAllPools();
        var options = string.Join(' ',
            "-c listen_addresses=127.0.0.1", $"-c port={port}", $"-c unix_socket_directories={sockets}",
            "-c max_connections=600", "-c shared_buffers=256MB",
            "-c fsync=on", "-c synchronous_commit=on", "-c full_page_writes=on");
        var log = Path.Combine(Path.GetDirectoryName(data.TrimEnd('/'))!, "server.log");
        var asRoot = Environment.UserName == "root";
        var info = new ProcessStartInfo(asRoot ? "runuser" : Path.Combine(bin, "pg_ctl"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asRoot) foreach (var a in new[] { "-u", "postgres", "--", Path.Combine(bin, "pg_ctl") }) info.ArgumentList.Add(a);
        foreach (var a in new[] { "-D", data, "-l", log, "-w", "-t", "60", "-m", "fast", "-o", options, "restart" }) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"pg_ctl restart failed ({process.ExitCode}): {error.Result}{output.Result}");
    }

    /// <summary>A connection of the bench's own (not an instance's), opened, with the experiment PRAGMAs on SQLite.</summary>
    public async Task<DbConnection> OpenConnectionAsync(IReadOnlyList<string> sqlitePragmas)
    {
        if (IsPostgreSql)
        {
            var pg = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { ApplicationName = "DentistPortal.Bench-bare" }.ToString());
            await pg.OpenAsync();
            return pg;
        }
        var sqlite = new SqliteConnection(SqliteConnectionStrings.Resolve(ConnectionString, Folder));
        await sqlite.OpenAsync();
        // The portal's own per-connection settings (busy_timeout; synchronous=NORMAL under WAL, issue 13), so the bare
        // loop commits exactly as the handlers do.
        DentistPortal.Infrastructure.Data.SqliteWriteGate.Interceptor.ApplyConnectionSettings(sqlite);
        ConnectionPragmasInterceptor.Apply(sqlite, sqlitePragmas);
        return sqlite;
    }

    public string CreateScratchTableSql => IsPostgreSql
        ? $"CREATE TABLE IF NOT EXISTS \"{ScratchTable}\" (\"Id\" bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, \"Worker\" integer NOT NULL, \"Payload\" text NOT NULL, \"AtUtcTicks\" bigint NOT NULL);"
        : $"CREATE TABLE IF NOT EXISTS \"{ScratchTable}\" (\"Id\" INTEGER PRIMARY KEY AUTOINCREMENT, \"Worker\" INTEGER NOT NULL, \"Payload\" TEXT NOT NULL, \"AtUtcTicks\" INTEGER NOT NULL);";

    public static string? Scalar(DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        if (IsPostgreSql && !Keep) TestPostgres.DropDatabase(ConnectionString);
        if (Keep) return;
        try { Directory.Delete(Folder, recursive: true); }
        catch (IOException) { }
        await Task.CompletedTask;
    }
}
