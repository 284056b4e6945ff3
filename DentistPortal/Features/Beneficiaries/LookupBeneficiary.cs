using DentistPortal.Domain.Audit;
using DentistPortal.Domain.Beneficiaries;
using DentistPortal.Features.Common;
using DentistPortal.Infrastructure.Data;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DentistPortal.Features.Beneficiaries;

public sealed record LookupBeneficiaryQuery(string? Term);

/// <summary>The same rule the form shows and the handler enforces.</summary>
public sealed class LookupBeneficiaryValidator : AbstractValidator<LookupBeneficiaryQuery>
{
    public LookupBeneficiaryValidator()
    {
        RuleFor(q => q.Term).Custom((term, ctx) =>
        {
            var (_, error) = BeneficiaryIdentifier.Parse(term);
            if (error is not null) ctx.AddFailure(nameof(LookupBeneficiaryQuery.Term), error);
        });
    }
}

/// <summary>
/// Beneficiary lookup for the clinic (dentist or receptionist working at a clinic): the family card,
/// with contacts masked. Every lookup is audited. Each member shown gets a <see cref="LookupGrant"/> for this user at
/// this clinic (issue 9 §2): <see cref="BeneficiarySummary.Reference"/> is what the new-treatment link carries.
/// </summary>
public sealed class LookupBeneficiaryHandler(
    IDbContextFactory<AppDbContext> dbFactory,
    IValidator<LookupBeneficiaryQuery> validator,
    IOptionsMonitor<LookupGrantPolicy> grantPolicy,
    TimeProvider time,
    AccessCheck access)
{
    public const string NotFoundMessage = "Nenhum beneficiário encontrado com este CPF ou carteirinha. Confira os dígitos ou peça a carteirinha ao paciente.";

    public async Task<Result<BeneficiaryCard>> HandleAsync(LookupBeneficiaryQuery query, Actor? actor, CancellationToken ct = default)
    {
        var validation = await validator.ValidateAsync(query, ct);
        if (!validation.IsValid) return Result<BeneficiaryCard>.Invalid(validation.Errors.Select(e => e.ErrorMessage));
        var (identifier, _) = BeneficiaryIdentifier.Parse(query.Term);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (actor is null || (await access.ReadAsync(db, actor, ct)).CurrentClinicId is not { } clinicId)
            return Result<BeneficiaryCard>.Forbidden();

        var found = identifier!.Kind == IdentifierKind.Cpf
            ? await db.Beneficiaries.AsNoTracking().FirstOrDefaultAsync(b => b.Cpf == identifier.Digits, ct)
            : await db.Beneficiaries.AsNoTracking().FirstOrDefaultAsync(b => b.CardNumber == identifier.Digits, ct);

        var how = identifier.Kind == IdentifierKind.Cpf ? "busca por CPF" : "busca por carteirinha";
        if (found is null)
        {
            Audit.Record(db, time, actor, AuditActions.BeneficiaryLookup, "not-found", detail: how, clinicId: clinicId);
            await db.SaveChangesAsync(ct);
            return Result<BeneficiaryCard>.NotFound(NotFoundMessage);
        }

        var holderId = found.HolderId ?? found.Id;
        var family = await db.Beneficiaries.AsNoTracking()
            .Where(b => b.Id == holderId || b.HolderId == holderId)
            .ToListAsync(ct);
        var holder = family.Single(b => b.Id == holderId);
        foreach (var d in family.Where(b => b.HolderId == holderId)) d.Holder = holder;
        var planIds = family.Select(b => b.PlanId).Distinct().ToList();
        var plans = await db.Plans.AsNoTracking().Where(p => planIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, ct);

        var now = time.GetUtcNow();
        var references = await LookupGrants.GrantAsync(db, actor, clinicId, family.Select(b => b.Id), now, grantPolicy.CurrentValue, ct);
        Audit.Record(db, time, actor, AuditActions.BeneficiaryLookup, "found", "Beneficiary", found.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"{how}; família exibida ({family.Count} pessoa(s))", clinicId);
        await db.SaveChangesAsync(ct);

        var today = Domain.Common.BrazilTime.Today(now);
        BeneficiarySummary View(Beneficiary b) => BeneficiarySummary.From(b, plans[b.PlanId], today) with { Reference = references[b.Id] };
        return Result<BeneficiaryCard>.Ok(new BeneficiaryCard(
            FoundId: found.Id,
            Holder: View(holder),
            Dependents: family.Where(b => b.HolderId == holderId).OrderBy(b => b.BirthDate).Select(View).ToList()));
    }
}
