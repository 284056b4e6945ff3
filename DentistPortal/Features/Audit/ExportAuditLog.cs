using System.Globalization;
using System.Text;
using DentistPortal.Domain.Audit;
using DentistPortal.Domain.Common;
using DentistPortal.Features.Common;
using DentistPortal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Features.AuditLog;

/// <param name="Truncated">More lines matched than <see cref="ExportAuditLogHandler.MaxRows"/>; the newest were kept.</param>
public sealed record AuditCsv(byte[] Content, string FileName, int Rows, bool Truncated);

/// <summary>
/// The filtered trail as a CSV that Brazilian Excel opens as it is: UTF-8 with BOM, ';' separator,
/// dd/MM/yyyy HH:mm:ss in Brasília time, newest first. Admin only; the export itself is audited.
/// </summary>
public sealed class ExportAuditLogHandler(IDbContextFactory<AppDbContext> dbFactory, TimeProvider time, AccessCheck access)
{
    public const int MaxRows = 50_000;
    /// <summary>The audit action this handler records (<see cref="AuditActions.AuditExported"/>).</summary>
    public const string Action = AuditActions.AuditExported;
    private const int Batch = 2_000;

    public static readonly string[] Header =
        ["Data/hora (Brasília)", "Usuário", "Perfil", "Clínica", "Ação", "Código da ação", "Resultado", "Tratamento", "Referente a", "Detalhe"];

    public async Task<Result<AuditCsv>> HandleAsync(AuditLogFilter filter, Actor? actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await SearchAuditLogHandler.EnsureReaderAsync(access, db, actor, "exportação da trilha de auditoria", ct)) return Result<AuditCsv>.Forbidden();
        if (filter.Problem() is { } problem) return Result<AuditCsv>.Invalid(problem);

        var now = time.GetUtcNow();
        var csv = new StringBuilder();
        AppendLine(csv, Header);
        var rows = 0;
        var truncated = false;
        if (await filter.ApplyAsync(db, ct) is { } entries)
        {
            var ordered = entries.OrderByDescending(a => a.AtUtc).ThenByDescending(a => a.Id);
            while (rows < MaxRows)
            {
                var lines = await ordered.Skip(rows).Take(Math.Min(Batch, MaxRows - rows)).ToListAsync(ct);
                foreach (var r in await AuditRowReader.ReadAsync(db, lines, ct))
                {
                    AppendLine(csv,
                    [
                        BrazilTime.ToLocal(r.AtUtc).ToString("dd/MM/yyyy HH:mm:ss", CultureInfo.InvariantCulture),
                        r.ActorName, r.ActorRole, r.ClinicName, r.ActionLabel, r.Action, r.OutcomeLabel, r.TreatmentNumber, r.Subject, r.Detail,
                    ]);
                }
                rows += lines.Count;
                if (lines.Count < Batch) break;
            }
            truncated = rows == MaxRows && await entries.Skip(MaxRows).AnyAsync(ct);
        }

        Audit.Record(db, time, actor!, AuditActions.AuditExported, "ok", detail: $"{rows} linha(s){(truncated ? $" (limite de {MaxRows:N0})" : "")}; filtros: {Describe(filter)}");
        await db.SaveChangesAsync(ct);

        var bom = Encoding.UTF8.GetPreamble();
        var body = Encoding.UTF8.GetBytes(csv.ToString());
        var content = new byte[bom.Length + body.Length];
        bom.CopyTo(content, 0);
        body.CopyTo(content, bom.Length);
        var fileName = $"trilha-auditoria-{BrazilTime.ToLocal(now):yyyyMMdd-HHmmss}.csv";
        return Result<AuditCsv>.Ok(new AuditCsv(content, fileName, rows, truncated));
    }

    /// <summary>
    /// One CSV field: quoted when it holds the separator, a quote or a line break (quotes doubled); a leading
    /// =, +, -, @, tab or CR gets an apostrophe so a spreadsheet never runs typed text as a formula.
    /// </summary>
    public static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
        return value.IndexOfAny([';', '"', '\n', '\r']) >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
    }

    private static void AppendLine(StringBuilder csv, IEnumerable<string?> fields) =>
        csv.Append(string.Join(';', fields.Select(Field))).Append("\r\n");

    private static string Describe(AuditLogFilter f)
    {
        var parts = new List<string>();
        if (!string.IsNullOrWhiteSpace(f.User)) parts.Add($"usuário \"{f.User.Trim()}\"");
        if (f.ClinicId is { } c) parts.Add($"clínica {c}");
        if (!string.IsNullOrWhiteSpace(f.TreatmentNumber)) parts.Add($"tratamento {f.TreatmentNumber.Trim()}");
        if (!string.IsNullOrWhiteSpace(f.Action)) parts.Add($"ação {f.Action}");
        if (f.From is { } from) parts.Add($"de {from:dd/MM/yyyy}");
        if (f.To is { } to) parts.Add($"até {to:dd/MM/yyyy}");
        var text = parts.Count == 0 ? "nenhum" : string.Join(", ", parts);
        return text.Length <= 400 ? text : text[..399] + "…";
    }
}
