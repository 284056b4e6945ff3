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
/// <param name="ForDentist">Only for a clinic's integration user (issue 11, API): the member dentist the treatment is opened for.</param>
public sealed record CreateTreatmentCommand(string? BeneficiaryReference, IReadOnlyList<TreatmentItemInput> Items, DentistReference? ForDentist = null);

/// <summary>A dentist named by CRO number and UF (issue 11, API).</summary>
public sealed record DentistReference(string? Cro, string? Uf);

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
        await using var tx = await db.Database.BeginSerializedTransactionAsync(ct);
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
        if (actor is null || who.CurrentClinicId is not { } clinicId) return Result<CreatedTreatment>.Forbidden();
        // A dentist opens his own treatments; the clinic's integration user (issue 11) opens one for a dentist it names.
        var forDentist = who.Holds(Roles.Dentist) ? null : command.ForDentist;
        if (!who.Holds(Roles.Dentist) && !(who.ActsAsIntegrationFor(clinicId) && forDentist is not null))
            return Result<CreatedTreatment>.Forbidden();

        var validation = await validator.ValidateAsync(command, ct);
        if (!validation.IsValid) return Result<CreatedTreatment>.Invalid(validation.Errors.Select(e => e.ErrorMessage).Distinct());

        var dentistUserId = actor.UserId;
        if (forDentist is not null)
        {
            if (await MemberDentistAsync(db, clinicId, forDentist, ct) is not { } named) return Result<CreatedTreatment>.Invalid(DentistNotMemberMessage);
            dentistUserId = named;
        }

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
            DentistUserId = dentistUserId,
            ClinicId = clinicId,
            CreatedAtUtc = now,
            // Unique placeholder within the column's 20 characters until the id gives the real number just below.
            Number = "~" + Guid.NewGuid().ToString("N")[..19],
            Items = [.. command.Items.Select(i => ToItem(i, procedures[i.TussCode!].Description))],
        };
        db.Treatments.Add(treatment);
        await db.SaveChangesAsync(ct);
        treatment.Number = Treatment.NumberFor(treatment.Id, now);
        Audit.Record(db, time, actor, AuditActions.TreatmentCreated, "ok", "Treatment", treatment.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"{treatment.Items.Count} procedimento(s)", clinicId);
        return Result<CreatedTreatment>.Ok(new CreatedTreatment(treatment.Id, treatment.Number));
    }

    public const string DentistNotMemberMessage = "Dentista não encontrado entre os dentistas ativos desta clínica (confira o CRO e a UF).";

    /// <summary>
    /// The user id of the dentist with this CRO/UF when he is an enabled dentist account and a dentist member of
    /// <paramref name="clinicId"/>; otherwise null (issue 11: the integration user acts only for its clinic's dentists).
    /// </summary>
    private static async Task<string?> MemberDentistAsync(AppDbContext db, int clinicId, DentistReference dentist, CancellationToken ct)
    {
        var cro = new string((dentist.Cro ?? "").Where(char.IsAsciiDigit).ToArray()).TrimStart('0');
        var uf = (dentist.Uf ?? "").Trim().ToUpperInvariant();
        if (cro.Length is 0 or > 10 || uf.Length != 2) return null;
        var candidates = await (
            from d in db.Dentists
            where d.CroUf == uf
            join m in db.ClinicMembers on d.UserId equals m.UserId
            where m.ClinicId == clinicId && m.Kind == Domain.Clinics.ClinicMemberKind.Dentist
            join u in db.Users on d.UserId equals u.Id
            where !u.IsDisabled && db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == Roles.Dentist))
            select new { d.UserId, d.CroNumber })
            .ToListAsync(ct);
        return candidates.FirstOrDefault(c => c.CroNumber.TrimStart('0') == cro)?.UserId;
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
