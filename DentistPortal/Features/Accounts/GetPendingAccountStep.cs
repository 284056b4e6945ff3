using DentistPortal.Domain.Access;
using DentistPortal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Features.Accounts;

/// <summary>
/// What the signed-in account must do before using the portal (<see cref="AccountGate"/>, issue 10 Accounts), read from
/// the database on every request by the account gate: one query for the two flags and the roles. An account that no
/// longer exists answers <see cref="AccountGateStep.None"/> (the session revalidation signs it out).
/// </summary>
public sealed class GetPendingAccountStepHandler(IDbContextFactory<AppDbContext> dbFactory)
{
    public async Task<AccountGateStep> HandleAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var account = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new
            {
                u.MustChangePassword,
                u.TwoFactorEnabled,
                Roles = db.UserRoles.Where(ur => ur.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name!).ToList(),
            })
            .FirstOrDefaultAsync(ct);
        return account is null ? AccountGateStep.None : AccountGate.Pending(account.MustChangePassword, account.TwoFactorEnabled, account.Roles);
    }
}
