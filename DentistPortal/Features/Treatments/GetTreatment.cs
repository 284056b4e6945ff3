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
    int WrongAttempts, int AttemptsLeft, ValidationChannel? ValidatedVia, IReadOnlyList<DeliveryView> Deliveries)
{
    /// <summary>Active, but made with an HMAC key no longer configured: its code cannot be checked; a new token is needed (issue 10).</summary>
    public bool NeedsReissue { get; init; }
}

public sealed record TreatmentView(
    int Id, string Number, TreatmentStatus Status, DateTimeOffset CreatedAtUtc,
    int BeneficiaryId, string BeneficiaryName, string CardNumber, bool BeneficiaryActive, ContactRoute ContactRoute,
    string DentistUserId, string DentistName, int ClinicId, string ClinicName,
    IReadOnlyList<TreatmentItemView> Items, IReadOnlyList<TokenView> Tokens,
    int WrongCodeCount, int WrongCodesLeft, string? WhyNoToken, string? MissingTokenReason, DateTimeOffset? ValidatedAtUtc,
    SignedGuideState? SignedGuide = null)
{
    public TokenView? CurrentToken => Tokens.Count == 0 ? null : Tokens[^1];

    public bool IsClosed => Status is TreatmentStatus.Validated or TreatmentStatus.ValidatedBySignedGuide;

    /// <summary>A code can be typed now.</summary>
    public bool HasActiveToken => !IsClosed && CurrentToken?.Status == TokenStatus.Active;

    /// <summary>TR-3/TR-7 allow a (new) token now.</summary>
    public bool CanGenerate => WhyNoToken is null;

    /// <summary>The first token is "Gerar token"; after that the action re-issues ("Gerar novo token").</summary>
    public bool IsReissue => Tokens.Count > 0;

    private readonly TokenReach? reach;

    /// <summary>Channels the patient can read a token on away from the chair; defaults to the contact route (no portal).</summary>
    public TokenReach Reach
    {
        get => reach ?? new TokenReach(ContactRoute.MobilePhone is not null, ContactRoute.Email is not null, Portal: false, ContactRoute.ThroughHolder);
        init => reach = value;
    }

    /// <summary>A late token is offered only when it can reach the patient (issue 9 §8); otherwise Central or printed guide.</summary>
    public bool CanMarkLate => HasActiveToken && Status != TreatmentStatus.AwaitingLateToken && Reach.Any;

    public bool IsAwaitingLateToken => Status == TreatmentStatus.AwaitingLateToken;

    /// <summary>What this viewer may do (issue 9 §5): the screens offer only these actions.</summary>
    public TreatmentPermissions Permissions { get; init; } = TreatmentPermissions.None;
}

/// <summary>A procedure confirmed on the accepted signed guide, with the date written on it.</summary>
public sealed record PerformedItemView(string TussCode, string Description, DateOnly PerformedOn);

/// <summary>The latest signed guide of a treatment as the clinic sees it (issue 9 §1).</summary>
/// <param name="RejectionText">Why the auditor sent it back (reason and note), when rejected.</param>
public sealed record SignedGuideSubmissionView(int Submission, Domain.Contingency.SignedGuideStatus Status, DateTimeOffset UploadedAtUtc, string UploadedByName,
    DateTimeOffset? ReviewedAtUtc, string? RejectionText, IReadOnlyList<PerformedItemView> Performed);

/// <param name="Latest">The latest submission, if any.</param>
/// <param name="WhyNoUpload">Why a (new) scan cannot be registered now, in pt-BR; null when it can.</param>
public sealed record SignedGuideState(SignedGuideSubmissionView? Latest, int Submissions, int MaxSubmissions, string? WhyNoUpload);

