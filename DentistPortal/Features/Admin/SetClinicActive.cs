using DentistPortal.Domain.Audit;
using DentistPortal.Features.Common;
using DentistPortal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Features.Admin;

public sealed record SetClinicActiveCommand(int ClinicId, bool Active);

/// <summary>
/// Back office: deactivates a clinic (its dentists and staff can no longer act for it: AccessCheck checks
/// IsActive on every request) or activates it again. Nothing is deleted.
/// </summary>
public sealed class SetClinicActiveHandler(IDbContextFactory<AppDbContext> dbFactory, TimeProvider time, AccessCheck access)
{
    public async Task<Result<bool>> HandleAsync(SetClinicActiveCommand command, Actor? actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await access.EnsureAdminAsync(db, actor, "ativar/desativar clínica", ct)) return Result<bool>.Forbidden();
        var clinic = await db.Clinics.FirstOrDefaultAsync(c => c.Id == command.ClinicId, ct);
        if (clinic is null) return Result<bool>.NotFound("Clínica não encontrada.");
        if (clinic.IsActive == command.Active) return Result<bool>.Ok(clinic.IsActive);
        clinic.IsActive = command.Active;
        Audit.Record(db, time, actor!, command.Active ? AuditActions.ClinicActivated : AuditActions.ClinicDeactivated, "ok", "Clinic",
            AdminAccess.Id(clinic.Id), clinic.Name, clinic.Id);
        await db.SaveChangesAsync(ct);
        return Result<bool>.Ok(clinic.IsActive);
    }
}
