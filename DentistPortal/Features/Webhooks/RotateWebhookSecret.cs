using DentistPortal.Domain.Audit;
using DentistPortal.Features.Admin;
using DentistPortal.Features.Common;
using DentistPortal.Infrastructure.Data;
using DentistPortal.Infrastructure.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Features.Webhooks;

/// <param name="IdempotencyKey">One per click (issue 9 §3): a double click rotates once and shows that one secret.</param>
public sealed record RotateWebhookSecretCommand(int ClinicId, Guid? IdempotencyKey = null);

/// <summary>
/// Back office (issue 11, webhooks): replaces a clinic's signing secret with a new one, answered once. Every delivery from
/// then on, pending ones included, is signed with it. Admin only; the audit line never carries the secret.
/// </summary>
public sealed class RotateWebhookSecretHandler(IDbContextFactory<AppDbContext> dbFactory, WebhookSecrets secrets, TimeProvider time, AccessCheck access)
{
    public const string Action = AuditActions.WebhookSecretRotated;

    public async Task<Result<WebhookSecretAnswer>> HandleAsync(RotateWebhookSecretCommand command, Actor? actor, CancellationToken ct = default)
    {
        await using (var check = await dbFactory.CreateDbContextAsync(ct))
            if (!await access.EnsureAdminAsync(check, actor, "segredo do webhook", ct)) return Result<WebhookSecretAnswer>.Forbidden();

        var ticket = await IdempotentAction.RunAsync(dbFactory, time, actor, command.IdempotencyKey, Action, async db =>
        {
            var subscription = await db.WebhookSubscriptions.FirstOrDefaultAsync(s => s.ClinicId == command.ClinicId, ct);
            if (subscription is null) return Result<WebhookSecretTicket>.NotFound("Esta clínica não tem webhook: informe a URL primeiro.");
            var now = time.GetUtcNow();
            var (_, protectedSecret) = secrets.New();
            subscription.RotateSecret(protectedSecret, actor!.UserId, now);
            Audit.Record(db, time, actor, AuditActions.WebhookSecretRotated, "ok", "Clinic", AdminAccess.Id(command.ClinicId), null, command.ClinicId);
            return Result<WebhookSecretTicket>.Ok(new(subscription.Id, now));
        }, ct);
        return ticket.IsOk
            ? Result<WebhookSecretAnswer>.Ok(await ticket.Value!.AnswerAsync(dbFactory, secrets, time.GetUtcNow(), ct))
            : new Result<WebhookSecretAnswer>(ticket.Status, null, ticket.Errors);
    }
}