/// <summary>
/// A treatment as the screens show it: items, tokens (never codes), deliveries with masked destinations, and the
/// viewer's <see cref="TreatmentPermissions"/> from the same check the action handlers make.
/// </summary>
public sealed class GetTreatmentHandler(IDbContextFactory<AppDbContext> dbFactory, IOptionsMonitor<Domain.Tokens.TokenPolicy> policy,
    IOptionsMonitor<Domain.Contingency.SignedGuidePolicy> guidePolicy, TimeProvider time, AccessCheck access,
    Infrastructure.Security.ITokenCodeProtector protector)
{
    public async Task<Result<TreatmentView>> HandleAsync(GetTreatmentQuery query, Actor? actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var treatment = await db.Treatments.AsNoTracking().Include(t => t.Items).Include(t => t.Tokens).Include(t => t.SignedGuides).ThenInclude(g => g.Confirmations).AsSplitQuery()
            .FirstOrDefaultAsync(t => query.TreatmentId != null ? t.Id == query.TreatmentId : t.Number == query.Number, ct);
        // Not found and not allowed look the same: no oracle for other clinics' treatment numbers.
        var permissions = treatment is null ? TreatmentPermissions.None : await access.ForTreatmentAsync(db, actor, treatment, ct);
        if (treatment is null || !permissions.CanView)
            return Result<TreatmentView>.NotFound("Tratamento não encontrado.");
        await Beneficiaries.BeneficiaryReadAudit.RecordTreatmentReadAsync(db, time, actor, treatment.Number, treatment.BeneficiaryId, treatment.ClinicId, ct);

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
                [.. deliveries.Where(d => d.TokenId == t.Id).Select(d => new DeliveryView(d.Id, d.Channel, d.MaskedDestination, d.ThroughHolder, d.Status, d.Attempts, d.LastError, d.SentAtUtc))])
            {
                NeedsReissue = status == TokenStatus.Active && !protector.CanVerify(t.HmacKeyId),
            };
        }).ToList();

        return Result<TreatmentView>.Ok(new TreatmentView(
            treatment.Id, treatment.Number, treatment.Status, treatment.CreatedAtUtc,
            beneficiary.Id, beneficiary.FullName, Domain.Common.CardNumber.Format(beneficiary.CardNumber), beneficiary.IsActive, MaskRoute(beneficiary.ContactRoute()),
            treatment.DentistUserId, dentistName, treatment.ClinicId, clinicName,
            [.. treatment.Items.OrderBy(i => i.Id).Select(i => new TreatmentItemView(i.Id, i.TussCode, i.Description, i.Tooth, i.Region, i.Faces, i.Quantity, i.Authorization, i.Reason))],
            tokenViews,
            treatment.WrongCodeCount, Math.Max(0, rules.MaxWrongCodesPerTreatment - treatment.WrongCodeCount),
            treatment.WhyNoToken(rules, now), treatment.MissingTokenReason, treatment.ValidatedAtUtc,
            SignedGuideOf(treatment, guidePolicy.CurrentValue.MaxSubmissions))
        { Permissions = permissions, Reach = TokenReach.Of(beneficiary) });
    }

    private static SignedGuideState SignedGuideOf(Treatment t, int max)
    {
        var latest = t.CurrentSignedGuide is { } g
            ? new SignedGuideSubmissionView(g.Submission, g.Status, g.UploadedAtUtc, g.UploadedByName, g.ReviewedAtUtc,
                g.Status == Domain.Contingency.SignedGuideStatus.Rejected ? Contingency.SignedGuideLabels.Rejection(g.Rejection, g.RejectionNote) : null,
                [.. t.PerformedBySignedGuide().Select(p => new PerformedItemView(p.Item.TussCode, p.Item.Description, p.PerformedOn))])
            : null;
        return new SignedGuideState(latest, t.SignedGuides.Count, max, t.WhyNoSignedGuide(max));
    }

    private static ContactRoute MaskRoute(ContactRoute r) => new(
        r.MobilePhone is null ? null : Domain.Common.BrazilianMobile.Mask(r.MobilePhone),
        r.Email is null ? null : Domain.Common.EmailAddress.Mask(r.Email),
        r.ThroughHolder);
}
