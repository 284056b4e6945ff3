using DentistPortal.Domain.Audit;
using DentistPortal.Domain.Treatments;
using DentistPortal.Features.Common;
using DentistPortal.Infrastructure.Data;
using DentistPortal.Infrastructure.Messaging;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Features.Treatments;

public sealed record SubmitForAuthorizationCommand(int TreatmentId);

public sealed record ItemDecision(string TussCode, string Description, ItemAuthorization Authorization, string? Reason);

/// <summary>AR-1 on every procedure of a draft: authorized, denied with a reason, or sent to the auditor.</summary>
public sealed class SubmitForAuthorizationHandler(
    IDbContextFactory<AppDbContext> dbFactory,
    ProcedureCatalog catalog,
    ITreatmentEvents events,
    TimeProvider time,
    AccessCheck access)
{
    public async Task<Result<IReadOnlyList<ItemDecision>>> HandleAsync(SubmitForAuthorizationCommand command, Actor? actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var treatment = await db.Treatments.Include(t => t.Items).FirstOrDefaultAsync(t => t.Id == command.TreatmentId, ct);
        if (treatment is null) return Result<IReadOnlyList<ItemDecision>>.NotFound("Tratamento não encontrado.");
        if (!(await access.ForTreatmentAsync(db, actor, treatment, ct)).CanSubmit) return Result<IReadOnlyList<ItemDecision>>.Forbidden();
        if (treatment.Status != TreatmentStatus.Draft) return Result<IReadOnlyList<ItemDecision>>.Invalid("Este tratamento já foi enviado para autorização.");

        await DecideAsync(db, treatment, catalog, actor!, time, ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Result<IReadOnlyList<ItemDecision>>.Invalid("Este tratamento já foi enviado para autorização.");
        }
        events.Publish(new TreatmentChanged(treatment.Id, "authorization"));
        return Result<IReadOnlyList<ItemDecision>>.Ok([.. treatment.Items.Select(i => new ItemDecision(i.TussCode, i.Description, i.Authorization, i.Reason))]);
    }

    /// <summary>
    /// AR-1 on every item of a loaded draft, with the beneficiary's plan and prior authorized uses (frequency limits),
    /// plus its audit line; staged on <paramref name="db"/>, not saved. Shared with <see cref="CreateAndSubmitTreatmentHandler"/>.
    /// </summary>
    internal static async Task DecideAsync(AppDbContext db, Treatment treatment, ProcedureCatalog catalog, Actor actor, TimeProvider time, CancellationToken ct)
    {
        var beneficiary = await db.Beneficiaries.AsNoTracking().SingleAsync(b => b.Id == treatment.BeneficiaryId, ct);
        var plan = await db.Plans.AsNoTracking().Include(p => p.Coverages).SingleAsync(p => p.Id == beneficiary.PlanId, ct);
        var now = time.GetUtcNow();
        var since = now.AddMonths(-24);
        var priorUses = await (
            from i in db.TreatmentItems
            join t in db.Treatments on i.TreatmentId equals t.Id
            where t.BeneficiaryId == beneficiary.Id && t.Id != treatment.Id && i.Authorization == ItemAuthorization.Authorized
            select new { i.TussCode, t.SubmittedAtUtc, i.Quantity })
            .ToListAsync(ct);
        var uses = priorUses.Where(u => u.SubmittedAtUtc is { } at && at > since)
            .Select(u => new PriorUse(u.TussCode, u.SubmittedAtUtc!.Value, u.Quantity)).ToList();

        treatment.Submit(beneficiary, plan, await catalog.GetAsync(ct), uses, now);
        var authorized = treatment.Items.Count(i => i.Authorization == ItemAuthorization.Authorized);
        Audit.Record(db, time, actor, AuditActions.TreatmentSubmitted, "ok", "Treatment", treatment.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"{authorized} autorizado(s), {treatment.Items.Count(i => i.Authorization == ItemAuthorization.Denied)} negado(s), {treatment.Items.Count(i => i.Authorization == ItemAuthorization.UnderReview)} em análise", treatment.ClinicId);
    }
}
