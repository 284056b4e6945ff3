using System.Text;
using CsCheck;
using DentistPortal.Features.AuditLog;
using DentistPortal.Features.Common;
using DentistPortal.Features.Reports;
using DentistPortal.Infrastructure.Data;
using DentistPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using H = DentistPortal.Tests.Fuzz.Hostile;

namespace DentistPortal.Tests.Fuzz;

/// <summary>
/// Issue 10 ("No server error on any input", CSV exports): whatever text reaches a CSV cell — a name, a detail of the
/// audit trail — a spreadsheet reads it back as the same text and never runs it as a formula (OWASP CSV injection:
/// a cell must not begin with =, +, -, @, tab or CR).
/// </summary>
public class CsvCellsNeverRunAsFormulas(TestDatabase db) : IClassFixture<TestDatabase>
{
    private static readonly char[] Triggers = ['=', '+', '-', '@', '\t', '\r'];

    /// <summary>RFC 4180 with ';' as separator, as Brazilian spreadsheets read the portal's files.</summary>
    public static List<List<string>> Parse(string csv)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < csv.Length; i++)
        {
            var c = csv[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < csv.Length && csv[i + 1] == '"') { cell.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else cell.Append(c);
            }
            else if (c == '"' && cell.Length == 0) quoted = true;
            else if (c == ';') { row.Add(cell.ToString()); cell.Clear(); }
            else if (c == '\r' && i + 1 < csv.Length && csv[i + 1] == '\n') { row.Add(cell.ToString()); cell.Clear(); rows.Add(row); row = []; i++; }
            else cell.Append(c);
        }
        if (cell.Length > 0 || row.Count > 0) { row.Add(cell.ToString()); rows.Add(row); }
        return rows;
    }

    private static void AssertSafe(string cell, string original)
    {
        Assert.False(cell.Length > 0 && Triggers.Contains(cell[0]), $"A cell begins with a formula character: {Show.Text(cell)}");
        Assert.Equal(original, cell.Length > 0 && cell[0] == '\'' && original.Length > 0 && Triggers.Contains(original[0]) ? cell[1..] : cell);
    }

    [Fact]
    public void AReportCellReadsBackAsTheSameTextAndNeverAsAFormula() =>
        Gen.Select(H.Text, H.Text).Sample((a, b) =>
        {
            var line = ReportCsv.Cell(a) + ";" + ReportCsv.Cell(b) + "\r\n";
            var cells = Assert.Single(Parse(line));
            Assert.Equal(2, cells.Count);
            AssertSafe(cells[0], a);
            AssertSafe(cells[1], b);
        }, seed: H.Seed, iter: H.Iterations * 10, threads: 1, print: t => $"{Show.Text(t.Item1)} / {Show.Text(t.Item2)}");

    [Fact]
    public void AnAuditFieldReadsBackAsTheSameTextAndNeverAsAFormula() =>
        Gen.Select(H.Text, H.Text).Sample((a, b) =>
        {
            var cells = Assert.Single(Parse(ExportAuditLogHandler.Field(a) + ";" + ExportAuditLogHandler.Field(b) + "\r\n"));
            AssertSafe(cells[0], a);
            AssertSafe(cells[1], b);
        }, seed: H.Seed, iter: H.Iterations * 10, threads: 1, print: t => $"{Show.Text(t.Item1)} / {Show.Text(t.Item2)}");

    [Fact]
    public async Task HostileTextInTheAuditTrailIsExportedInert()
    {
        var admin = await DemoActors.ForAsync(db.Services, "admin@demo.local");
        var texts = Gen.Frequency((3, Gen.OneOf(H.Payloads.Where(p => p.Length > 0 && Triggers.Contains(p[0])).ToArray())), (1, H.Text))
            .Array[(int)Math.Min(H.Iterations, 500)].Single();
        await using (var ctx = await db.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
        {
            foreach (var text in texts) Audit.Record(ctx, db.Clock, admin, text.Length > 64 ? "fuzz" : text, "ok", "Fuzz", null, text);
            await ctx.SaveChangesAsync();
        }

        var export = await db.Scope().ServiceProvider.GetRequiredService<ExportAuditLogHandler>().HandleAsync(AuditLogFilter.None, admin);

        Assert.True(export.IsOk, string.Join(" ", export.Errors));
        var rows = Parse(Encoding.UTF8.GetString(export.Value!.Content).TrimStart('\ufeff'));
        Assert.True(rows.Count > texts.Length);
        foreach (var cell in rows.SelectMany(r => r))
            Assert.False(cell.Length > 0 && Triggers.Contains(cell[0]), $"A cell begins with a formula character: {Show.Text(cell)}");
    }
}
