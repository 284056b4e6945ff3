using DentistPortal.Domain.Access;
using DentistPortal.Infrastructure.Data;
using DentistPortal.Infrastructure.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Features.Webhooks;

/// <summary>
/// What saving a webhook or rotating its secret answers: the subscription, and the new secret in clear when one was just
/// generated — the only time it is ever shown. <see cref="Secret"/> is null when no secret was generated (URL replaced),
/// or when the same action is replayed after <see cref="AdminReceipt.Window"/>.
/// </summary>
public sealed record WebhookSecretAnswer(int SubscriptionId, string? Secret);

/// <summary>
/// The idempotent result the handlers store (issue 9 §3): which subscription and when its secret was issued, never the
/// secret itself. A click replayed with the same key inside <see cref="AdminReceipt.Window"/> shows the same secret
/// again (read from its encrypted copy); later, none.
/// </summary>
public sealed record WebhookSecretTicket(int SubscriptionId, DateTimeOffset? SecretIssuedAtUtc)
{
    public async Task<WebhookSecretAnswer> AnswerAsync(IDbContextFactory<AppDbContext> dbFactory, WebhookSecrets secrets, DateTimeOffset now, CancellationToken ct)
    {
        if (SecretIssuedAtUtc is not { } issued || now - issued >= AdminReceipt.Window) return new(SubscriptionId, null);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var current = await db.WebhookSubscriptions.AsNoTracking().Where(s => s.Id == SubscriptionId)
            .Select(s => new { s.SecretIssuedAtUtc, s.ProtectedSecret }).SingleOrDefaultAsync(ct);
        return current is not null && current.SecretIssuedAtUtc == issued
            ? new(SubscriptionId, secrets.Unprotect(current.ProtectedSecret))
            : new(SubscriptionId, null);
    }
}
