using DentistPortal.Domain.Audit;
using DentistPortal.Domain.Plans;
using DentistPortal.Features.Common;
using DentistPortal.Infrastructure.Data;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Features.Admin;

/// <summary>
/// The plan's price for one covered procedure, as typed in pt-BR ("150,00", "1.234,56", "R$ 80,00"); blank removes the
/// price ("sem preço": the guide cannot be billed until it is set). Issue 11 ("valorProc": the plan's price table).
/// </summary>
public sealed record UpdateCoveragePriceCommand(int PlanId, string? TussCode, string? Price);

public sealed class UpdateCoveragePriceValidator : AbstractValidator<UpdateCoveragePriceCommand>
{
    public UpdateCoveragePriceValidator()
    {
        RuleFor(c => c.TussCode).Must(c => !string.IsNullOrWhiteSpace(c)).WithMessage("Escolha o procedimento.");
        RuleFor(c => c.Price).Custom((text, context) =>
        {
            if (string.IsNullOrWhiteSpace(text)) return; // "sem preço"
            if (!PlanPrice.TryParse(text, out var price))
                context.AddFailure("Preço inválido: digite o valor em reais, por exemplo 150,00 ou 1.234,56.");
            else if (price <= 0)
                context.AddFailure("O preço deve ser maior que zero (deixe em branco para ficar sem preço).");
            else if (price >= PlanPrice.Limit)
                context.AddFailure("O preço deve ser menor que R$ 1.000.000,00.");
            else if (!PlanPrice.HasAtMostTwoDecimals(price))
                context.AddFailure("O preço tem no máximo 2 casas decimais (centavos).");
        });
    }
}

/// <summary>
/// Back office: sets or clears a plan's price for a procedure it covers (TISS <c>valorProc</c> = quantity × this price).
/// Admin only; audited with the old and new price; the same price saved twice changes nothing and writes one audit line.
/// Answers the row as the price table shows it.
/// </summary>
public sealed class UpdateCoveragePriceHandler(IDbContextFactory<AppDbContext> dbFactory, IValidator<UpdateCoveragePriceCommand> validator, TimeProvider time, AccessCheck access)
{
    public async Task<Result<CoverageRow>> HandleAsync(UpdateCoveragePriceCommand command, Actor? actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await access.EnsureAdminAsync(db, actor, "tabela de preços do plano", ct)) return Result<CoverageRow>.Forbidden();

        var validation = await validator.ValidateAsync(command, ct);
        if (!validation.IsValid) return Result<CoverageRow>.Invalid(validation.Errors.Select(e => e.ErrorMessage).Distinct());
        decimal? price = PlanPrice.TryParse(command.Price, out var parsed) ? parsed : null;

        var plan = await db.Plans.Include(p => p.Coverages).FirstOrDefaultAsync(p => p.Id == command.PlanId, ct);
        if (plan is null) return Result<CoverageRow>.NotFound("Plano não encontrado.");
        var procedure = await db.Procedures.AsNoTracking().FirstOrDefaultAsync(p => p.TussCode == command.TussCode, ct);
        if (procedure is null) return Result<CoverageRow>.NotFound("Procedimento não encontrado no catálogo.");
        var coverage = plan.CoverageFor(procedure.TussCode);
        if (coverage is null)
            return Result<CoverageRow>.Invalid($"O plano {plan.Name} não cobre {procedure.TussCode}: cubra o procedimento antes de dar um preço.");

        var before = coverage.Price;
        var row = new CoverageRow(procedure.TussCode, procedure.Description, procedure.IsActive, true,
            coverage.WaitingPeriodDays, coverage.FrequencyMaxCount, coverage.FrequencyMonths, price);
        // The same price saved again (a double click) changes nothing and writes no second audit line (issue 9 §3).
        if (!coverage.SetPrice(price)) return Result<CoverageRow>.Ok(row);
        Audit.Record(db, time, actor!, AuditActions.PlanPriceUpdated, "ok", "Plan", AdminAccess.Id(plan.Id),
            $"{plan.Name}; {procedure.TussCode}: {CoverageRow.DescribePrice(coverage.Price)} (antes {CoverageRow.DescribePrice(before)})");
        await db.SaveChangesAsync(ct);
        return Result<CoverageRow>.Ok(row);
    }
}
