using DentistPortal.Domain.Audit;
using DentistPortal.Features.Common;
using DentistPortal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Features.Clinics;

/// <summary>Audits which clinic a dentist or receptionist chose to work at for the session.</summary>
public sealed class RecordClinicSelectionHandler(IDbContextFactory<AppDbContext> dbFactory, TimeProvider time)
{
    public async Task HandleAsync(Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        Audit.Record(db, time, actor, AuditActions.ClinicSelected, "ok", "Clinic",
            actor.ClinicId?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await db.SaveChangesAsync(ct);
    }
}
