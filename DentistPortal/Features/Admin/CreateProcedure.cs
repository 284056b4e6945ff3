using DentistPortal.Domain.Audit;
using DentistPortal.Domain.Procedures;
using DentistPortal.Features.Common;
using DentistPortal.Features.Treatments;
using DentistPortal.Infrastructure.Data;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Features.Admin;

/// <summary>A new catalogue item. The TUSS code (8 digits) is its key and never changes afterwards.</summary>
public sealed record CreateProcedureCommand(
    string? TussCode, string? Description, ProcedureSite Site, bool RequiresFaces, int FaceCount, bool NeedsReview);

public sealed class CreateProcedureValidator : AbstractValidator<CreateProcedureCommand>
{
    public CreateProcedureValidator()
    {
        RuleFor(c => c.TussCode).Must(c => c is { Length: 8 } && c.All(char.IsAsciiDigit))
            .WithMessage("O código TUSS tem 8 dígitos (por exemplo 81000030).");
        RuleFor(c => c.Description).Cascade(CascadeMode.Stop).Must(d => !string.IsNullOrWhiteSpace(d)).WithMessage("Informe a descrição do procedimento.")
            .MaximumLength(300).WithMessage("Descrição muito longa (máximo 300 caracteres).");
        RuleFor(c => c.Site).IsInEnum().WithMessage("Escolha onde o procedimento é feito.");
        RuleFor(c => c.RequiresFaces).Must((c, faces) => !faces || c.Site == ProcedureSite.Tooth)
            .WithMessage("Faces só se aplicam a procedimentos feitos por dente.");
        RuleFor(c => c.FaceCount).InclusiveBetween(0, 5).WithMessage("Número de faces entre 0 e 5.");
        RuleFor(c => c.FaceCount).Equal(0).When(c => !c.RequiresFaces).WithMessage("Informe o número de faces só quando o procedimento pede faces.");
    }
}

/// <summary>
/// Back office: adds a procedure to the catalogue (no plan covers it until the admin says so) and drops the
/// chair-side catalogue cache.
/// </summary>
public sealed class CreateProcedureHandler(
    IDbContextFactory<AppDbContext> dbFactory, IValidator<CreateProcedureCommand> validator, ProcedureCatalog catalog, TimeProvider time,
    AccessCheck access)
{
    public async Task<Result<AdminProcedureRow>> HandleAsync(CreateProcedureCommand command, Actor? actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await access.EnsureAdminAsync(db, actor, "catálogo de procedimentos", ct)) return Result<AdminProcedureRow>.Forbidden();

        var validation = await validator.ValidateAsync(command, ct);
        if (!validation.IsValid) return Result<AdminProcedureRow>.Invalid(validation.Errors.Select(e => e.ErrorMessage).Distinct());
        if (await db.Procedures.AsNoTracking().FirstOrDefaultAsync(p => p.TussCode == command.TussCode, ct) is { } existing)
        {
            // The same procedure created twice (a double click): the second answers the first (issue 9 §3).
            return IsSameAs(existing, command)
                ? Result<AdminProcedureRow>.Ok(new AdminProcedureRow(existing.TussCode, existing.Description, existing.Site, existing.RequiresFaces, existing.FaceCount, existing.NeedsReview, existing.IsActive))
                : Result<AdminProcedureRow>.Invalid($"Já existe um procedimento com o código TUSS {command.TussCode}.");
        }

        var p = new Procedure
        {
            TussCode = command.TussCode!,
            Description = command.Description!.Trim(),
            Site = command.Site,
            RequiresFaces = command.RequiresFaces,
            FaceCount = command.FaceCount,
            NeedsReview = command.NeedsReview,
            IsActive = true,
        };
        db.Procedures.Add(p);
        Audit.Record(db, time, actor!, AuditActions.ProcedureCreated, "ok", "Procedure", p.TussCode,
            $"{p.Description}; {ProcedureSites.Display(p.Site)}{(p.NeedsReview ? "; passa pela auditoria" : "")}");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            return Result<AdminProcedureRow>.Invalid($"Já existe um procedimento com o código TUSS {command.TussCode}.");
        }
        catalog.Invalidate();
        return Result<AdminProcedureRow>.Ok(new AdminProcedureRow(p.TussCode, p.Description, p.Site, p.RequiresFaces, p.FaceCount, p.NeedsReview, p.IsActive));
    }

    private static bool IsSameAs(Procedure p, CreateProcedureCommand c) =>
        p.Description == c.Description!.Trim() && p.Site == c.Site && p.RequiresFaces == c.RequiresFaces && p.FaceCount == c.FaceCount && p.NeedsReview == c.NeedsReview;
}
