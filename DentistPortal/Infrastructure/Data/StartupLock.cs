using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace DentistPortal.Infrastructure.Data;

/// <summary>
/// One portal process at a time through the start-up work on a database (<see cref="DatabaseInitializer"/>): on
/// PostgreSQL a session-level <c>pg_advisory_lock</c> on a connection of its own (unpooled, so the lock ends with it
/// even if the process dies); on SQLite an exclusive lock file beside the database file (<c>&lt;file&gt;.startup.lock</c>);
/// nothing for an in-memory database. Disposing releases it.
/// </summary>
public static class StartupLock
{
    /// <summary>The advisory lock key of the start-up work (an arbitrary constant, "DPstart" in ASCII).</summary>
    public const long PostgresKey = 0x4450_7374_6172_74;

    /// <exception cref="TimeoutException">Another instance held the lock for all of <paramref name="wait"/>.</exception>
    public static async Task<IAsyncDisposable> TakeAsync(IDbContextFactory<AppDbContext> dbFactory, TimeSpan wait, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (db.Database.IsNpgsql())
            return await PostgresLock.TakeAsync(db.Database.GetConnectionString()!, wait, ct);
        var file = db.Database.GetDbConnection().DataSource;
        if (string.IsNullOrEmpty(file) || file == ":memory:") return Nothing.Instance;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        try
        {
            return new FileLock(Security.PrivateFiles.Lock(file + ".startup.lock", wait));
        }
        catch (IOException ex)
        {
            throw new TimeoutException($"Another portal instance kept the start-up lock of {file} for {wait.TotalMinutes:0} min.", ex);
        }
    }

    private sealed class PostgresLock(NpgsqlConnection connection) : IAsyncDisposable
    {
        public static async Task<PostgresLock> TakeAsync(string connectionString, TimeSpan wait, CancellationToken ct)
        {
            var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
            try
            {
                await connection.OpenAsync(ct);
                await using var command = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", connection) { CommandTimeout = (int)wait.TotalSeconds };
                command.Parameters.AddWithValue("key", PostgresKey);
                await command.ExecuteNonQueryAsync(ct);
                return new PostgresLock(connection);
            }
            catch
            {
                await connection.DisposeAsync();
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", connection);
                command.Parameters.AddWithValue("key", PostgresKey);
                await command.ExecuteNonQueryAsync();
            }
            finally
            {
                await connection.DisposeAsync(); // unpooled: closing ends the session and any lock left with it
            }
        }
    }

    private sealed class FileLock(IDisposable hold) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            hold.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    private sealed class Nothing : IAsyncDisposable
    {
        public static readonly Nothing Instance = new();
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
