using DentistPortal.Domain.Audit;
using DentistPortal.Domain.Tiss;
using DentistPortal.Features.Common;
using DentistPortal.Infrastructure.Data;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Features.Admin;

/// <summary>The CBO-S of a dentist (<see cref="UserId"/> of their account), one of <see cref="Cbos.Dental"/>.</summary>
public sealed record SetDentistCbosCommand(string? UserId, string? Cbos);

public sealed class SetDentistCbosValidator : AbstractValidator<SetDentistCbosCommand>
{
    public SetDentistCbosValidator()
    {
        RuleFor(c => c.UserId).Must(u => !string.IsNullOrWhiteSpace(u)).WithMessage("Escolha o dentista.");
        RuleFor(c => c.Cbos).Must(DentistCbosRules.IsAccepted).WithMessage(DentistCbosRules.Message);
    }
}

/// <summary>The CBO-S rule the dentist forms and handlers share.</summary>
public static class DentistCbosRules
{
    public const string Message = "CBO-S inválido: escolha uma das ocupações de cirurgião-dentista (2232xx) da tabela TISS.";

    public static bool IsAccepted(string? code) => Cbos.IsDental(code);
}

/// <summary>
/// Back office: changes a dentist's CBO-S, which the TISS guide's executing dentist carries (issue 11, "TISS export").
/// Admin only; audited with the old and new code; saving the same code again changes nothing and writes no audit line.
/// </summary>
public sealed class SetDentistCbosHandler(IDbContextFactory<AppDbContext> dbFactory, IValidator<SetDentistCbosCommand> validator, TimeProvider time, AccessCheck access)
{
    /// <summary>Answers the dentist's CBO-S after the change.</summary>
    public async Task<Result<CbosOccupation>> HandleAsync(SetDentistCbosCommand command, Actor? actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await access.EnsureAdminAsync(db, actor, "CBO-S do dentista", ct)) return Result<CbosOccupation>.Forbidden();

        var validation = await validator.ValidateAsync(command, ct);
        if (!validation.IsValid) return Result<CbosOccupation>.Invalid(validation.Errors.Select(e => e.ErrorMessage).Distinct());

        var dentist = await db.Dentists.FirstOrDefaultAsync(d => d.UserId == command.UserId, ct);
        if (dentist is null) return Result<CbosOccupation>.NotFound("Dentista não encontrado.");
        var before = dentist.Cbos;
        var occupation = Cbos.Find(command.Cbos)!;
        if (!dentist.ChangeCbos(occupation.Code)) return Result<CbosOccupation>.Ok(occupation);
        Audit.Record(db, time, actor!, AuditActions.DentistCbosUpdated, "ok", "User", dentist.UserId,
            $"{dentist.FullName}; {dentist.CroDisplay}; CBO-S {occupation.Code} (antes {before})");
        await db.SaveChangesAsync(ct);
        return Result<CbosOccupation>.Ok(occupation);
    }
}
