using DentistPortal.Domain.Access;
using DentistPortal.Domain.Common;
using DentistPortal.Domain.Treatments;
using DentistPortal.Features.Common;
using DentistPortal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Features.Review;

/// <summary>Another procedure of the same treatment, so the auditor sees the whole request.</summary>
public sealed record ReviewSibling(string TussCode, string Description, int? Tooth, ItemAuthorization Authorization);

/// <summary>An earlier authorized procedure of the same beneficiary on the same tooth or with the same code.</summary>
public sealed record ReviewHistoryEntry(DateTimeOffset AtUtc, string TreatmentNumber, string TussCode, string Description, int? Tooth);

/// <summary>One procedure waiting for the dental auditor, with what is needed to decide it.</summary>
public sealed record ReviewQueueItem(
    int ItemId, int TreatmentId, string TreatmentNumber, DateTimeOffset SubmittedAtUtc,
    string BeneficiaryName, string CardNumber, string PlanName,
    string ClinicName, string ClinicCityUf, string DentistName, string? DentistCro,
    string TussCode, string Description, int? Tooth, string? Region, string? Faces, int Quantity,
    IReadOnlyList<ReviewSibling> OtherItems, IReadOnlyList<ReviewHistoryEntry> History)
{
    /// <summary>"dente 36 · faces MOD · quantidade 1": where in the mouth, as the GTO says it.</summary>
    public string Site
    {
        get
        {
            var parts = new List<string>();
            if (Tooth is { } t) parts.Add($"dente {t}");
            if (Region is { } r) parts.Add(Domain.Dental.Fdi.RegionName(r));
            if (Faces is { } f) parts.Add($"faces {f}");
            parts.Add($"quantidade {Quantity}");
            return string.Join(" · ", parts);
        }
    }
}

/// <param name="CanDecide">Only the dental auditor decides; the back office (Admin) reads the queue.</param>
public sealed record ReviewQueue(IReadOnlyList<ReviewQueueItem> Items, int Total, bool CanDecide);

/// <summary>
/// Procedures <c>UnderReview</c> across the whole network, oldest submission first (the patient who waits
/// longest comes first). Auditor and Admin only.
/// </summary>
public sealed class ListReviewQueueHandler(IDbContextFactory<AppDbContext> dbFactory, AccessCheck access)
{
    /// <summary>The screen shows at most this many; the total is always given.</summary>
    public const int MaxItems = 200;

    private static readonly string[] Readers = [Roles.Auditor, Roles.Admin];

    public async Task<Result<ReviewQueue>> HandleAsync(Actor? actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var who = await access.ReadAsync(db, actor, ct);
        if (!who.HoldsAny(Readers))
        {
            await access.RecordRefusalAsync(db, actor, "Review", null, "fila de auditoria", null, ct);
            return Result<ReviewQueue>.Forbidden();
        }

        var pending =
            from i in db.TreatmentItems.AsNoTracking()
            where i.Authorization == ItemAuthorization.UnderReview
            join t in db.Treatments on i.TreatmentId equals t.Id
            where t.Status != TreatmentStatus.Draft
            select new { Item = i, Treatment = t };
        var total = await pending.CountAsync(ct);
        var rows = await (
            from p in pending
            join b in db.Beneficiaries on p.Treatment.BeneficiaryId equals b.Id
            join pl in db.Plans on b.PlanId equals pl.Id
            join c in db.Clinics on p.Treatment.ClinicId equals c.Id
            join u in db.Users on p.Treatment.DentistUserId equals u.Id
            orderby p.Treatment.SubmittedAtUtc, p.Treatment.Id, p.Item.Id
            select new
            {
                p.Item, p.Treatment.Number, p.Treatment.SubmittedAtUtc, p.Treatment.CreatedAtUtc, p.Treatment.BeneficiaryId,
                Beneficiary = b.FullName, b.CardNumber, Plan = pl.Name,
                Clinic = c.Name, c.City, c.Uf, DentistFallback = u.FullName,
                Dentist = db.Dentists.Where(d => d.UserId == p.Treatment.DentistUserId).Select(d => new { d.FullName, d.CroUf, d.CroNumber }).FirstOrDefault(),
            })
            .Take(MaxItems)
            .ToListAsync(ct);

        var treatmentIds = rows.Select(r => r.Item.TreatmentId).Distinct().ToList();
        var siblings = (await db.TreatmentItems.AsNoTracking().Where(i => treatmentIds.Contains(i.TreatmentId)).OrderBy(i => i.Id).ToListAsync(ct))
            .ToLookup(i => i.TreatmentId);

        var beneficiaryIds = rows.Select(r => r.BeneficiaryId).Distinct().ToList();
        var earlier = await (
            from i in db.TreatmentItems.AsNoTracking()
            where i.Authorization == ItemAuthorization.Authorized
            join t in db.Treatments on i.TreatmentId equals t.Id
            where beneficiaryIds.Contains(t.BeneficiaryId)
            select new { t.BeneficiaryId, t.Id, t.Number, t.SubmittedAtUtc, i.DecidedAtUtc, i.TussCode, i.Description, i.Tooth })
            .ToListAsync(ct);

        var items = rows.Select(r =>
        {
            var history = earlier
                .Where(h => h.BeneficiaryId == r.BeneficiaryId && h.Id != r.Item.TreatmentId
                            && (r.Item.Tooth is { } tooth ? h.Tooth == tooth : h.TussCode == r.Item.TussCode))
                .Select(h => new ReviewHistoryEntry(h.DecidedAtUtc ?? h.SubmittedAtUtc ?? default, h.Number, h.TussCode, h.Description, h.Tooth))
                .OrderByDescending(h => h.AtUtc).Take(5).ToList();
            return new ReviewQueueItem(
                r.Item.Id, r.Item.TreatmentId, r.Number, r.SubmittedAtUtc ?? r.CreatedAtUtc,
                r.Beneficiary, CardNumber.Format(r.CardNumber), r.Plan,
                r.Clinic, $"{r.City}/{r.Uf}", r.Dentist?.FullName ?? r.DentistFallback, r.Dentist is { } d ? $"CRO-{d.CroUf} {d.CroNumber}" : null,
                r.Item.TussCode, r.Item.Description, r.Item.Tooth, r.Item.Region, r.Item.Faces, r.Item.Quantity,
                [.. siblings[r.Item.TreatmentId].Where(s => s.Id != r.Item.Id).Select(s => new ReviewSibling(s.TussCode, s.Description, s.Tooth, s.Authorization))],
                history);
        }).ToList();

        return Result<ReviewQueue>.Ok(new ReviewQueue(items, total, who.Holds(Roles.Auditor)));
    }
}
