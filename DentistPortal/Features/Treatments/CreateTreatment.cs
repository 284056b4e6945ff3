using DentistPortal.Domain.Access;
using DentistPortal.Domain.Audit;
using DentistPortal.Domain.Dental;
using DentistPortal.Domain.Treatments;
using DentistPortal.Features.Beneficiaries;
using DentistPortal.Features.Common;
using DentistPortal.Infrastructure.Data;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Features.Treatments;

public sealed record TreatmentItemInput(string? TussCode, int? Tooth, string? Region, string? Faces, int Quantity = 1);

/// <param name="BeneficiaryReference">The lookup reference (issue 9 §2) of a beneficiary this dentist found at this clinic; never an id.</param>
public sealed record CreateTreatmentCommand(string? BeneficiaryReference, IReadOnlyList<TreatmentItemInput> Items);

public sealed record CreatedTreatment(int Id, string Number);

/// <summary>One procedure line: the catalogue says what it needs (tooth, faces, region); the same rule AR-1 applies.</summary>
public sealed class TreatmentItemInputValidator : AbstractValidator<TreatmentItemInput>
{
    public TreatmentItemInputValidator(ProcedureCatalog catalog)
    {
        RuleFor(i => i.TussCode).NotEmpty().WithMessage("Escolha o procedimento.");
        RuleFor(i => i.Quantity).InclusiveBetween(1, 99).WithMessage("Quantidade deve estar entre 1 e 99.");
        RuleFor(i => i).CustomAsync(async (item, ctx, ct) =>
        {
            if (string.IsNullOrEmpty(item.TussCode)) return;
            var procedures = await catalog.GetAsync(ct);
            if (!procedures.TryGetValue(item.TussCode, out var procedure) || !procedure.IsActive)
            {
                ctx.AddFailure(nameof(TreatmentItemInput.TussCode), "Procedimento fora do catálogo da operadora.");
                return;
            }
            var problem = AuthorizationPolicy.SiteProblem(procedure, CreateTreatmentHandler.ToItem(item, procedure.Description));
            if (problem is not null) ctx.AddFailure(problem);
        });
    }
}

public sealed class CreateTreatmentValidator : AbstractValidator<CreateTreatmentCommand>
{
    public CreateTreatmentValidator(IValidator<TreatmentItemInput> itemValidator)
    {
        RuleFor(c => c.BeneficiaryReference).NotEmpty().WithMessage("Escolha o beneficiário.");
        RuleFor(c => c.Items).NotEmpty().WithMessage("Adicione ao menos um procedimento.")
            .Must(i => i.Count <= 30).WithMessage("No máximo 30 procedimentos por tratamento.");
        RuleForEach(c => c.Items).SetValidator(itemValidator);
    }
}

/// <summary>A dentist opens a treatment (draft) for a beneficiary at the clinic he is working at.</summary>
public sealed class CreateTreatmentHandler(
    IDbContextFactory<AppDbContext> dbFactory,
    IValidator<CreateTreatmentCommand> validator,
    ProcedureCatalog catalog,
    TimeProvider time,
    AccessCheck access)
{
    public async Task<Result<CreatedTreatment>> HandleAsync(CreateTreatmentCommand command, Actor? actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var created = await AddDraftAsync(db, validator, catalog, time, access, command, actor, ct);
        if (!created.IsOk) return created;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return created;
    }

    /// <summary>
    /// Checks the actor (a dentist acting for a clinic he is a member of) and the items, then adds the draft with its
    /// number and audit line to <paramref name="db"/> (saved once to get the id; the caller commits).
    /// Shared with <see cref="CreateAndSubmitTreatmentHandler"/>, which submits it in the same transaction.
    /// </summary>
    internal static async Task<Result<CreatedTreatment>> AddDraftAsync(AppDbContext db, IValidator<CreateTreatmentCommand> validator, ProcedureCatalog catalog,
        TimeProvider time, AccessCheck access, CreateTreatmentCommand command, Actor? actor, CancellationToken ct)
    {
        var who = await access.ReadAsync(db, actor, ct);
        if (actor is null || !who.Holds(Roles.Dentist) || who.CurrentClinicId is not { } clinicId)
            return Result<CreatedTreatment>.Forbidden();

        var validation = await validator.ValidateAsync(command, ct);
        if (!validation.IsValid) return Result<CreatedTreatment>.Invalid(validation.Errors.Select(e => e.ErrorMessage).Distinct());

        // Only a beneficiary this dentist looked up at this clinic, within the grant's window (issue 9 §2).
        if (await LookupGrants.ResolveAsync(db, time, actor, clinicId, command.BeneficiaryReference, ct) is not { } beneficiaryId)
        {
            await db.SaveChangesAsync(ct);
            return Result<CreatedTreatment>.NotFound(LookupGrants.NotFoundMessage);
        }

        var procedures = await catalog.GetAsync(ct);
        var now = time.GetUtcNow();
        var treatment = new Treatment
        {
            BeneficiaryId = beneficiaryId,
            DentistUserId = actor.UserId,
            ClinicId = clinicId,
            CreatedAtUtc = now,
            Number = "pending-" + Guid.NewGuid().ToString("N"),
            Items = [.. command.Items.Select(i => ToItem(i, procedures[i.TussCode!].Description))],
        };
        db.Treatments.Add(treatment);
        await db.SaveChangesAsync(ct);
        treatment.Number = Treatment.NumberFor(treatment.Id, now);
        Audit.Record(db, time, actor, AuditActions.TreatmentCreated, "ok", "Treatment", treatment.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"{treatment.Items.Count} procedimento(s)", clinicId);
        return Result<CreatedTreatment>.Ok(new CreatedTreatment(treatment.Id, treatment.Number));
    }

    internal static TreatmentItem ToItem(TreatmentItemInput i, string description) => new()
    {
        TussCode = i.TussCode ?? "",
        Description = description,
        Tooth = i.Tooth,
        Region = string.IsNullOrWhiteSpace(i.Region) ? null : i.Region.Trim().ToUpperInvariant(),
        Faces = string.IsNullOrWhiteSpace(i.Faces) ? null : Fdi.NormalizeFaces(i.Faces) ?? i.Faces,
        Quantity = i.Quantity,
    };
}
