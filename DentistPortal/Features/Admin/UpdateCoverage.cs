using DentistPortal.Domain.Audit;
using DentistPortal.Domain.Plans;
using DentistPortal.Features.Common;
using DentistPortal.Infrastructure.Data;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Features.Admin;

/// <summary>How a plan covers one procedure; <see cref="Covered"/> false removes the coverage (AR-1 then denies it).</summary>
public sealed record UpdateCoverageCommand(int PlanId, string? TussCode, bool Covered, int WaitingPeriodDays, int? FrequencyMaxCount, int? FrequencyMonths);

public sealed class UpdateCoverageValidator : AbstractValidator<UpdateCoverageCommand>
{
    public UpdateCoverageValidator()
    {
        RuleFor(c => c.TussCode).Must(c => !string.IsNullOrWhiteSpace(c)).WithMessage("Escolha o procedimento.");
        When(c => c.Covered, () =>
        {
            RuleFor(c => c.WaitingPeriodDays).InclusiveBetween(0, 730).WithMessage("Carência deve estar entre 0 e 730 dias.");
            RuleFor(c => c).Must(c => c.FrequencyMaxCount.HasValue == c.FrequencyMonths.HasValue)
                .WithMessage("Limite de frequência: informe a quantidade e o período em meses, ou deixe os dois em branco.");
            RuleFor(c => c.FrequencyMaxCount).InclusiveBetween(1, 99).When(c => c.FrequencyMaxCount.HasValue)
                .WithMessage("Limite de frequência: quantidade entre 1 e 99.");
            RuleFor(c => c.FrequencyMonths).InclusiveBetween(1, 120).When(c => c.FrequencyMonths.HasValue)
                .WithMessage("Limite de frequência: período entre 1 e 120 meses.");
        });
    }
}

/// <summary>
/// Back office: edits a plan's coverage of a procedure (covered or not, waiting period, frequency limit).
/// Submissions read the plan from the database, so the next AR-1 decision uses it at once.
/// </summary>
public sealed class UpdateCoverageHandler(IDbContextFactory<AppDbContext> dbFactory, IValidator<UpdateCoverageCommand> validator, TimeProvider time, AccessCheck access)
{
    public async Task<Result<CoverageRow>> HandleAsync(UpdateCoverageCommand command, Actor? actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await access.EnsureAdminAsync(db, actor, "cobertura de plano", ct)) return Result<CoverageRow>.Forbidden();

        var validation = await validator.ValidateAsync(command, ct);
        if (!validation.IsValid) return Result<CoverageRow>.Invalid(validation.Errors.Select(e => e.ErrorMessage).Distinct());

        var plan = await db.Plans.Include(p => p.Coverages).FirstOrDefaultAsync(p => p.Id == command.PlanId, ct);
        if (plan is null) return Result<CoverageRow>.NotFound("Plano não encontrado.");
        var procedure = await db.Procedures.AsNoTracking().FirstOrDefaultAsync(p => p.TussCode == command.TussCode, ct);
        if (procedure is null) return Result<CoverageRow>.NotFound("Procedimento não encontrado no catálogo.");

        var coverage = plan.CoverageFor(procedure.TussCode);
        if (!command.Covered)
        {
            if (coverage is not null) db.PlanCoverages.Remove(coverage);
        }
        else
        {
            if (coverage is null)
            {
                coverage = new PlanCoverage { PlanId = plan.Id, TussCode = procedure.TussCode };
                plan.Coverages.Add(coverage);
            }
            coverage.WaitingPeriodDays = command.WaitingPeriodDays;
            coverage.FrequencyMaxCount = command.FrequencyMaxCount;
            coverage.FrequencyMonths = command.FrequencyMonths;
        }

        var row = command.Covered
            ? new CoverageRow(procedure.TussCode, procedure.Description, procedure.IsActive, true, command.WaitingPeriodDays, command.FrequencyMaxCount, command.FrequencyMonths, coverage!.Price)
            : new CoverageRow(procedure.TussCode, procedure.Description, procedure.IsActive, false, 0, null, null);
        // The same coverage saved again (a double click) changes nothing and writes no second audit line (issue 9 §3).
        if (!db.ChangeTracker.HasChanges()) return Result<CoverageRow>.Ok(row);
        Audit.Record(db, time, actor!, AuditActions.PlanCoverageUpdated, "ok", "Plan", AdminAccess.Id(plan.Id),
            $"{plan.Name}; {procedure.TussCode}: {row.Describe()}");
        await db.SaveChangesAsync(ct);
        return Result<CoverageRow>.Ok(row);
    }
}
