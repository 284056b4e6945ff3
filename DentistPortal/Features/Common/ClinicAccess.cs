using DentistPortal.Domain.Access;
using DentistPortal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Features.Common;

/// <summary>The one place that decides whether a clinic user may act for a clinic.</summary>
public static class ClinicAccess
{
    /// <summary>
    /// True when the actor is a dentist or receptionist, has chosen <paramref name="clinicId"/> for this session,
    /// and is still a member of that (active) clinic in the database.
    /// </summary>
    public static async Task<bool> CanActForClinicAsync(AppDbContext db, Actor? actor, int clinicId, CancellationToken ct)
    {
        if (actor is null || !actor.IsInAnyRole(Roles.Dentist, Roles.ClinicStaff)) return false;
        if (actor.ClinicId != clinicId) return false;
        return await db.ClinicMembers.AnyAsync(m => m.UserId == actor.UserId && m.ClinicId == clinicId && m.Clinic!.IsActive, ct);
    }

    /// <summary>The clinic the actor works at now, if the actor may act for it.</summary>
    public static async Task<int?> CurrentClinicAsync(AppDbContext db, Actor? actor, CancellationToken ct) =>
        actor?.ClinicId is { } id && await CanActForClinicAsync(db, actor, id, ct) ? id : null;
}
