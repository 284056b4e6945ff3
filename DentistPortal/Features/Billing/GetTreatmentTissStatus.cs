using DentistPortal.Domain.Support;
using DentistPortal.Features.Common;
using DentistPortal.Features.Treatments;
using DentistPortal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DentistPortal.Features.Billing;

public sealed record GetTreatmentTissStatusQuery(int TreatmentId);

/// <summary>What the treatment page shows about its TISS guide.</summary>
/// <param name="Offered">"Baixar XML TISS" is offered: a validated treatment, seen by its clinic.</param>
/// <param name="LastExportedAtUtc">When the guide was last exported ("já exportada em …"), or null.</param>
/// <param name="Problems">Why the guide cannot be generated yet (no price, no CNES…), empty when it can.</param>
public sealed record TissTreatmentStatus(bool Offered, DateTimeOffset? LastExportedAtUtc, IReadOnlyList<string> Problems)
{
    public static readonly TissTreatmentStatus Hidden = new(false, null, []);
}

/// <summary>
/// The treatment page's TISS block (issue 11, TISS export). Read-only. Anyone who is not the treatment's clinic, or a
/// treatment not validated, gets <see cref="TissTreatmentStatus.Hidden"/> (nothing to show, nothing revealed).
/// </summary>
public sealed class GetTreatmentTissStatusHandler(IDbContextFactory<AppDbContext> dbFactory, IOptionsMonitor<OperatorOptions> operatorOptions, AccessCheck access)
{
    public async Task<Result<TissTreatmentStatus>> HandleAsync(GetTreatmentTissStatusQuery query, Actor? actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var treatment = await db.Treatments.AsNoTracking().FirstOrDefaultAsync(t => t.Id == query.TreatmentId, ct);
        if (treatment is null || !treatment.IsClosed || !(await access.ForTreatmentAsync(db, actor, treatment, ct)).IsClinic)
            return Result<TissTreatmentStatus>.Ok(TissTreatmentStatus.Hidden);
        var candidate = (await TissGuideData.CandidatesAsync(db, db.Treatments.Where(t => t.Id == treatment.Id), operatorOptions.CurrentValue.AnsRegistration, ct)).Single();
        return Result<TissTreatmentStatus>.Ok(new TissTreatmentStatus(true, candidate.LastExportedAtUtc, candidate.Problems));
    }
}
