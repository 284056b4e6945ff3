using DentistPortal.Domain.Common;
using DentistPortal.Domain.Treatments;
using DentistPortal.Features.AuditLog;
using DentistPortal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Features.Billing;

/// <summary>
/// Loads validated treatments with everything <see cref="TissGuideMapping"/> needs (items, accepted signed guide and its
/// confirmations, beneficiary, plan prices, dentist, clinic, earlier exports) in a few queries. Shared by the TISS handlers.
/// </summary>
internal static class TissGuideData
{
    /// <summary>The clinic's treatments validated (token or signed guide) between the start of <paramref name="from"/> and
    /// the end of <paramref name="to"/>, Brasília calendar days, oldest validation first.</summary>
    public static IQueryable<Treatment> ValidatedInPeriod(AppDbContext db, int clinicId, DateOnly from, DateOnly to)
    {
        var fromUtc = AuditLogFilter.StartOfDayUtc(from);
        var untilUtc = AuditLogFilter.StartOfDayUtc(to.AddDays(1));
        return db.Treatments.Where(t => t.ClinicId == clinicId
            && (t.Status == TreatmentStatus.Validated || t.Status == TreatmentStatus.ValidatedBySignedGuide)
            && t.ValidatedAtUtc >= fromUtc && t.ValidatedAtUtc < untilUtc);
    }

    public static async Task<List<TissGuideCandidate>> CandidatesAsync(AppDbContext db, IQueryable<Treatment> query, string ansRegistration, CancellationToken ct)
    {
        var treatments = await query.AsNoTracking().AsSplitQuery()
            .Include(t => t.Items)
            .Include(t => t.SignedGuides).ThenInclude(g => g.Confirmations)
            .ToListAsync(ct);
        if (treatments.Count == 0) return [];
        var ids = treatments.Select(t => t.Id).ToList();
        var beneficiaryIds = treatments.Select(t => t.BeneficiaryId).Distinct().ToList();
        var beneficiaries = await db.Beneficiaries.AsNoTracking().Where(b => beneficiaryIds.Contains(b.Id)).ToDictionaryAsync(b => b.Id, ct);
        var planIds = beneficiaries.Values.Select(b => b.PlanId).Distinct().ToList();
        var plans = await db.Plans.AsNoTracking().Include(p => p.Coverages).Where(p => planIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        var dentistIds = treatments.Select(t => t.DentistUserId).Distinct().ToList();
        var dentists = await db.Dentists.AsNoTracking().Where(d => dentistIds.Contains(d.UserId)).ToDictionaryAsync(d => d.UserId, ct);
        var clinicIds = treatments.Select(t => t.ClinicId).Distinct().ToList();
        var clinics = await db.Clinics.AsNoTracking().Where(c => clinicIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        var exported = await LastExportsAsync(db, ids, ct);

        return [.. treatments
            .OrderBy(t => t.ValidatedAtUtc).ThenBy(t => t.Id)
            .Select(t =>
            {
                var beneficiary = beneficiaries[t.BeneficiaryId];
                var (guide, problems) = TissGuideMapping.Map(new TissGuideMapping.Source(
                    t, beneficiary, plans[beneficiary.PlanId], dentists.GetValueOrDefault(t.DentistUserId), clinics[t.ClinicId], ansRegistration));
                return new TissGuideCandidate(t.Id, t.Number, t.ValidatedAtUtc!.Value, guide, problems, exported.TryGetValue(t.Id, out var at) ? at : null);
            })];
    }

    /// <summary>When each of these treatments was last exported (by batch or from its page).</summary>
    public static async Task<Dictionary<int, DateTimeOffset>> LastExportsAsync(AppDbContext db, IReadOnlyCollection<int> treatmentIds, CancellationToken ct)
    {
        var rows = await db.TissExportedGuides.AsNoTracking()
            .Where(g => treatmentIds.Contains(g.TreatmentId))
            .Join(db.TissExports, g => g.TissExportId, e => e.Id, (g, e) => new { g.TreatmentId, e.AtUtc })
            .ToListAsync(ct);
        return rows.GroupBy(r => r.TreatmentId).ToDictionary(g => g.Key, g => g.Max(r => r.AtUtc));
    }

    /// <summary>
    /// Builds the export's file: takes one sequence number per batch from the counter (serialized transaction + optimistic
    /// concurrency) and writes the batches (<see cref="Infrastructure.Tiss.TissExportPackage"/>). Returns the file, the
    /// first and last numbers, and the batch number each guide went in.
    /// </summary>
    public static async Task<(Infrastructure.Tiss.TissFile File, long First, long Last, List<(int TreatmentId, long Batch)> Links)> WriteAsync(
        AppDbContext db, IReadOnlyList<TissGuideCandidate> guides, Domain.Clinics.Clinic clinic, string ansRegistration, DateTimeOffset now, CancellationToken ct)
    {
        var batches = Infrastructure.Tiss.TissExportPackage.BatchCount(guides.Count);
        var counter = await db.TissSequenceCounters.FirstOrDefaultAsync(c => c.Id == Domain.Tiss.TissSequenceCounter.SingletonId, ct);
        if (counter is null)
        {
            counter = new Domain.Tiss.TissSequenceCounter();
            db.TissSequenceCounters.Add(counter);
        }
        var first = counter.Take(batches);
        var registeredAt = BrazilTime.ToLocal(now).DateTime;
        var origin = new Domain.Tiss.TissProvider(clinic.CodeAtOperator, clinic.Cnpj);
        var headers = Enumerable.Range(0, batches)
            .Select(k => (first + k).ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Select(n => new Domain.Tiss.TissBatchHeader(n, n, registeredAt, origin, ansRegistration))
            .ToList();
        var file = Infrastructure.Tiss.TissExportPackage.Build([.. guides.Select(g => g.Guide!)], headers);
        var links = guides.Select((g, i) => (g.TreatmentId, first + i / Infrastructure.Tiss.TissBatchWriter.MaxGuidesPerBatch)).ToList();
        return (file, first, first + batches - 1, links);
    }
}
