using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Infrastructure.Data;

/// <summary>Applies migrations (when configured) and seeds the demo data at start-up.</summary>
public sealed class DatabaseInitializer(
    IDbContextFactory<AppDbContext> dbFactory,
    DemoDataSeeder seeder,
    IConfiguration configuration,
    IHostEnvironment environment,
    ILogger<DatabaseInitializer> logger)
{
    public async Task InitializeAsync(CancellationToken ct = default)
    {
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
