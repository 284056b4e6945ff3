using DentistPortal.Domain.Audit;
using DentistPortal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Features.Common;

/// <summary>
/// Operator-side role checks: the cookie says the role <i>and</i> the database still says so (the account exists,
/// holds one of the roles and is not disabled), so a role removed or an account disabled stops working at once.
/// </summary>
public static class RoleAccess
{
    public static async Task<bool> HoldsAnyAsync(AppDbContext db, Actor? actor, string[] roles, CancellationToken ct)
    {
        if (actor is null || !actor.IsInAnyRole(roles)) return false;
        return await (from u in db.Users
                      join ur in db.UserRoles on u.Id equals ur.UserId
                      join r in db.Roles on ur.RoleId equals r.Id
                      where u.Id == actor.UserId && !u.IsDisabled && roles.Contains(r.Name!)
                      select u.Id).AnyAsync(ct);
    }

    /// <summary>True when allowed; otherwise records the refusal (for a signed-in actor) and answers false.</summary>
    public static async Task<bool> EnsureAsync(AppDbContext db, TimeProvider time, Actor? actor, string[] roles, string area, string what, CancellationToken ct)
    {
        if (await HoldsAnyAsync(db, actor, roles, ct)) return true;
        if (actor is not null)
        {
            Audit.Record(db, time, actor, AuditActions.AccessDenied, "refused", area, null, what);
            await db.SaveChangesAsync(ct);
        }
        return false;
    }
}
