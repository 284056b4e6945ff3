using System.Text.Json;
using System.Text.Json.Serialization;
using DentistPortal.Domain.Common;
using DentistPortal.Domain.Messaging;
using DentistPortal.Domain.Tokens;
using DentistPortal.Domain.Treatments;
using DentistPortal.Domain.Webhooks;
using DentistPortal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Infrastructure.Webhooks;

/// <summary>
/// Turns token changes into webhook events inside the unit of work that makes them (issue 11, webhooks: "written in the
/// same transaction as the state change"): the tokens' <see cref="TokenEnded"/> domain events (taken by
/// <see cref="WebhookOutboxInterceptor"/> whenever a context saves) and a token's message failing for good (staged by the
/// SMS/e-mail outbox). Only for a clinic with an active subscription. The payload never holds the code nor anything
/// derived from it, and no beneficiary data beyond the treatment number.
/// </summary>
public static class WebhookOutbox
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Adds one event per token end recorded on the tracked tokens of <paramref name="db"/>. Returns how many.</summary>
    public static async Task<int> StageTokenEndingsAsync(AppDbContext db, DateTimeOffset now, CancellationToken ct)
    {
        var ended = db.ChangeTracker.Entries<AttendanceToken>()
            .Where(e => e.State is EntityState.Modified or EntityState.Unchanged)
            .SelectMany(e => e.Entity.TakeEndings().Select(end => (Token: e.Entity, End: end)))
            .ToList();
        if (ended.Count == 0) return 0;

        var treatmentIds = ended.Select(x => x.Token.TreatmentId).Distinct().ToList();
        // The handler that ended the tokens usually holds their treatment already (issue 13, handler cost): no read for it.
        var treatments = db.ChangeTracker.Entries<Treatment>()
            .Where(e => e.State != EntityState.Added && treatmentIds.Contains(e.Entity.Id))
            .ToDictionary(e => e.Entity.Id, e => (e.Entity.Id, e.Entity.ClinicId, e.Entity.Number));
        if (treatments.Count < treatmentIds.Count)
        {
            var missing = treatmentIds.Where(id => !treatments.ContainsKey(id)).ToList();
            foreach (var t in await db.Treatments.AsNoTracking().Where(t => missing.Contains(t.Id)).Select(t => new { t.Id, t.ClinicId, t.Number }).ToListAsync(ct))
                treatments[t.Id] = (t.Id, t.ClinicId, t.Number);
        }
        var subscriptions = await ActiveSubscriptionsAsync(db, treatments.Values.Select(t => t.ClinicId), ct);

        var staged = 0;
        foreach (var (token, end) in ended)
        {
            if (!treatments.TryGetValue(token.TreatmentId, out var treatment)) continue;
            if (!subscriptions.TryGetValue(treatment.ClinicId, out var subscriptionId)) continue;
            var (type, occurred, via, reason) = end.Status switch
            {
                TokenStatus.Validated => (WebhookEventType.TokenValidated, end.AtUtc, ViaName(token.ValidatedVia), (string?)null),
                // The lifetime's end is when it happened, whoever stored it later (the sweep runs every 30 s).
                TokenStatus.Expired => (WebhookEventType.TokenExpired, token.ExpiresAtUtc, null, null),
                TokenStatus.Revoked => (WebhookEventType.TokenRevoked, end.AtUtc, null, "nao_solicitado"),
                TokenStatus.Superseded => (WebhookEventType.TokenRevoked, end.AtUtc, null, "substituido"),
                TokenStatus.Locked => (WebhookEventType.TokenRevoked, end.AtUtc, null, "bloqueado"),
                TokenStatus.PaperGuide => (WebhookEventType.TokenRevoked, end.AtUtc, null, "guia_assinada"),
                _ => (WebhookEventType.TokenRevoked, end.AtUtc, null, "outro"),
            };
            Stage(db, type, treatment.ClinicId, subscriptionId, treatment.Id, treatment.Number, token.Sequence, occurred, now,
                via: via, reason: reason, channel: null);
            staged++;
        }
        return staged;
    }

    /// <summary>
    /// Adds the "token.entrega_falhou" event of a token message that failed for good (the caller saves it in the same
    /// transaction as the failure). False when the clinic has no active subscription or the data is gone.
    /// </summary>
    public static async Task<bool> StageDeliveryFailedAsync(AppDbContext db, Delivery delivery, DateTimeOffset now, CancellationToken ct)
    {
        var treatment = await db.Treatments.AsNoTracking().Where(t => t.Id == delivery.TreatmentId)
            .Select(t => new { t.Id, t.ClinicId, t.Number }).SingleOrDefaultAsync(ct);
        if (treatment is null) return false;
        var subscriptions = await ActiveSubscriptionsAsync(db, [treatment.ClinicId], ct);
        if (!subscriptions.TryGetValue(treatment.ClinicId, out var subscriptionId)) return false;
        var sequence = await db.Tokens.AsNoTracking().Where(t => t.Id == delivery.TokenId).Select(t => (int?)t.Sequence).SingleOrDefaultAsync(ct);
        Stage(db, WebhookEventType.DeliveryFailed, treatment.ClinicId, subscriptionId, treatment.Id, treatment.Number, sequence, now, now,
            via: null, reason: null, channel: delivery.Channel == DeliveryChannel.Sms ? "sms" : "email");
        return true;
    }

    private static async Task<Dictionary<int, int>> ActiveSubscriptionsAsync(AppDbContext db, IEnumerable<int> clinicIds, CancellationToken ct)
    {
        var ids = clinicIds.Distinct().ToList();
        if (ids.Count == 0) return [];
        // A token action touches one clinic: one compiled query (issue 13, handler cost). Building the IN-list query
        // anew cost a validation about a sixth of its CPU.
        if (ids.Count == 1)
            return await ActiveSubscriptionOf.For(db)(db, ids[0], ct) is { } id ? new() { [ids[0]] = id } : [];
        return await db.WebhookSubscriptions.AsNoTracking().Where(s => s.IsActive && ids.Contains(s.ClinicId))
            .Select(s => new { s.ClinicId, s.Id }).ToDictionaryAsync(s => s.ClinicId, s => s.Id, ct);
    }

    // One webhook per clinic (unique index on ClinicId).
    private static readonly CompiledPerModel<Func<AppDbContext, int, CancellationToken, Task<int?>>> ActiveSubscriptionOf =
        new(() => EF.CompileAsyncQuery((AppDbContext db, int clinicId, CancellationToken ct) =>
            db.WebhookSubscriptions.Where(s => s.IsActive && s.ClinicId == clinicId).Select(s => (int?)s.Id).FirstOrDefault()));

    private static void Stage(AppDbContext db, WebhookEventType type, int clinicId, int subscriptionId, int treatmentId, string treatmentNumber,
        int? tokenSequence, DateTimeOffset occurredAtUtc, DateTimeOffset now, string? via, string? reason, string? channel)
    {
        var eventId = "evt_" + Guid.CreateVersion7(now).ToString("N");
        var payload = new WebhookPayload(eventId, WebhookDelivery.TypeName(type), BrazilTime.ToLocal(occurredAtUtc), clinicId, treatmentId,
            treatmentNumber, tokenSequence, via, reason, channel);
        db.WebhookDeliveries.Add(WebhookDelivery.Record(eventId, clinicId, subscriptionId, type, treatmentId,
            JsonSerializer.Serialize(payload, Json), occurredAtUtc, now));
    }

    private static string? ViaName(ValidationChannel? via) => via switch
    {
        ValidationChannel.Chair => "cadeira",
        ValidationChannel.Late => "tardio",
        ValidationChannel.CallCenterAssisted => "central",
        _ => null,
    };

    /// <summary>The JSON body (camelCase; docs/webhooks.md, "Payload"). No code, no beneficiary data.</summary>
    internal sealed record WebhookPayload(
        string Id,
        string Type,
        DateTimeOffset OccurredAt,
        int ClinicId,
        int TreatmentId,
        string TreatmentNumber,
        int? TokenSequence,
        string? ValidatedVia,
        string? Reason,
        string? Channel);
}
