using DentistPortal.Domain.Beneficiaries;
using DentistPortal.Domain.Messaging;
using DentistPortal.Domain.Tokens;
using DentistPortal.Domain.Treatments;
using DentistPortal.Features.Common;
using DentistPortal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DentistPortal.Features.Treatments;

public sealed record GetTreatmentQuery(int? TreatmentId = null, string? Number = null);

public sealed record TreatmentItemView(int Id, string TussCode, string Description, int? Tooth, string? Region, string? Faces, int Quantity, ItemAuthorization Authorization, string? Reason);

public sealed record DeliveryView(long Id, DeliveryChannel Channel, string MaskedDestination, bool ThroughHolder, DeliveryStatus Status, int Attempts, string? LastError, DateTimeOffset? SentAtUtc);

public sealed record TokenView(int Id, int Sequence, TokenStatus Status, DateTimeOffset CreatedAtUtc, DateTimeOffset ExpiresAtUtc, DateTimeOffset? EndedAtUtc,
    int WrongAttempts, int AttemptsLeft, ValidationChannel? ValidatedVia, IReadOnlyList<DeliveryView> Deliveries);

public sealed record TreatmentView(
    int Id, string Number, TreatmentStatus Status, DateTimeOffset CreatedAtUtc,
    int BeneficiaryId, string BeneficiaryName, string CardNumber, bool BeneficiaryActive, ContactRoute ContactRoute,
    string DentistUserId, string DentistName, int ClinicId, string ClinicName,
    IReadOnlyList<TreatmentItemView> Items, IReadOnlyList<TokenView> Tokens,
    int WrongCodeCount, int WrongCodesLeft, string? WhyNoToken, string? MissingTokenReason, DateTimeOffset? ValidatedAtUtc)
{
    public TokenView? CurrentToken => Tokens.Count == 0 ? null : Tokens[^1];

    public bool IsClosed => Status is TreatmentStatus.Validated or TreatmentStatus.ValidatedBySignedGuide;

    /// <summary>A code can be typed now.</summary>
    public bool HasActiveToken => !IsClosed && CurrentToken?.Status == TokenStatus.Active;

    /// <summary>TR-3/TR-7 allow a (new) token now.</summary>
    public bool CanGenerate => WhyNoToken is null;

    /// <summary>The first token is "Gerar token"; after that the action re-issues ("Gerar novo token").</summary>
    public bool IsReissue => Tokens.Count > 0;

    public bool CanMarkLate => HasActiveToken && Status != TreatmentStatus.AwaitingLateToken;

    public bool IsAwaitingLateToken => Status == TreatmentStatus.AwaitingLateToken;
}

/// <summary>A treatment as the screens show it: items, tokens (never codes), deliveries with masked destinations.</summary>
public sealed class GetTreatmentHandler(IDbContextFactory<AppDbContext> dbFactory, IOptionsMonitor<Domain.Tokens.TokenPolicy> policy, TimeProvider time)
{
    public async Task<Result<TreatmentView>> HandleAsync(GetTreatmentQuery query, Actor? actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var treatment = await db.Treatments.AsNoTracking().Include(t => t.Items).Include(t => t.Tokens).AsSplitQuery()
            .FirstOrDefaultAsync(t => query.TreatmentId != null ? t.Id == query.TreatmentId : t.Number == query.Number, ct);
        // Not found and not allowed look the same: no oracle for other clinics' treatment numbers.
        if (treatment is null || !await TreatmentAccess.CanViewAsync(db, actor, treatment, ct))
            return Result<TreatmentView>.NotFound("Tratamento não encontrado.");

        var rules = policy.CurrentValue;
        var now = time.GetUtcNow();
        var beneficiary = await db.Beneficiaries.AsNoTracking().Include(b => b.Holder).SingleAsync(b => b.Id == treatment.BeneficiaryId, ct);
        var dentistName = await db.Dentists.Where(d => d.UserId == treatment.DentistUserId).Select(d => d.FullName).FirstOrDefaultAsync(ct) ?? "";
        var clinicName = await db.Clinics.Where(c => c.Id == treatment.ClinicId).Select(c => c.Name).SingleAsync(ct);
        var tokens = treatment.Tokens.OrderBy(t => t.Sequence).ToList();
        var deliveries = await db.Deliveries.AsNoTracking().Where(d => d.TreatmentId == treatment.Id).OrderBy(d => d.Channel).ToListAsync(ct);

        var tokenViews = tokens.Select(t =>
        {
            var status = t.EffectiveStatus(now); // TR-5, one rule

            return new TokenView(t.Id, t.Sequence, status, t.CreatedAtUtc, t.ExpiresAtUtc, t.EndedAtUtc, t.WrongAttempts, t.AttemptsLeft(rules), t.ValidatedVia,
                [.. deliveries.Where(d => d.TokenId == t.Id).Select(d => new DeliveryView(d.Id, d.Channel, d.MaskedDestination, d.ThroughHolder, d.Status, d.Attempts, d.LastError, d.SentAtUtc))]);
        }).ToList();

        return Result<TreatmentView>.Ok(new TreatmentView(
            treatment.Id, treatment.Number, treatment.Status, treatment.CreatedAtUtc,
            beneficiary.Id, beneficiary.FullName, Domain.Common.CardNumber.Format(beneficiary.CardNumber), beneficiary.IsActive, MaskRoute(beneficiary.ContactRoute()),
            treatment.DentistUserId, dentistName, treatment.ClinicId, clinicName,
            [.. treatment.Items.OrderBy(i => i.Id).Select(i => new TreatmentItemView(i.Id, i.TussCode, i.Description, i.Tooth, i.Region, i.Faces, i.Quantity, i.Authorization, i.Reason))],
            tokenViews,
            treatment.WrongCodeCount, Math.Max(0, rules.MaxWrongCodesPerTreatment - treatment.WrongCodeCount),
            treatment.WhyNoToken(rules, now), treatment.MissingTokenReason, treatment.ValidatedAtUtc));
    }

    private static ContactRoute MaskRoute(ContactRoute r) => new(
        r.MobilePhone is null ? null : Domain.Common.BrazilianMobile.Mask(r.MobilePhone),
        r.Email is null ? null : Domain.Common.EmailAddress.Mask(r.Email),
        r.ThroughHolder);
}
