using DentistPortal.Domain.Access;
using DentistPortal.Domain.Audit;
using DentistPortal.Features.Common;
using DentistPortal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Features.Admin;

/// <summary>
/// The one check every back-office handler makes: the cookie says Admin <i>and</i> the database still says so
/// (the account exists, holds the Admin role and is not disabled). Anyone else is refused and the refusal audited.
/// </summary>
public static class AdminAccess
{
    public static async Task<bool> IsAdminAsync(AppDbContext db, Actor? actor, CancellationToken ct)
    {
        if (actor is null || !actor.IsInRole(Roles.Admin)) return false;
        return await (from u in db.Users
                      join ur in db.UserRoles on u.Id equals ur.UserId
                      join r in db.Roles on ur.RoleId equals r.Id
                      where u.Id == actor.UserId && !u.IsDisabled && r.Name == Roles.Admin
                      select u.Id).AnyAsync(ct);
    }

    /// <summary>True for an admin; otherwise records the refusal (for a signed-in actor) and answers false.</summary>
    public static async Task<bool> EnsureAdminAsync(AppDbContext db, TimeProvider time, Actor? actor, string what, CancellationToken ct)
    {
        if (await IsAdminAsync(db, actor, ct)) return true;
        if (actor is not null)
        {
            Audit.Record(db, time, actor, AuditActions.AccessDenied, "refused", "Admin", null, what);
            await db.SaveChangesAsync(ct);
        }
        return false;
    }

    public static string Id(int id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
