using DentistPortal.Domain.Audit;
using DentistPortal.Features.Admin;
using DentistPortal.Features.Common;
using DentistPortal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Features.Webhooks;

public sealed record DeactivateClinicWebhookCommand(int ClinicId, Guid? IdempotencyKey = null);

/// <summary>
/// Back office (issue 11, webhooks): stops a clinic's webhook. No event is written any more, and the pending ones are never
/// sent (the worker cancels them). Setting a URL again reactivates it with the same secret. Idempotent; admin only.
/// </summary>
public sealed class DeactivateClinicWebhookHandler(IDbContextFactory<AppDbContext> dbFactory, TimeProvider time, AccessCheck access)
{
    public const string Action = AuditActions.WebhookDeactivated;

    public async Task<Result<bool>> HandleAsync(DeactivateClinicWebhookCommand command, Actor? actor, CancellationToken ct = default)
    {
        await using (var check = await dbFactory.CreateDbContextAsync(ct))
            if (!await access.EnsureAdminAsync(check, actor, "webhook da clínica", ct)) return Result<bool>.Forbidden();
        return await IdempotentAction.RunAsync(dbFactory, time, actor, command.IdempotencyKey, Action, async db =>
        {
            var subscription = await db.WebhookSubscriptions.FirstOrDefaultAsync(s => s.ClinicId == command.ClinicId, ct);
            if (subscription is null) return Result<bool>.NotFound("Esta clínica não tem webhook.");
            if (subscription.Deactivate(actor!.UserId, time.GetUtcNow()))
                Audit.Record(db, time, actor, AuditActions.WebhookDeactivated, "ok", "Clinic", AdminAccess.Id(command.ClinicId), null, command.ClinicId);
            return Result<bool>.Ok(false);
        }, ct);
    }
}
