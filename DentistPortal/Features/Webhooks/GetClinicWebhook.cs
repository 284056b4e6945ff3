using DentistPortal.Domain.Common;
using DentistPortal.Domain.Webhooks;
using DentistPortal.Features.Admin;
using DentistPortal.Features.Common;
using DentistPortal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Features.Webhooks;

public sealed record GetClinicWebhookQuery(int ClinicId);

/// <summary>One recent event as the admin screen lists it (times in Brasília).</summary>
public sealed record WebhookDeliveryRow(string EventId, string Type, string Status, int Attempts, int? LastHttpStatus,
    DateTimeOffset CreatedAt, DateTimeOffset? NextAttemptAt, string? LastError);

/// <summary>A clinic's webhook for the admin screen: never the secret (shown only when generated).</summary>
public sealed record ClinicWebhookView(int ClinicId, string ClinicName, bool Exists, string? Url, bool IsActive,
    DateTimeOffset? CreatedAt, DateTimeOffset? SecretIssuedAt, IReadOnlyList<WebhookDeliveryRow> Recent);

/// <summary>Back office (issue 11, webhooks): the clinic's webhook and its last <see cref="RecentCount"/> events. Admin only.</summary>
public sealed class GetClinicWebhookHandler(IDbContextFactory<AppDbContext> dbFactory, AccessCheck access)
{
    public const int RecentCount = 20;

    public async Task<Result<ClinicWebhookView>> HandleAsync(GetClinicWebhookQuery query, Actor? actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await access.EnsureAdminAsync(db, actor, "webhook da clínica", ct)) return Result<ClinicWebhookView>.Forbidden();
        var clinic = await db.Clinics.AsNoTracking().Where(c => c.Id == query.ClinicId).Select(c => new { c.Id, c.Name }).FirstOrDefaultAsync(ct);
        if (clinic is null) return Result<ClinicWebhookView>.NotFound("Clínica não encontrada.");
        var s = await db.WebhookSubscriptions.AsNoTracking().FirstOrDefaultAsync(w => w.ClinicId == clinic.Id, ct);
        if (s is null) return Result<ClinicWebhookView>.Ok(new(clinic.Id, clinic.Name, false, null, false, null, null, []));
        var recent = (await db.WebhookDeliveries.AsNoTracking().Where(d => d.ClinicId == clinic.Id)
                .OrderByDescending(d => d.Id).Take(RecentCount).ToListAsync(ct))
            .Select(d => new WebhookDeliveryRow(d.EventId, WebhookDelivery.TypeName(d.Type), StatusLabel(d.Status), d.Attempts, d.LastHttpStatus,
                BrazilTime.ToLocal(d.CreatedAtUtc), d.Status == WebhookDeliveryStatus.Pending ? BrazilTime.ToLocal(d.NextAttemptAtUtc) : null, d.LastError))
            .ToList();
        return Result<ClinicWebhookView>.Ok(new(clinic.Id, clinic.Name, true, s.Url, s.IsActive, BrazilTime.ToLocal(s.CreatedAtUtc),
            BrazilTime.ToLocal(s.SecretIssuedAtUtc), recent));
    }

    public static string StatusLabel(WebhookDeliveryStatus status) => status switch
    {
        WebhookDeliveryStatus.Pending => "Aguardando envio",
        WebhookDeliveryStatus.Delivered => "Entregue",
        WebhookDeliveryStatus.Failed => "Falhou",
        WebhookDeliveryStatus.Cancelled => "Cancelado (webhook desativado)",
        _ => status.ToString(),
    };
}
