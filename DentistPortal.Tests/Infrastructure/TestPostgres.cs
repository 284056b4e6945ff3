using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace DentistPortal.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL server for the test run (issue 12): Debian's <c>postgresql</c> binaries (installed by the test
/// command), a cluster created with <c>initdb</c> in a temporary folder, started with <c>pg_ctl</c> on a free loopback
/// port, password authentication, and removed when the test process exits. With <c>DENTISTPORTAL_TEST_POSTGRES</c> set
/// (an administrator connection string) that server is used instead. Each test database is its own
/// <c>CREATE DATABASE</c>, dropped by its owner.
/// </summary>
public static class TestPostgres
{
    public const string ServerVariable = "DENTISTPORTAL_TEST_POSTGRES";
    private static readonly Lazy<string> Admin = new(StartOrFind, LazyThreadSafetyMode.ExecutionAndPublication);
    private static string? clusterFolder;
    private static string? binFolder;

    /// <summary>Connection string of the server's administrator (database <c>postgres</c>).</summary>
    public static string AdminConnectionString => Admin.Value;

    /// <summary>
    /// Creates a database and returns its connection string: empty, or a copy of <paramref name="template"/> (the
    /// connection string of a database nobody uses any more: <c>CREATE DATABASE … TEMPLATE</c>, a file copy on the server).
    /// </summary>
    public static string CreateDatabase(string? name = null, string? template = null)
    {
        name ??= "dp_" + Guid.NewGuid().ToString("N");
        var sql = $"CREATE DATABASE \"{name}\"";
        if (template is not null)
        {
            // Idle pooled connections to the template would block the copy; the portal's pools are keyed by its own
            // (resolved) connection string, so all idle connections go (busy ones close when returned).
            NpgsqlConnection.ClearAllPools();
            sql += $" TEMPLATE \"{new NpgsqlConnectionStringBuilder(template).Database}\"";
        }
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var connection = new NpgsqlConnection(AdminConnectionString);
                connection.Open();
                using var command = new NpgsqlCommand(sql, connection);
                command.ExecuteNonQuery();
                break;
            }
            // 55006: the template is still being accessed (a connection closing right now, or another copy): wait for it.
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ObjectInUse && attempt < 6)
            {
                Thread.Sleep(100);
            }
        }
        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ToString();
    }

    /// <summary>Drops a database made by <see cref="CreateDatabase"/>, closing whatever still uses it.</summary>
    public static void DropDatabase(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        using (var c = new NpgsqlConnection(connectionString)) NpgsqlConnection.ClearPool(c);
        try
        {
            using var connection = new NpgsqlConnection(AdminConnectionString);
            connection.Open();
            using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
            command.ExecuteNonQuery();
        }
        catch (NpgsqlException) { } // the cluster goes at the end of the run anyway
    }

    private static string StartOrFind()
    {
        if (Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } given) return given;

        binFolder = FindBinaries() ?? throw new InvalidOperationException(
            "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): run the README's test command, which installs Debian's postgresql package.");
        clusterFolder = Path.Combine(Path.GetTempPath(), "dentistportal-pg-" + Guid.NewGuid().ToString("N")[..12]);
        var data = Path.Combine(clusterFolder, "data");
        Directory.CreateDirectory(clusterFolder);
        var password = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        var passwordFile = Path.Combine(clusterFolder, "pw");
        File.WriteAllText(passwordFile, password + "\n");
        var asRoot = Environment.UserName == "root";
        if (asRoot) Run("chown", $"-R postgres:postgres {clusterFolder}", asPostgres: false);

        Run(Path.Combine(binFolder, "initdb"),
            $"-D {data} -U postgres --auth=scram-sha-256 --pwfile={passwordFile} -E UTF8 --locale=C.UTF-8 --no-sync", asRoot);
        File.Delete(passwordFile);

        var port = FreePort();
        var options = string.Join(' ',
            "-c listen_addresses=127.0.0.1", $"-c port={port}", $"-c unix_socket_directories={clusterFolder}",
            "-c max_connections=600", "-c shared_buffers=256MB",
            // A throwaway cluster: durability is not what the tests prove, speed is welcome.
            "-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off");
        Run(Path.Combine(binFolder, "pg_ctl"), $"-D {data} -l {Path.Combine(clusterFolder, "server.log")} -w -t 60 -o \"{options}\" start", asRoot);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop(asRoot);

        return new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1", Port = port, Username = "postgres", Password = password, Database = "postgres",
            MaxPoolSize = 20, Timeout = 30,
        }.ToString();
    }

    private static void Stop(bool asRoot)
    {
        if (clusterFolder is null || binFolder is null) return;
        NpgsqlConnection.ClearAllPools();
        try { Run(Path.Combine(binFolder, "pg_ctl"), $"-D {Path.Combine(clusterFolder, "data")} -m immediate -w stop", asRoot); }
        catch (InvalidOperationException) { }
        try { Directory.Delete(clusterFolder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static string? FindBinaries() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(b => File.Exists(Path.Combine(b, "initdb")))
                .OrderByDescending(b => int.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), out var v) ? v : 0)
                .FirstOrDefault()
            : null;

    private static void Run(string file, string arguments, bool asPostgres)
    {
        var info = asPostgres
            ? new ProcessStartInfo("runuser", $"-u postgres -- {file} {arguments}")
            : new ProcessStartInfo(file, arguments);
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(file)} failed ({process.ExitCode}): {error.Result}{output.Result}");
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}

/// <summary>
/// Which database the database-backed tests run on: <c>DENTISTPORTAL_TEST_PROVIDER</c> = <c>PostgreSQL</c> or SQLite
/// (the default). The README's test command runs the suite once per provider (issue 12).
/// </summary>
public static class TestProvider
{
    public const string Variable = "DENTISTPORTAL_TEST_PROVIDER";

    public static bool IsPostgreSql { get; } =
        string.Equals(Environment.GetEnvironmentVariable(Variable), "PostgreSQL", StringComparison.OrdinalIgnoreCase);

    public static string Name => IsPostgreSql ? "PostgreSQL" : "Sqlite";
}
