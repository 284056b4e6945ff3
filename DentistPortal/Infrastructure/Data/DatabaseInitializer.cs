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
            }
        }

        if (environment.IsDevelopment() || configuration.GetValue("Database:SeedDemoData", false))
            await seeder.SeedAsync(ct);
    }
}
