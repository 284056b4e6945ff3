using DentistPortal.Features.Common;
using DentistPortal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Features.Treatments;

public sealed record TimelineEntry(DateTimeOffset AtUtc, string Who, string Role, string Action, string Outcome, string? Detail);

/// <summary>The treatment's audit events in order (who, what, when; never a code).</summary>
public sealed class GetTreatmentTimelineHandler(IDbContextFactory<AppDbContext> dbFactory, AccessCheck access)
{
    public async Task<Result<IReadOnlyList<TimelineEntry>>> HandleAsync(int treatmentId, Actor? actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var treatment = await db.Treatments.AsNoTracking().FirstOrDefaultAsync(t => t.Id == treatmentId, ct);
        if (treatment is null || !(await access.ForTreatmentAsync(db, actor, treatment, ct)).CanView)
            return Result<IReadOnlyList<TimelineEntry>>.NotFound("Tratamento não encontrado.");
        var id = treatmentId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var entries = await db.AuditEntries.AsNoTracking()
            .Where(a => a.SubjectType == "Treatment" && a.SubjectId == id)
            .OrderBy(a => a.AtUtc).ThenBy(a => a.Id)
            .Select(a => new TimelineEntry(a.AtUtc, a.ActorName, a.ActorRole, a.Action, a.Outcome, a.Detail))
            .ToListAsync(ct);
        return Result<IReadOnlyList<TimelineEntry>>.Ok(entries);
    }
}
