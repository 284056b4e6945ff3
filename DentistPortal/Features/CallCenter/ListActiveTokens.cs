using DentistPortal.Domain.Beneficiaries;
using DentistPortal.Domain.Common;
using DentistPortal.Domain.Messaging;
using DentistPortal.Domain.Tokens;
using DentistPortal.Features.Common;
using DentistPortal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DentistPortal.Features.CallCenter;

public sealed record ListActiveTokensQuery(string? CallId, int BeneficiaryId);

/// <summary>A registered channel the token can be resent to (masked: the agent never sees a full contact).</summary>
public sealed record ResendChannel(DeliveryChannel Channel, string MaskedDestination, bool ThroughHolder);

/// <param name="IsResend">Asked after the token was issued (by the Central), not one of the token's own messages.</param>
public sealed record CallDelivery(long Id, DeliveryChannel Channel, string MaskedDestination, bool ThroughHolder, DeliveryStatus Status,
    string? LastError, DateTimeOffset CreatedAtUtc, DateTimeOffset? SentAtUtc, bool IsResend);

public sealed record ActiveTokenView(
    int TokenId, int Sequence, DateTimeOffset CreatedAtUtc, DateTimeOffset ExpiresAtUtc,
    int TreatmentId, string TreatmentNumber, int BeneficiaryId, string BeneficiaryName, bool ForDependent,
    string DentistName, string ClinicName,
    IReadOnlyList<CallDelivery> Deliveries, IReadOnlyList<ResendChannel> Channels, int ResendsLeft);

/// <summary>
/// With a passed identity check: the treatments of the caller (and, for a holder, of the dependents) whose token is
/// Active now — numbers, dentist, clinic, validity and deliveries with masked destinations. Never a code.
/// The view itself is covered by the audited identity check that opened it; it reloads live without new audit lines.
/// </summary>
public sealed class ListActiveTokensHandler(IDbContextFactory<AppDbContext> dbFactory, IOptionsMonitor<TokenPolicy> policy, TimeProvider time, AccessCheck access)
{
    public async Task<Result<IReadOnlyList<ActiveTokenView>>> HandleAsync(ListActiveTokensQuery query, Actor? actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await access.EnsureAgentAsync(db, actor, "tokens ativos na Central", ct)) return Result<IReadOnlyList<ActiveTokenView>>.Forbidden();
        if (!IdentityGate.IsValidCallId(query.CallId)) return Result<IReadOnlyList<ActiveTokenView>>.Invalid(CallerAnswers.CallIdMessage);

        var now = time.GetUtcNow();
        var identity = await IdentityGate.StateAsync(db, actor!, query.CallId!, query.BeneficiaryId, now, ct);
        if (!identity.IsPassed) return Result<IReadOnlyList<ActiveTokenView>>.Invalid(identity.Message);

        var scope = await IdentityGate.ScopeAsync(db, query.BeneficiaryId, now, ct);
        var rows = await (from t in db.Tokens.AsNoTracking()
                          join tr in db.Treatments.AsNoTracking() on t.TreatmentId equals tr.Id
                          where t.Status == TokenStatus.Active && scope.Contains(tr.BeneficiaryId)
                          select new { Token = t, Treatment = tr })
            .ToListAsync(ct);
        rows = [.. rows.Where(r => r.Token.IsUsableAt(now)).OrderBy(r => r.Token.ExpiresAtUtc)];
        if (rows.Count == 0) return Result<IReadOnlyList<ActiveTokenView>>.Ok([]);

        var tokenIds = rows.Select(r => r.Token.Id).ToList();
        var treatmentIds = rows.Select(r => r.Treatment.Id).ToList();
        var beneficiaryIds = rows.Select(r => r.Treatment.BeneficiaryId).Distinct().ToList();
        var dentistIds = rows.Select(r => r.Treatment.DentistUserId).Distinct().ToList();
        var clinicIds = rows.Select(r => r.Treatment.ClinicId).Distinct().ToList();

        var beneficiaries = await db.Beneficiaries.AsNoTracking().Include(b => b.Holder).Where(b => beneficiaryIds.Contains(b.Id)).ToDictionaryAsync(b => b.Id, ct);
        var dentists = await db.Dentists.AsNoTracking().Where(d => dentistIds.Contains(d.UserId)).ToDictionaryAsync(d => d.UserId, d => d.FullName, ct);
        var clinics = await db.Clinics.AsNoTracking().Where(c => clinicIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        var deliveries = await db.Deliveries.AsNoTracking().Where(d => tokenIds.Contains(d.TokenId)).ToListAsync(ct);
        var resends = await ResendCap.CountsAsync(db, treatmentIds, now, ct);
        var cap = policy.CurrentValue.MaxTokensPerTreatmentPer48Hours;

        return Result<IReadOnlyList<ActiveTokenView>>.Ok([.. rows.Select(r =>
        {
            var b = beneficiaries[r.Treatment.BeneficiaryId];
            return new ActiveTokenView(
                r.Token.Id, r.Token.Sequence, r.Token.CreatedAtUtc, r.Token.ExpiresAtUtc,
                r.Treatment.Id, r.Treatment.Number, b.Id, b.FullName, b.Id != query.BeneficiaryId,
                dentists.GetValueOrDefault(r.Treatment.DentistUserId) ?? "", clinics.GetValueOrDefault(r.Treatment.ClinicId) ?? "",
                Deliveries(r.Token, deliveries),
                Channels(b),
                Math.Max(0, cap - resends.GetValueOrDefault(r.Treatment.Id)));
        })]);
    }

    /// <summary>
    /// The token's deliveries in order. Generation writes at most one per channel at the token's own instant; anything
    /// later, or a second one on a channel, is a resend.
    /// </summary>
    private static List<CallDelivery> Deliveries(AttendanceToken token, List<Delivery> all)
    {
        var seen = new HashSet<DeliveryChannel>();
        return [.. all.Where(d => d.TokenId == token.Id).OrderBy(d => d.CreatedAtUtc).ThenBy(d => d.Id).Select(d =>
            new CallDelivery(d.Id, d.Channel, d.MaskedDestination, d.ThroughHolder, d.Status, d.LastError, d.CreatedAtUtc, d.SentAtUtc,
                IsResend: d.IsResend || !seen.Add(d.Channel) || d.CreatedAtUtc > token.CreatedAtUtc))];
    }

    /// <summary>The registered channels a message for this beneficiary goes to (own, or the holder's for a dependent without any).</summary>
    public static IReadOnlyList<ResendChannel> Channels(Beneficiary b)
    {
        var route = b.ContactRoute();
        var list = new List<ResendChannel>(2);
        if (route.MobilePhone is { } phone) list.Add(new(DeliveryChannel.Sms, BrazilianMobile.Mask(phone), route.ThroughHolder));
        if (route.Email is { } email) list.Add(new(DeliveryChannel.Email, EmailAddress.Mask(email), route.ThroughHolder));
        return list;
    }
}
