using System.Text;
using DentistPortal.Domain.Audit;
using DentistPortal.Features.AuditLog;
using DentistPortal.Features.Common;
using DentistPortal.Tests.Infrastructure;
using DentistPortal.Tests.Review;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Tests.AuditLog;

/// <summary>The CSV export of the trail: what Brazilian Excel needs, escaping, the cap, and never a token code.</summary>
public class AuditLogCsvExport(TestDatabase database) : IClassFixture<TestDatabase>
{
    private readonly OperatorScenario scenario = new(database);

    private const string HeaderLine = "Data/hora (Brasília);Usuário;Perfil;Clínica;Ação;Código da ação;Resultado;Tratamento;Referente a;Detalhe";

    private async Task<AuditCsv> ExportAsync(AuditLogFilter filter)
    {
        var result = await scenario.Handler<ExportAuditLogHandler>().HandleAsync(filter, await scenario.AdminAsync());
        Assert.True(result.IsOk, string.Join("; ", result.Errors));
        return result.Value!;
    }

    private static string[] Lines(AuditCsv csv) =>
        Encoding.UTF8.GetString(csv.Content, 3, csv.Content.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

    private async Task AddAsync(params AuditEntry[] lines)
    {
        await using var db = await scenario.ContextAsync();
        db.AuditEntries.AddRange(lines);
        await db.SaveChangesAsync();
    }

    private static AuditEntry Line(string action, DateTimeOffset at, string? detail, int? clinic = null) => new()
    {
        AtUtc = at, Action = action, Outcome = "ok", Detail = detail, ClinicId = clinic,
        ActorUserId = "u-csv", ActorName = "Sérgio Tavares", ActorRole = "Admin",
    };

    [Fact]
    public async Task ItStartsWithTheUtf8BomAndASemicolonHeader()
    {
        var csv = await ExportAsync(new AuditLogFilter(Action: "nothing.here"));

        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, csv.Content[..3]);
        Assert.Equal([HeaderLine], Lines(csv));
        Assert.Equal(0, csv.Rows);
        Assert.False(csv.Truncated);
        Assert.Matches(@"^trilha-auditoria-\d{8}-\d{6}\.csv$", csv.FileName);
    }

    [Fact]
    public async Task DatesAreBrasiliaTimeAndFieldsAreSeparatedBySemicolons()
    {
        var sp = await DemoActors.ClinicIdAsync(database.Services, DemoActors.SaoPauloCnpj);
        await AddAsync(Line("csv.plain", new DateTimeOffset(2026, 3, 5, 2, 7, 9, TimeSpan.Zero), "tudo certo", sp));

        var lines = Lines(await ExportAsync(new AuditLogFilter(Action: "csv.plain")));

        Assert.Equal(2, lines.Length);
        Assert.Equal("04/03/2026 23:07:09;Sérgio Tavares;Administração;Clínica Sorriso Paulista;csv.plain;csv.plain;ok;;;tudo certo", lines[1]);
    }

