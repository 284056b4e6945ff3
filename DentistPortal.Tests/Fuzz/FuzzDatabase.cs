using DentistPortal.Domain.Access;
using DentistPortal.Features.Common;
using DentistPortal.Infrastructure.Data;
using DentistPortal.Tests.CallCenter;
using DentistPortal.Tests.Features;
using DentistPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DentistPortal.Tests.Fuzz;

/// <summary>
/// The access matrix's subjects (open, closed and signed-guide treatments), an identity-checked call of the Central,
/// the demo actors by role, and a write journal: SQLite triggers on every table except the audit trail record each
/// insert, update and delete (PL/pgSQL row triggers on PostgreSQL), so a property can prove that a refusal wrote nothing.
/// </summary>
public sealed class FuzzDatabase : AccessMatrixDatabase, IAsyncLifetime
{
    public const string JournalTable = "FuzzWrites";

    public IReadOnlyDictionary<string, Actor> ByRole { get; private set; } = default!;
    public string CallId { get; private set; } = "";
    public string MariaReference { get; private set; } = "";
    public int[] TreatmentIds { get; private set; } = [];
    public string[] TreatmentNumbers { get; private set; } = [];
    public int[] TokenIds { get; private set; } = [];
    public int[] ItemIds { get; private set; } = [];
    public int[] GuideIds { get; private set; } = [];
    public int[] ClinicIds { get; private set; } = [];
    public int[] BeneficiaryIds { get; private set; } = [];
    public int[] PlanIds { get; private set; } = [];
    public int[] CaseIds { get; private set; } = [];
    public string[] UserIds { get; private set; } = [];
    public string[] TussCodes { get; private set; } = [];

    async Task IAsyncLifetime.InitializeAsync()
    {
        await BuildSubjectsAsync();
        ByRole = new Dictionary<string, Actor>
        {
            [Roles.Dentist] = await DemoActors.ForAsync(Services, "dentista@demo.local", DemoActors.SaoPauloCnpj),
            [Roles.ClinicStaff] = await DemoActors.ForAsync(Services, "recepcao@demo.local", DemoActors.SaoPauloCnpj),
            [Roles.CallCenterAgent] = await DemoActors.ForAsync(Services, "central@demo.local"),
            [Roles.Auditor] = await DemoActors.ForAsync(Services, "auditor@demo.local"),
            [Roles.Admin] = await DemoActors.ForAsync(Services, "admin@demo.local"),
            [Roles.Beneficiary] = await DemoActors.ForAsync(Services, "paciente@demo.local"),
        };
        var calls = new CallScenario(this);
        (CallId, _) = await calls.MariaCallAsync();
        MariaReference = await new TokenScenario(this).ReferenceAsync(TokenScenario.MariaCpf);

        await using var db = await Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        TreatmentIds = await db.Treatments.Select(t => t.Id).ToArrayAsync();
        TreatmentNumbers = await db.Treatments.Select(t => t.Number).ToArrayAsync();
        TokenIds = await db.Tokens.Select(t => t.Id).ToArrayAsync();
        ItemIds = await db.TreatmentItems.Select(i => i.Id).ToArrayAsync();
        GuideIds = await db.SignedGuides.Select(g => g.Id).ToArrayAsync();
        ClinicIds = await db.Clinics.Select(c => c.Id).ToArrayAsync();
        BeneficiaryIds = await db.Beneficiaries.Select(b => b.Id).ToArrayAsync();
        PlanIds = await db.Plans.Select(p => p.Id).ToArrayAsync();
        CaseIds = [.. await db.UnsolicitedReports.Select(c => c.Id).ToArrayAsync(), 1];
        UserIds = await db.Users.Select(u => u.Id).ToArrayAsync();
        TussCodes = await db.Procedures.Select(p => p.TussCode).Take(10).ToArrayAsync();

        if (db.Database.IsNpgsql()) await CreatePostgresJournalAsync(db);
        else await CreateSqliteJournalAsync(db);
    }

    private static async Task CreateSqliteJournalAsync(AppDbContext db)
    {
        await db.Database.ExecuteSqlRawAsync($"CREATE TABLE \"{JournalTable}\" (\"Id\" INTEGER PRIMARY KEY AUTOINCREMENT, \"TableName\" TEXT NOT NULL, \"Op\" TEXT NOT NULL)");
        var tables = await db.Database.SqlQueryRaw<string>(
            "SELECT name AS \"Value\" FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT IN ('AuditEntries', '__EFMigrationsHistory', 'FuzzWrites')").ToListAsync();
        foreach (var table in tables)
            foreach (var op in new[] { "INSERT", "UPDATE", "DELETE" })
#pragma warning disable EF1002 // table names from sqlite_master, not user input
                await db.Database.ExecuteSqlRawAsync(
                    $"CREATE TRIGGER fuzz_{table}_{op} AFTER {op} ON \"{table}\" BEGIN INSERT INTO \"{JournalTable}\" (\"TableName\", \"Op\") VALUES ('{table}', '{op}'); END");
#pragma warning restore EF1002
    }

    /// <summary>The same journal on PostgreSQL (issue 12): an identity column and one PL/pgSQL trigger function, a row trigger per table.</summary>
    private static async Task CreatePostgresJournalAsync(AppDbContext db)
    {
        await db.Database.ExecuteSqlRawAsync($"""
            CREATE TABLE "{JournalTable}" ("Id" bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "TableName" text NOT NULL, "Op" text NOT NULL);
            CREATE FUNCTION fuzz_journal() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                INSERT INTO "{JournalTable}" ("TableName", "Op") VALUES (TG_TABLE_NAME, TG_OP);
                RETURN NULL;
            END $$;
            """);
        var tables = await db.Database.SqlQueryRaw<string>(
            "SELECT table_name AS \"Value\" FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name NOT IN ('AuditEntries', '__EFMigrationsHistory', 'FuzzWrites')").ToListAsync();
        foreach (var table in tables)
#pragma warning disable EF1002 // table names from information_schema, not user input
            await db.Database.ExecuteSqlRawAsync(
                $"CREATE TRIGGER fuzz_journal AFTER INSERT OR UPDATE OR DELETE ON \"{table}\" FOR EACH ROW EXECUTE FUNCTION fuzz_journal()");
#pragma warning restore EF1002
    }

    /// <summary>The id of the last journal line: compare before and after a call.</summary>
    public async Task<long> JournalMarkAsync()
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        return await db.Database.SqlQueryRaw<long>($"SELECT COALESCE(MAX(\"Id\"), 0) AS \"Value\" FROM \"{JournalTable}\"").SingleAsync();
    }

    /// <summary>What was written since <paramref name="mark"/>, as "Table OP" lines.</summary>
    public async Task<IReadOnlyList<string>> WrittenSinceAsync(long mark)
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        return await db.Database.SqlQueryRaw<string>($"SELECT \"TableName\" || ' ' || \"Op\" AS \"Value\" FROM \"{JournalTable}\" WHERE \"Id\" > {{0}}", mark).Distinct().ToListAsync();
    }
}
