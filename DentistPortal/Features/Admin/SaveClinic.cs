using DentistPortal.Domain.Audit;
using DentistPortal.Domain.Clinics;
using DentistPortal.Domain.Common;
using DentistPortal.Features.Common;
using DentistPortal.Infrastructure.Data;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Features.Admin;

/// <summary>
/// Creates a clinic (<see cref="Id"/> null) or edits one. <see cref="CodeAtOperator"/>: the clinic's code at the operator
/// (TISS <c>codigoPrestadorNaOperadora</c>, 1–14 letters or digits); blank = none, the TISS header then names the clinic by
/// its CNPJ (issue 11).
/// </summary>
public sealed record SaveClinicCommand(int? Id, string? Name, string? Cnpj, string? Cnes, string? City, string? Uf, string? Address,
    string? CodeAtOperator = null);

public sealed class SaveClinicValidator : AbstractValidator<SaveClinicCommand>
{
    public SaveClinicValidator()
    {
        RuleFor(c => c.Name).Cascade(CascadeMode.Stop).Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage("Informe o nome da clínica.")
            .MaximumLength(200).WithMessage("Nome da clínica muito longo (máximo 200 caracteres).");
        RuleFor(c => c.Cnpj).Cascade(CascadeMode.Stop).Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage("Informe o CNPJ.")
            .Must(Cnpj.IsValid).WithMessage("CNPJ inválido: confira os 14 dígitos.");
        RuleFor(c => c.Cnes).Cascade(CascadeMode.Stop).Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage("Informe o CNES (7 dígitos).")
            .Must(n => NormalizeCnes(n) is not null).WithMessage("CNES inválido: são 7 dígitos.");
        RuleFor(c => c.City).Cascade(CascadeMode.Stop).Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage("Informe a cidade.")
            .MaximumLength(100).WithMessage("Nome da cidade muito longo (máximo 100 caracteres).");
        RuleFor(c => c.Uf).Must(CroRegistration.IsValidUf).WithMessage("UF inválida: use a sigla do estado (por exemplo SP).");
        RuleFor(c => c.Address).MaximumLength(300).WithMessage("Endereço muito longo (máximo 300 caracteres).");
        RuleFor(c => c.CodeAtOperator).Must(c => string.IsNullOrWhiteSpace(c) || Clinic.IsValidCodeAtOperator(c.Trim()))
            .WithMessage("Código na operadora inválido: de 1 a 14 letras ou números, sem espaços nem símbolos.");
    }

    /// <summary>The code at the operator as stored: trimmed, null when blank.</summary>
    public static string? NormalizeCodeAtOperator(string? input) => string.IsNullOrWhiteSpace(input) ? null : input.Trim();

    /// <summary>The 7 digits of a CNES typed with or without spaces, dots or dashes; null when it is not 7 digits.</summary>
    public static string? NormalizeCnes(string? input) => Digits.StripFormatting(input) is { Length: 7 } d ? d : null;
}

/// <summary>
/// Back office: registers or edits a credentialed clinic. CNPJ check digits validated and unique. Idempotent (issue 9 §3):
/// saving the same data again (a double click) answers the same clinic and writes no second audit line.
/// </summary>
public sealed class SaveClinicHandler(IDbContextFactory<AppDbContext> dbFactory, IValidator<SaveClinicCommand> validator, TimeProvider time, AccessCheck access)
{
    public async Task<Result<int>> HandleAsync(SaveClinicCommand command, Actor? actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await access.EnsureAdminAsync(db, actor, "cadastro de clínica", ct)) return Result<int>.Forbidden();

        var validation = await validator.ValidateAsync(command, ct);
        if (!validation.IsValid) return Result<int>.Invalid(validation.Errors.Select(e => e.ErrorMessage).Distinct());

        var cnpj = Cnpj.Normalize(command.Cnpj)!;
        if (await db.Clinics.AsNoTracking().FirstOrDefaultAsync(c => c.Cnpj == cnpj && c.Id != (command.Id ?? 0), ct) is { } same)
            return command.Id is null && IsSameAs(same, command) ? Result<int>.Ok(same.Id) : Taken(cnpj);

        Clinic clinic;
        if (command.Id is { } id)
        {
            var found = await db.Clinics.FirstOrDefaultAsync(c => c.Id == id, ct);
            if (found is null) return Result<int>.NotFound("Clínica não encontrada.");
            clinic = found;
        }
        else
        {
            clinic = new Clinic { Name = "", Cnpj = cnpj, City = "", Uf = "" };
            db.Clinics.Add(clinic);
        }
        clinic.Name = command.Name!.Trim();
        clinic.Cnpj = cnpj;
        clinic.Cnes = SaveClinicValidator.NormalizeCnes(command.Cnes);
        clinic.City = command.City!.Trim();
        clinic.Uf = command.Uf!.Trim().ToUpperInvariant();
        clinic.Address = string.IsNullOrWhiteSpace(command.Address) ? null : command.Address.Trim();
        clinic.CodeAtOperator = SaveClinicValidator.NormalizeCodeAtOperator(command.CodeAtOperator);

        var creating = command.Id is null;
        // Saved twice with the same data: the second save changes nothing and writes no second audit line (issue 9 §3).
        if (!creating && !db.ChangeTracker.HasChanges()) return Result<int>.Ok(clinic.Id);
        try
        {
            // The clinic and its audit line commit together (the id is known only after the first save).
            await using var tx = await db.Database.BeginSerializedTransactionAsync(ct);
            await db.SaveChangesAsync(ct);
            Audit.Record(db, time, actor!, creating ? AuditActions.ClinicCreated : AuditActions.ClinicUpdated, "ok", "Clinic", AdminAccess.Id(clinic.Id),
                $"{clinic.Name}; CNPJ {Cnpj.Format(clinic.Cnpj)}; CNES {clinic.Cnes}; código na operadora {clinic.CodeAtOperator ?? "—"}; {clinic.City}/{clinic.Uf}", clinic.Id);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The unique index caught a CNPJ registered at the same moment: the first of a double click, or someone else.
            await using var again = await dbFactory.CreateDbContextAsync(ct);
            var first = await again.Clinics.AsNoTracking().FirstOrDefaultAsync(c => c.Cnpj == cnpj, ct);
            return first is not null && creating && IsSameAs(first, command) ? Result<int>.Ok(first.Id) : Taken(cnpj);
        }
        return Result<int>.Ok(clinic.Id);
    }

    private static Result<int> Taken(string cnpj) => Result<int>.Invalid($"Já existe uma clínica com o CNPJ {Cnpj.Format(cnpj)}.");

    /// <summary>A "new" clinic identical to one already registered is the second click of the same creation.</summary>
    private static bool IsSameAs(Clinic c, SaveClinicCommand command) =>
        c.Name == command.Name!.Trim() && c.Cnes == SaveClinicValidator.NormalizeCnes(command.Cnes) && c.City == command.City!.Trim()
        && c.Uf == command.Uf!.Trim().ToUpperInvariant() && c.Address == (string.IsNullOrWhiteSpace(command.Address) ? null : command.Address.Trim())
        && c.CodeAtOperator == SaveClinicValidator.NormalizeCodeAtOperator(command.CodeAtOperator);
}
