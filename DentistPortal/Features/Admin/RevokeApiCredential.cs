using DentistPortal.Domain.Audit;
using DentistPortal.Features.Common;
using DentistPortal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Features.Admin;

public sealed record RevokeApiCredentialCommand(int CredentialId);

/// <summary>
/// Back office (Admin): revokes an API credential (issue 11). Its next call is refused (401) and its integration user
/// is disabled (security stamp renewed). Revoking a revoked key changes nothing and answers Ok. Audited.
/// </summary>
public sealed class RevokeApiCredentialHandler(IServiceScopeFactory scopes, TimeProvider time, AccessCheck access)
{
    public async Task<Result<bool>> HandleAsync(RevokeApiCredentialCommand command, Actor? actor, CancellationToken ct = default)
    {
        await using var work = new AccountWork(scopes);
        var db = work.Db;
        if (!await access.EnsureAdminAsync(db, actor, "revogar chave de API", ct)) return Result<bool>.Forbidden();

        await using var tx = await db.Database.BeginSerializedTransactionAsync(ct);
        var credential = await db.ApiCredentials.FirstOrDefaultAsync(c => c.Id == command.CredentialId, ct);
        if (credential is null) return Result<bool>.NotFound("Chave de API não encontrada.");
        if (!credential.Revoke(time.GetUtcNow(), actor!.UserId, actor.Name)) return Result<bool>.Ok(true);

        if (await work.Users.FindByIdAsync(credential.IntegrationUserId) is { } user)
        {
            user.IsDisabled = true;
            var updated = await work.Users.UpdateSecurityStampAsync(user);
            if (!updated.Succeeded) return Result<bool>.Invalid(AccountWork.Describe(updated));
        }
        Audit.Record(db, time, actor, AuditActions.ApiCredentialRevoked, "ok", "ApiCredential", AdminAccess.Id(credential.Id),
            $"{credential.Label}; chave {credential.KeyId}", credential.ClinicId);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Result<bool>.Ok(true);
    }
}
