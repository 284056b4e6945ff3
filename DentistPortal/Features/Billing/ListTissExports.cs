using DentistPortal.Domain.Tiss;
using DentistPortal.Features.Common;
using DentistPortal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Features.Billing;

public sealed record ListTissExportsQuery(int ClinicId);

/// <summary>One line of the clinic's export history.</summary>
public sealed record TissExportRow(int Id, DateTimeOffset AtUtc, string ByName, TissExportKind Kind, DateOnly? PeriodFrom, DateOnly? PeriodTo,
    bool IsReexport, int GuideCount, string FileName, long FirstSequence, long LastSequence, string? TreatmentNumber);

/// <summary>The clinic's TISS exports, newest first (the last <see cref="Max"/>), for its dentists and receptionists.</summary>
public sealed class ListTissExportsHandler(IDbContextFactory<AppDbContext> dbFactory, AccessCheck access)
{
    public const int Max = 50;

    public async Task<Result<IReadOnlyList<TissExportRow>>> HandleAsync(ListTissExportsQuery query, Actor? actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!(await access.ReadAsync(db, actor, ct)).ActsForClinic(query.ClinicId))
        {
            await access.RecordRefusalAsync(db, actor, "TissExport", null, "histórico TISS de outra clínica", query.ClinicId, ct);
            return Result<IReadOnlyList<TissExportRow>>.Forbidden();
        }
        var rows = await db.TissExports.AsNoTracking().Where(e => e.ClinicId == query.ClinicId)
            .OrderByDescending(e => e.FirstSequence).Take(Max)
            .Select(e => new TissExportRow(e.Id, e.AtUtc, e.ByName, e.Kind, e.PeriodFrom, e.PeriodTo, e.IsReexport, e.GuideCount, e.FileName,
                e.FirstSequence, e.LastSequence,
                e.Kind == TissExportKind.SingleTreatment
                    ? db.Treatments.Where(t => e.Guides.Select(g => g.TreatmentId).Contains(t.Id)).Select(t => t.Number).FirstOrDefault()
                    : null))
            .ToListAsync(ct);
        return Result<IReadOnlyList<TissExportRow>>.Ok(rows);
    }
}
