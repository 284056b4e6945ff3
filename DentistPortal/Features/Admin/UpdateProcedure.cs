using DentistPortal.Domain.Audit;
using DentistPortal.Features.Common;
using DentistPortal.Features.Treatments;
using DentistPortal.Infrastructure.Data;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Features.Admin;

/// <summary>What can change in a catalogue item: never its TUSS code (the key every treatment refers to).</summary>
public sealed record UpdateProcedureCommand(string? TussCode, string? Description, bool NeedsReview, bool IsActive);

public sealed class UpdateProcedureValidator : AbstractValidator<UpdateProcedureCommand>
{
    public UpdateProcedureValidator()
    {
        RuleFor(c => c.TussCode).Must(c => !string.IsNullOrWhiteSpace(c)).WithMessage("Escolha o procedimento.");
        RuleFor(c => c.Description).Cascade(CascadeMode.Stop).Must(d => !string.IsNullOrWhiteSpace(d)).WithMessage("Informe a descrição do procedimento.")
            .MaximumLength(300).WithMessage("Descrição muito longa (máximo 300 caracteres).");
    }
}

/// <summary>
/// Back office: edits a procedure's description, whether it goes to the auditor (NeedsReview) and whether it is
/// offered at all (IsActive). The chair-side catalogue cache is dropped so the next treatment sees the change.
/// </summary>
public sealed class UpdateProcedureHandler(
    IDbContextFactory<AppDbContext> dbFactory, IValidator<UpdateProcedureCommand> validator, ProcedureCatalog catalog, TimeProvider time,
    AccessCheck access)
{
    public async Task<Result<AdminProcedureRow>> HandleAsync(UpdateProcedureCommand command, Actor? actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await access.EnsureAdminAsync(db, actor, "catálogo de procedimentos", ct)) return Result<AdminProcedureRow>.Forbidden();

        var validation = await validator.ValidateAsync(command, ct);
        if (!validation.IsValid) return Result<AdminProcedureRow>.Invalid(validation.Errors.Select(e => e.ErrorMessage).Distinct());

        var p = await db.Procedures.FirstOrDefaultAsync(x => x.TussCode == command.TussCode, ct);
        if (p is null) return Result<AdminProcedureRow>.NotFound("Procedimento não encontrado no catálogo.");

        var changes = new List<string>();
        var description = command.Description!.Trim();
        if (p.Description != description) changes.Add($"descrição: \"{p.Description}\" → \"{description}\"");
        if (p.NeedsReview != command.NeedsReview) changes.Add(command.NeedsReview ? "passa pela auditoria" : "não passa mais pela auditoria");
        if (p.IsActive != command.IsActive) changes.Add(command.IsActive ? "ativado" : "desativado");
        p.Description = description;
        p.NeedsReview = command.NeedsReview;
        p.IsActive = command.IsActive;

        if (changes.Count > 0)
        {
            Audit.Record(db, time, actor!, AuditActions.ProcedureUpdated, "ok", "Procedure", p.TussCode, string.Join("; ", changes));
            await db.SaveChangesAsync(ct);
            catalog.Invalidate();
        }
        return Result<AdminProcedureRow>.Ok(new AdminProcedureRow(p.TussCode, p.Description, p.Site, p.RequiresFaces, p.FaceCount, p.NeedsReview, p.IsActive));
    }
}
