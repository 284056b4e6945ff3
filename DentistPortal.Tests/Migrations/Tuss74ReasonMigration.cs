using DentistPortal.Infrastructure.Data;
using DentistPortal.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace DentistPortal.Tests.Migrations;

/// <summary>
/// Issue 9 §8: rows written before the fix with the non-TUSS reason "NT" become TUSS 74 code 03 with the explanation kept
/// apart, and treatments validated by token lose their absence reason. A real SQLite file, migrated step by step.
/// </summary>
[Trait("Provider", "Sqlite")] // the data migration of an old SQLite file (issue 12: PostgreSQL databases start at the PostgreSQL baseline)
public sealed class Tuss74ReasonMigration : IAsyncLifetime
{
    private const string MigrationBefore = "20261125050316_OperatorSide";
    private readonly string path = Path.Combine(Path.GetTempPath(), "dentistportal-tests", $"migration-{Guid.NewGuid():N}.db");

    private ServiceProvider services = default!;

    /// <summary>The portal's own registrations (Identity schema options included), on this file, without start-up migration or seeding.</summary>
    private AppDbContext Context() => services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext();

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var settings = TestDatabase.Settings(path);
        settings["Database:Provider"] = "Sqlite";
        settings["ConnectionStrings:DefaultConnection"] = $"Data Source={path};Pooling=False";
        settings["Database:ApplyMigrationsAtStartup"] = "false";
        settings["Database:SeedDemoData"] = "false";
        var collection = new ServiceCollection();
        TestDatabase.AddPortal(collection, new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services = collection.BuildServiceProvider();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await services.DisposeAsync();
        File.Delete(path);
    }

    [Fact]
    public async Task StoredNTReasonsBecome03WithTheirNoteAndTokenValidatedTreatmentsLoseTheirReason()
    {
        await using (var db = Context()) await db.GetService<IMigrator>().MigrateAsync(MigrationBefore);

        await using (var raw = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await raw.OpenAsync();
            await using var cmd = raw.CreateCommand();
            // Only the rows under test: foreign keys off so no beneficiary/clinic/user rows are needed.
            cmd.CommandText = """
                PRAGMA foreign_keys = OFF;
                INSERT INTO Treatments (Id, Number, BeneficiaryId, DentistUserId, ClinicId, CreatedAtUtc, Status, WrongCodeCount, LastTokenSequence, MissingTokenReason, Version)
                VALUES (1, '2026000001', 1, 'u', 1, 0, 'ValidatedBySignedGuide', 0, 0, 'NT', 1),
                       (2, '2026000002', 1, 'u', 1, 0, 'ValidatedBySignedGuide', 0, 0, '07', 1),
                       (3, '2026000003', 1, 'u', 1, 0, 'Validated', 0, 1, '07', 1);
                INSERT INTO ContingencyRecords (Id, TreatmentId, ReasonCode, ByUserId, ByName, AtUtc)
                VALUES (1, 1, 'NT', 'u', 'Fernanda', 0), (2, 2, '07', 'u', 'Fernanda', 0);
                """;
            await cmd.ExecuteNonQueryAsync();
        }

        await using (var db = Context()) await db.Database.MigrateAsync();

        await using var check = Context();
        var records = await check.ContingencyRecords.OrderBy(c => c.Id).Select(c => new { c.ReasonCode, c.ReasonNote }).ToListAsync();
        Assert.Equal(new[] { ("03", (string?)"Dentista não conseguiu gerar o token"), ("07", null) }, records.Select(r => (r.ReasonCode, r.ReasonNote)));
        var reasons = await check.Treatments.OrderBy(t => t.Id).Select(t => t.MissingTokenReason).ToListAsync();
        Assert.Equal(new string?[] { "03", "07", null }, reasons);
    }
}