    [Fact]
    public async Task SeparatorsQuotesAndLineBreaksAreEscaped()
    {
        await AddAsync(Line("csv.escape", new DateTimeOffset(2026, 3, 6, 12, 0, 0, TimeSpan.Zero), "Disse \"não pedi\"; ligou\nde novo"));

        var text = Encoding.UTF8.GetString((await ExportAsync(new AuditLogFilter(Action: "csv.escape"))).Content);

        Assert.EndsWith(";\"Disse \"\"não pedi\"\"; ligou\nde novo\"\r\n", text);
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"")]
    [InlineData("+5511987654321", "'+5511987654321")]
    [InlineData("-1", "'-1")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("texto comum", "texto comum")]
    [InlineData(null, "")]
    public void TypedTextNeverBecomesASpreadsheetFormula(string? value, string field) =>
        Assert.Equal(field, ExportAuditLogHandler.Field(value));

    [Fact]
    public async Task TheExportFollowsTheFiltersAndIsItselfAudited()
    {
        var at = new DateTimeOffset(2026, 4, 1, 15, 0, 0, TimeSpan.Zero);
        await AddAsync(Line("csv.filter", at, "dentro"), Line("csv.filter", at.AddDays(3), "fora"));

        var csv = await ExportAsync(new AuditLogFilter(Action: "csv.filter", From: new(2026, 4, 1), To: new(2026, 4, 1)));

        Assert.Equal(1, csv.Rows);
        Assert.EndsWith(";dentro", Lines(csv)[1]);
        await using var db = await scenario.ContextAsync();
        var admin = await scenario.AdminAsync();
        var exported = await db.AuditEntries.Where(a => a.Action == ExportAuditLogHandler.Action && a.ActorUserId == admin.UserId)
            .OrderByDescending(a => a.Id).FirstAsync();
        Assert.Contains("1 linha(s)", exported.Detail);
        Assert.Contains("ação csv.filter", exported.Detail);
        Assert.Contains("de 01/04/2026", exported.Detail);
    }

    [Fact]
    public async Task NoTokenCodeAppearsInTheViewerOrTheExport()
    {
        // A whole round trip: a wrong code typed, a token generated with a known code, validated, a second token revoked.
        const string code = "739146";
        const string wrong = "582937";
        var treatmentId = await scenario.Tokens.SubmittedTreatmentAsync();
        await scenario.Tokens.GenerateAsync(treatmentId, code);
        await scenario.Tokens.ValidateAsync(treatmentId, wrong);
        Assert.True((await scenario.Tokens.ValidateAsync(treatmentId, code)).Succeeded);
        var reported = await scenario.ReportedCaseAsync();

        var csv = Encoding.UTF8.GetString((await ExportAsync(AuditLogFilter.None)).Content);
        var page = await scenario.Handler<SearchAuditLogHandler>().HandleAsync(new(AuditLogFilter.None, 0, 200), await scenario.AdminAsync());

        Assert.Contains("token.validate", csv);
        Assert.Contains(reported.Number, csv);
        foreach (var secret in new[] { code, wrong })
        {
            Assert.DoesNotContain(secret, csv);
            Assert.DoesNotContain(page.Value!.Rows, r => $"{r.Detail}{r.Subject}{r.ActorName}".Contains(secret, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task TheExportStopsAtFiftyThousandLinesKeepingTheNewest()
    {
        // 50,010 lines in one statement (the test is about the cap, not about how lines get there).
        await using (var db = await scenario.ContextAsync())
        {
            var baseTicks = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks;
            // Quoted names and 64-bit arithmetic: the same statement on SQLite and PostgreSQL (issue 12).
            var second = TimeSpan.TicksPerSecond;
            await db.Database.ExecuteSqlAsync($"""
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50010)
                INSERT INTO "AuditEntries" ("AtUtc", "ActorUserId", "ActorName", "ActorRole", "Action", "Outcome", "Detail")
                SELECT {baseTicks} + i * {second}, 'u-cap', 'Carga', 'Admin', 'csv.cap', 'ok', 'linha ' || i FROM n
                """);
        }

        var csv = await ExportAsync(new AuditLogFilter(Action: "csv.cap"));

        Assert.Equal(ExportAuditLogHandler.MaxRows, csv.Rows);
        Assert.True(csv.Truncated);
        var lines = Lines(csv);
        Assert.Equal(ExportAuditLogHandler.MaxRows + 1, lines.Length);
        Assert.EndsWith(";linha 50010", lines[1]);
        Assert.EndsWith(";linha 11", lines[^1]);
    }

    [Fact]
    public async Task ABackwardsPeriodIsRefused()
    {
        var result = await scenario.Handler<ExportAuditLogHandler>().HandleAsync(new AuditLogFilter(From: new(2026, 5, 2), To: new(2026, 5, 1)), await scenario.AdminAsync());
        Assert.Equal(ResultStatus.Invalid, result.Status);
    }

    [Fact]
    public async Task AnActionFilterThatIsNoActionCodeIsRefusedAndNotCopiedIntoTheTrail()
    {
        // Found by the fuzz suite: a 100k-character "action" was exported (nothing matched) and copied whole into the
        // export's own audit line.
        async Task<int> CountAuditAsync() { await using var db = await scenario.ContextAsync(); return await db.AuditEntries.CountAsync(); }
        var before = await CountAuditAsync();
        var result = await scenario.Handler<ExportAuditLogHandler>().HandleAsync(new AuditLogFilter(Action: new string('x', 100_000)), await scenario.AdminAsync());
        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Equal("Ação desconhecida.", Assert.Single(result.Errors));
        Assert.Equal(before, await CountAuditAsync());
    }
}
