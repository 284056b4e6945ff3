using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Infrastructure.Data;

/// <summary>
/// Applies migrations (when configured) and seeds the demo data at start-up, one process at a time: several instances
/// started together on one database (issue 12; two development instances on one SQLite file) each found the demo users
/// missing, each created them, and all but one stopped with "Este usuário já existe". The whole initialization now runs
/// under a start-up lock (PostgreSQL: a session advisory lock; SQLite: a lock file beside the database file); the next
/// instance takes it once the first is done and finds nothing left to do.
/// </summary>
public sealed class DatabaseInitializer(
    IDbContextFactory<AppDbContext> dbFactory,
    DemoDataSeeder seeder,
    IConfiguration configuration,
    IHostEnvironment environment,
    ILogger<DatabaseInitializer> logger)
{
    /// <summary>How long an instance waits for another one's first start (migrations and demo data with its history).</summary>
    public static readonly TimeSpan StartupLockWait = TimeSpan.FromMinutes(5);

    public async Task InitializeAsync(CancellationToken ct = default)
    {
        await using var exclusive = await StartupLock.TakeAsync(dbFactory, StartupLockWait, ct);
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            if (configuration.GetValue("Database:ApplyMigrationsAtStartup", true))
            {
                await db.Database.MigrateAsync(ct);
                logger.LogInformation("Database migrations applied.");
            }
            if (db.Database.IsSqlite())
            {
                // WAL lets readers (screens) proceed while a writer (token validation) commits.
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
                MakeDatabaseFilesPrivate(db.Database.GetDbConnection().DataSource);
            }
        }

        if (environment.IsDevelopment() || configuration.GetValue("Database:SeedDemoData", false))
            await seeder.SeedAsync(ct);
    }

    /// <summary>
    /// The database file and its WAL/shared-memory companions hold health data and code hashes: readable by the portal's
    /// user only (0600, issue 10). SQLite creates the companions with the main file's mode, so later ones follow.
    /// </summary>
    internal static void MakeDatabaseFilesPrivate(string? path)
    {
        if (OperatingSystem.IsWindows() || string.IsNullOrEmpty(path) || path == ":memory:") return;
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
            if (File.Exists(file)) File.SetUnixFileMode(file, Security.PrivateFiles.FileUnixMode);
    }
}
