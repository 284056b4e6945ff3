using DentistPortal.Domain.Audit;
using DentistPortal.Features.Common;
using DentistPortal.Infrastructure.Data;

namespace DentistPortal.Features.Admin;

public sealed record UnlockAccountCommand(string? UserId);

/// <summary>
/// Back office: ends a lockout after wrong passwords (and clears the failure count) before the 15 minutes pass.
/// Idempotent: an account already unlocked is answered as unlocked, with no second audit line.
/// </summary>
public sealed class UnlockAccountHandler(IServiceScopeFactory scopes, TimeProvider time, AccessCheck access)
{
    public async Task<Result<bool>> HandleAsync(UnlockAccountCommand command, Actor? actor, CancellationToken ct = default)
    {
        await using var work = new AccountWork(scopes);
        var db = work.Db;
        if (!await access.EnsureAdminAsync(db, actor, "desbloquear conta", ct)) return Result<bool>.Forbidden();
        if (string.IsNullOrEmpty(command.UserId)) return Result<bool>.Invalid("Escolha a conta.");

        await using var tx = await db.Database.BeginSerializedTransactionAsync(ct);
        var user = await work.Users.FindByIdAsync(command.UserId);
        if (user is null) return Result<bool>.NotFound("Conta não encontrada.");
        // Already unlocked (a second click, or a colleague first): nothing to do, nothing to audit (issue 9 §3).
        if (!await work.Users.IsLockedOutAsync(user) && user.AccessFailedCount == 0) return Result<bool>.Ok(true);

        var unlocked = await work.Users.SetLockoutEndDateAsync(user, null);
        if (!unlocked.Succeeded) return Result<bool>.Invalid(AccountWork.Describe(unlocked));
        var reset = await work.Users.ResetAccessFailedCountAsync(user);
        if (!reset.Succeeded) return Result<bool>.Invalid(AccountWork.Describe(reset));
        Audit.Record(db, time, actor!, AuditActions.AccountUnlocked, "ok", "User", user.Id, user.FullName);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Result<bool>.Ok(true);
    }
}
