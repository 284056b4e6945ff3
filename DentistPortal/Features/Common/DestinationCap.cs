using DentistPortal.Domain.Messaging;
using DentistPortal.Domain.Tokens;
using DentistPortal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Features.Common;

/// <summary>
/// The per-destination send caps (TR-7 for SMS; issue 9 §2/§4 for e-mail): at most
/// <see cref="TokenPolicy.MaxSmsPerBeneficiaryPerDay"/> SMS to one mobile and <see cref="TokenPolicy.MaxEmailsPerAddressPerDay"/>
/// e-mails to one address in 24 h, counting every message the portal writes there: token messages and resends (outbox
/// rows not Failed) and contact-change messages (<see cref="SentMessage"/>). The one place both are counted; call it inside
/// a serialized transaction (<see cref="IdempotentAction"/>) and write the message in the same one, so the cap holds exactly.
/// </summary>
public static class DestinationCap
{
    public static readonly TimeSpan Window = TimeSpan.FromHours(24);

    public static int CapFor(DeliveryChannel channel, TokenPolicy policy) =>
        channel == DeliveryChannel.Sms ? policy.MaxSmsPerBeneficiaryPerDay : policy.MaxEmailsPerAddressPerDay;

    public static async Task<int> SentTodayAsync(AppDbContext db, DeliveryChannel channel, string destination, DateTimeOffset now, CancellationToken ct)
    {
        // Issue 13: on PostgreSQL the count and the message that follows are atomic per destination (not per database).
        await db.Database.LockAsync(WriteSubject.Destination(channel, destination), ct);
        var since = now - Window;
        var outbox = await db.Deliveries.CountAsync(d => d.Channel == channel && d.Destination == destination && d.CreatedAtUtc > since && d.Status != DeliveryStatus.Failed, ct);
        var direct = await db.SentMessages.CountAsync(m => m.Channel == channel && m.Destination == destination && m.AtUtc > since, ct);
        return outbox + direct;
    }

    /// <summary>
    /// What <see cref="SentTodayAsync"/> counts, for both destinations of one beneficiary's contact route at once (issue 13,
    /// handler cost): one round trip instead of two per destination, each count read once. A null destination counts 0.
    /// Same rule and same place as <see cref="SentTodayAsync"/>: call it inside the serialized transaction that writes the messages.
    /// </summary>
    public static async Task<SentToday> SentTodayToRouteAsync(AppDbContext db, int beneficiaryId, string? mobile, string? email, DateTimeOffset now, CancellationToken ct)
    {
        if (mobile is null && email is null) return new SentToday(0, 0);
        // Issue 13 (narrower locks): as in SentTodayAsync, each destination's count and the message that follows are atomic
        // on PostgreSQL; SMS before e-mail, the same order everywhere.
        if (mobile is not null) await db.Database.LockAsync(WriteSubject.Destination(DeliveryChannel.Sms, mobile), ct);
        if (email is not null) await db.Database.LockAsync(WriteSubject.Destination(DeliveryChannel.Email, email), ct);
        return await RouteCounts.For(db)(db, beneficiaryId, mobile ?? "", email ?? "", now - Window, ct) ?? new SentToday(0, 0);
    }

    /// <summary>Messages written in the last <see cref="Window"/> to a route's mobile (SMS) and address (e-mail).</summary>
    public sealed record SentToday(int Sms, int Email)
    {
        public int Of(DeliveryChannel channel) => channel == DeliveryChannel.Sms ? Sms : Email;
    }

    // One row (the beneficiary's) carrying the four counts as scalar subqueries; each an index seek on
    // Deliveries(Channel, Destination, CreatedAtUtc) and SentMessages(Channel, Destination, AtUtc).
    private static readonly CompiledPerModel<Func<AppDbContext, int, string, string, DateTimeOffset, CancellationToken, Task<SentToday?>>> RouteCounts =
        new(() => EF.CompileAsyncQuery((AppDbContext db, int beneficiaryId, string mobile, string email, DateTimeOffset since, CancellationToken ct) =>
            db.Beneficiaries.Where(b => b.Id == beneficiaryId)
                .Select(b => new SentToday(
                    db.Deliveries.Count(d => d.Channel == DeliveryChannel.Sms && d.Destination == mobile && d.CreatedAtUtc > since && d.Status != DeliveryStatus.Failed)
                        + db.SentMessages.Count(m => m.Channel == DeliveryChannel.Sms && m.Destination == mobile && m.AtUtc > since),
                    db.Deliveries.Count(d => d.Channel == DeliveryChannel.Email && d.Destination == email && d.CreatedAtUtc > since && d.Status != DeliveryStatus.Failed)
                        + db.SentMessages.Count(m => m.Channel == DeliveryChannel.Email && m.Destination == email && m.AtUtc > since)))
                .FirstOrDefault()));

    /// <summary>True when one more message may go to this destination now.</summary>
    public static async Task<bool> AllowsAsync(AppDbContext db, DeliveryChannel channel, string destination, DateTimeOffset now, TokenPolicy policy, CancellationToken ct) =>
        await SentTodayAsync(db, channel, destination, now, ct) < CapFor(channel, policy);

    /// <summary>pt-BR reason shown when the cap stopped a message.</summary>
    public static string Reached(DeliveryChannel channel, TokenPolicy policy) => channel == DeliveryChannel.Sms
        ? $"Limite de {policy.MaxSmsPerBeneficiaryPerDay} SMS por dia para este celular atingido: SMS não enviado."
        : $"Limite de {policy.MaxEmailsPerAddressPerDay} e-mails por dia para este endereço atingido: e-mail não enviado.";
}
