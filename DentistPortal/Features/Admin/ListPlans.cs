using DentistPortal.Features.Common;
using DentistPortal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Features.Admin;

/// <summary>
/// One catalogue procedure as a plan treats it (<see cref="Covered"/> false: the plan denies it, AR-1), with the plan's
/// <see cref="Price"/> in reais (null: "sem preço", issue 11).
/// </summary>
public sealed record CoverageRow(
    string TussCode, string Description, bool ProcedureActive, bool Covered, int WaitingPeriodDays, int? FrequencyMaxCount, int? FrequencyMonths,
    decimal? Price = null)
{
    /// <summary>"R$ 1.234,56" or "sem preço".</summary>
    public static string DescribePrice(decimal? price) => price is { } p ? Domain.Plans.PlanPrice.Format(p) : "sem preço";

    /// <summary>A covered procedure the guide cannot bill yet.</summary>
    public bool MissingPrice => Covered && Price is null;

    public string Describe()
    {
        if (!Covered) return "não coberto";
        var text = WaitingPeriodDays == 0 ? "sem carência" : $"carência de {WaitingPeriodDays} dias";
        return FrequencyMaxCount is { } max && FrequencyMonths is { } months ? $"{text}, até {max} a cada {months} meses" : text;
    }
}

public sealed record AdminPlanView(int Id, string Name, string AnsProductCode, int CoveredCount, IReadOnlyList<CoverageRow> Coverages)
{
    /// <summary>Covered procedures without a price (the "sem preço" count of the price table).</summary>
    public int MissingPriceCount => Coverages.Count(c => c.MissingPrice);
}

/// <summary>Back office: the plans with, for every catalogue procedure, whether and how each one covers it.</summary>
public sealed class ListPlansHandler(IDbContextFactory<AppDbContext> dbFactory, AccessCheck access)
{
    public async Task<Result<IReadOnlyList<AdminPlanView>>> HandleAsync(Actor? actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await access.EnsureAdminAsync(db, actor, "planos", ct)) return Result<IReadOnlyList<AdminPlanView>>.Forbidden();
        var procedures = await db.Procedures.AsNoTracking().OrderBy(p => p.TussCode).ToListAsync(ct);
        var plans = await db.Plans.AsNoTracking().Include(p => p.Coverages).OrderBy(p => p.Name).ToListAsync(ct);
        var views = plans.Select(plan =>
        {
            var rows = procedures.Select(p => plan.CoverageFor(p.TussCode) is { } c
                    ? new CoverageRow(p.TussCode, p.Description, p.IsActive, true, c.WaitingPeriodDays, c.FrequencyMaxCount, c.FrequencyMonths, c.Price)
                    : new CoverageRow(p.TussCode, p.Description, p.IsActive, false, 0, null, null))
                .ToList();
            return new AdminPlanView(plan.Id, plan.Name, plan.AnsProductCode, rows.Count(r => r.Covered), rows);
        }).ToList();
        return Result<IReadOnlyList<AdminPlanView>>.Ok(views);
    }
}
