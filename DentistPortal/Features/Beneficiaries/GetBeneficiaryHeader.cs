using DentistPortal.Features.Common;
using DentistPortal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Features.Beneficiaries;

public sealed record BeneficiaryHeader(int Id, string FullName, string CardNumber, string PlanName, bool IsActive, string ContactsText);

/// <summary>Who a new treatment is for (clinic users working at their clinic only).</summary>
public sealed class GetBeneficiaryHeaderHandler(IDbContextFactory<AppDbContext> dbFactory, TimeProvider time, AccessCheck access)
{
    public async Task<Result<BeneficiaryHeader>> HandleAsync(int beneficiaryId, Actor? actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if ((await access.ReadAsync(db, actor, ct)).CurrentClinicId is null) return Result<BeneficiaryHeader>.Forbidden();
        var b = await db.Beneficiaries.AsNoTracking().Include(x => x.Holder).FirstOrDefaultAsync(x => x.Id == beneficiaryId, ct);
        if (b is null) return Result<BeneficiaryHeader>.NotFound("Beneficiário não encontrado.");
        var plan = await db.Plans.Where(p => p.Id == b.PlanId).Select(p => p.Name).SingleAsync(ct);
        var summary = BeneficiarySummary.From(b, plan, Domain.Common.BrazilTime.Today(time.GetUtcNow()));
        return Result<BeneficiaryHeader>.Ok(new BeneficiaryHeader(b.Id, b.FullName, summary.CardNumber, plan, b.IsActive, summary.ContactsText));
    }
}
