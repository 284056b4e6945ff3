using DentistPortal.Domain.Audit;
using DentistPortal.Features.Common;
using DentistPortal.Infrastructure.Data;
using DentistPortal.Infrastructure.Identity;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Features.Admin;

public sealed record SetAccountDisabledCommand(string? UserId, bool Disabled);

/// <summary>
/// Back office: disables an account (login refuses it; the security stamp changes so its cookies are rejected at their
/// next validation, and its open pages on this instance end at once through <see cref="OpenSessions"/>) or enables it
/// again. The account and its history are kept.
/// </summary>
public sealed class SetAccountDisabledHandler(IServiceScopeFactory scopes, TimeProvider time, AccessCheck access, OpenSessions sessions)
{
    public async Task<Result<bool>> HandleAsync(SetAccountDisabledCommand command, Actor? actor, CancellationToken ct = default)
    {
        await using var work = new AccountWork(scopes);
        var db = work.Db;
        if (!await access.EnsureAdminAsync(db, actor, "desativar/reativar conta", ct)) return Result<bool>.Forbidden();
        if (string.IsNullOrEmpty(command.UserId)) return Result<bool>.Invalid("Escolha a conta.");
        if (command.UserId == actor!.UserId) return Result<bool>.Invalid("Você não pode desativar a sua própria conta.");

        // Read inside the write transaction: a double click waits, then finds the state already set (issue 9 §3).
        await using var tx = await db.Database.BeginSerializedTransactionAsync(ct);
        var user = await work.Users.FindByIdAsync(command.UserId);
        // An API credential's integration user is no person's account: it never gets a password or other clinics (issue 11).
        if (user is null || await db.ApiCredentials.AnyAsync(c => c.IntegrationUserId == user.Id, ct)) return Result<bool>.NotFound("Conta não encontrada.");
        if (user.IsDisabled == command.Disabled) return Result<bool>.Ok(user.IsDisabled);

        user.IsDisabled = command.Disabled;
        // Saves IsDisabled with a new stamp: cookies issued before now stop validating.
        var updated = await work.Users.UpdateSecurityStampAsync(user);
        if (!updated.Succeeded) return Result<bool>.Invalid(AccountWork.Describe(updated));
        Audit.Record(db, time, actor, command.Disabled ? AuditActions.AccountDisabled : AuditActions.AccountEnabled, "ok", "User", user.Id, user.FullName);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        if (user.IsDisabled) sessions.End(user.Id);
        return Result<bool>.Ok(user.IsDisabled);
    }
}
