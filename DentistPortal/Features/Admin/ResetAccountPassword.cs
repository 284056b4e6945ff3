using Microsoft.EntityFrameworkCore;
using DentistPortal.Domain.Audit;
using DentistPortal.Features.Common;
using DentistPortal.Infrastructure.Data;

namespace DentistPortal.Features.Admin;

public sealed record ResetAccountPasswordCommand(string? UserId);

/// <summary>
/// Back office: replaces the password of an account with a generated temporary one, shown once to the admin
/// (never stored in the audit trail). The security stamp changes, so sessions opened with the old password end; the
/// owner must choose a new password at the next login (<see cref="Infrastructure.Identity.ApplicationUser.MustChangePassword"/>).
/// Idempotent (issue 9 §3): a second click of the same admin within <see cref="Domain.Access.AdminReceipt.Window"/>
/// answers the first password and changes nothing.
/// </summary>
public sealed class ResetAccountPasswordHandler(IServiceScopeFactory scopes, TimeProvider time, AccessCheck access, CredentialReceipts receipts)
{
    /// <summary>The audit action, also the credential receipt's action name (<see cref="AuditActions.AccountPasswordReset"/>).</summary>
    public const string Action = AuditActions.AccountPasswordReset;

    public async Task<Result<AccountCredentials>> HandleAsync(ResetAccountPasswordCommand command, Actor? actor, CancellationToken ct = default)
    {
        await using var work = new AccountWork(scopes);
        var db = work.Db;
        if (!await access.EnsureAdminAsync(db, actor, "redefinir senha", ct)) return Result<AccountCredentials>.Forbidden();
        if (string.IsNullOrEmpty(command.UserId)) return Result<AccountCredentials>.Invalid("Escolha a conta.");
        if (command.UserId == actor!.UserId) return Result<AccountCredentials>.Invalid("Para trocar a sua própria senha use \"Alterar senha\".");

        var user = await work.Users.FindByIdAsync(command.UserId);
        // An API credential's integration user is no person's account: it never gets a password or other clinics (issue 11).
        if (user is null || await db.ApiCredentials.AnyAsync(c => c.IntegrationUserId == user.Id, ct)) return Result<AccountCredentials>.NotFound("Conta não encontrada.");

        await using var tx = await db.Database.BeginSerializedTransactionAsync(ct);
        if (await receipts.FindAsync(db, actor.UserId, Action, user.Id, ct) is { } first) return Result<AccountCredentials>.Ok(first);
        var password = TemporaryPassword.Generate();
        var token = await work.Users.GeneratePasswordResetTokenAsync(user);
        user.RequirePasswordChange(); // saved with the new hash: changed at the next login (issue 10, Accounts)
        var reset = await work.Users.ResetPasswordAsync(user, token, password);
        if (!reset.Succeeded) return Result<AccountCredentials>.Invalid(AccountWork.Describe(reset));
        Audit.Record(db, time, actor, AuditActions.AccountPasswordReset, "ok", "User", user.Id, $"{user.FullName}; senha temporária gerada");
        var answer = new AccountCredentials(user.Id, user.Email ?? "", user.FullName, password);
        await receipts.AddAsync(db, actor.UserId, Action, user.Id, answer, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Result<AccountCredentials>.Ok(answer);
    }
}
