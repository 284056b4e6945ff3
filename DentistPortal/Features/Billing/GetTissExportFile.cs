using System.Globalization;
using DentistPortal.Domain.Audit;
using DentistPortal.Features.Common;
using DentistPortal.Infrastructure.Data;
using DentistPortal.Infrastructure.Tiss;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Features.Billing;

public sealed record GetTissExportFileQuery(int ExportId);

/// <summary>
/// The file of an export as it was produced (same sequence numbers, same hash), for the clinic that made it: the download
/// right after "Gerar lote TISS" and the history's "Baixar". Not a re-export: nothing new is numbered. Audited
/// (<see cref="AuditActions.TissFileDownloaded"/>). Another clinic's export, or an unknown one, is "não encontrado".
/// </summary>
public sealed class GetTissExportFileHandler(IDbContextFactory<AppDbContext> dbFactory, TimeProvider time, AccessCheck access)
{
    public async Task<Result<TissFile>> HandleAsync(GetTissExportFileQuery query, Actor? actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var export = await db.TissExports.AsNoTracking().Where(e => e.Id == query.ExportId)
            .Select(e => new { e.ClinicId, e.FirstSequence, e.LastSequence, File = new TissFile(e.FileName, e.ContentType, e.Content) })
            .FirstOrDefaultAsync(ct);
        if (export is null) return Result<TissFile>.NotFound("Exportação não encontrada.");
        var subject = query.ExportId.ToString(CultureInfo.InvariantCulture);
        if (!(await access.ReadAsync(db, actor, ct)).ActsForClinic(export.ClinicId))
        {
            await access.RecordRefusalAsync(db, actor, "TissExport", subject, "arquivo TISS de outra clínica", export.ClinicId, ct);
            return Result<TissFile>.NotFound("Exportação não encontrada.");
        }
        Audit.Record(db, time, actor!, AuditActions.TissFileDownloaded, "ok", "TissExport", subject,
            $"lote {ExportTissBatchHandler.Range(export.FirstSequence, export.LastSequence)}", export.ClinicId);
        await db.SaveChangesAsync(ct);
        return Result<TissFile>.Ok(export.File);
    }
}
