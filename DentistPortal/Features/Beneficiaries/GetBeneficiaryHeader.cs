using DentistPortal.Domain.Audit;
using DentistPortal.Features.Common;
using DentistPortal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Features.Beneficiaries;

/// <summary>Who a new treatment is for, as the new-treatment page shows it (contacts masked).</summary>
public sealed record BeneficiaryHeader(string Reference, string FullName, string CardNumber, string PlanName, bool IsActive, string ContactsText, string? ContactWarning);

/// <summary>
/// Who a new treatment is for (clinic users working at their clinic only), reached only through this user's
/// lookup grant at this clinic (issue 9 §2): any other reference — a sequential id, someone else's, expired —
/// answers <see cref="LookupGrants.NotFoundMessage"/>. Every read is audited (<see cref="AuditActions.BeneficiaryRead"/>).
/// </summary>
public sealed class GetBeneficiaryHeaderHandler(IDbContextFactory<AppDbContext> dbFactory, TimeProvider time, AccessCheck access)
{
    public async Task<Result<BeneficiaryHeader>> HandleAsync(string? reference, Actor? actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (actor is null || (await access.ReadAsync(db, actor, ct)).CurrentClinicId is not { } clinicId) return Result<BeneficiaryHeader>.Forbidden();
        if (await LookupGrants.ResolveAsync(db, time, actor, clinicId, reference, ct) is not { } beneficiaryId)
        {
            await db.SaveChangesAsync(ct);
            return Result<BeneficiaryHeader>.NotFound(LookupGrants.NotFoundMessage);
        }
        var b = await db.Beneficiaries.AsNoTracking().Include(x => x.Holder).SingleAsync(x => x.Id == beneficiaryId, ct);
        var plan = await db.Plans.Where(p => p.Id == b.PlanId).Select(p => p.Name).SingleAsync(ct);
        var summary = BeneficiarySummary.From(b, plan, Domain.Common.BrazilTime.Today(time.GetUtcNow()));
        Audit.Record(db, time, actor, AuditActions.BeneficiaryRead, "ok", "Beneficiary", b.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "cabeçalho do novo tratamento", clinicId);
        await db.SaveChangesAsync(ct);
        return Result<BeneficiaryHeader>.Ok(new BeneficiaryHeader(reference!, b.FullName, summary.CardNumber, plan, b.IsActive, summary.ContactsText, summary.ContactWarning));
    }
}
