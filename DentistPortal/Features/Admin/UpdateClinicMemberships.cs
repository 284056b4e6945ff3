using DentistPortal.Domain.Access;
using DentistPortal.Domain.Audit;
using DentistPortal.Features.Common;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Features.Admin;

/// <summary>The clinics a dentist or receptionist works at, replacing the current list.</summary>
public sealed record UpdateClinicMembershipsCommand(string? UserId, IReadOnlyList<int> ClinicIds);

public sealed class UpdateClinicMembershipsValidator : AbstractValidator<UpdateClinicMembershipsCommand>
{
    public UpdateClinicMembershipsValidator()
    {
        RuleFor(c => c.UserId).Must(id => !string.IsNullOrWhiteSpace(id)).WithMessage("Escolha a conta.");
        RuleFor(c => c.ClinicIds).Must(ids => ids is { Count: > 0 }).WithMessage("Escolha ao menos uma clínica.");
    }
}

/// <summary>
/// Back office: sets the clinics of a dentist or receptionist. Removing a clinic takes effect on the next
/// request (AccessCheck re-reads memberships every time). Only active clinics can be added.
/// </summary>
public sealed class UpdateClinicMembershipsHandler(IServiceScopeFactory scopes, IValidator<UpdateClinicMembershipsCommand> validator, TimeProvider time, AccessCheck access)
{
    public async Task<Result<IReadOnlyList<int>>> HandleAsync(UpdateClinicMembershipsCommand command, Actor? actor, CancellationToken ct = default)
    {
        await using var work = new AccountWork(scopes);
        var db = work.Db;
        if (!await access.EnsureAdminAsync(db, actor, "clínicas de uma conta", ct)) return Result<IReadOnlyList<int>>.Forbidden();

        var validation = await validator.ValidateAsync(command, ct);
        if (!validation.IsValid) return Result<IReadOnlyList<int>>.Invalid(validation.Errors.Select(e => e.ErrorMessage).Distinct());

        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == command.UserId, ct);
        // An API credential's integration user is no person's account: it never gets a password or other clinics (issue 11).
        if (user is null || await db.ApiCredentials.AnyAsync(c => c.IntegrationUserId == user.Id, ct)) return Result<IReadOnlyList<int>>.NotFound("Conta não encontrada.");
        var role = await work.RoleOfAsync(user.Id, ct);
        if (role is null || !Roles.IsClinicRole(role))
            return Result<IReadOnlyList<int>>.Invalid("Só dentistas e recepcionistas trabalham em clínicas.");

        var wanted = command.ClinicIds.Distinct().ToList();
        var current = await db.ClinicMembers.Where(m => m.UserId == user.Id).ToListAsync(ct);
        if (!await work.ClinicsUsableAsync(wanted, [.. current.Select(m => m.ClinicId)], ct))
            return Result<IReadOnlyList<int>>.Invalid("Escolha clínicas ativas da rede.");

        var removed = current.Where(m => !wanted.Contains(m.ClinicId)).ToList();
        var addedIds = wanted.Where(id => current.All(m => m.ClinicId != id)).ToList();
        if (removed.Count == 0 && addedIds.Count == 0) return Result<IReadOnlyList<int>>.Ok(wanted);

        db.ClinicMembers.RemoveRange(removed);
        foreach (var id in addedIds)
            db.ClinicMembers.Add(new Domain.Clinics.ClinicMember { UserId = user.Id, ClinicId = id, Kind = AccountWork.KindFor(role) });
        Audit.Record(db, time, actor!, AuditActions.MembershipsUpdated, "ok", "User", user.Id,
            $"{user.FullName}; incluídas: {(addedIds.Count == 0 ? "nenhuma" : string.Join(", ", addedIds))}; removidas: {(removed.Count == 0 ? "nenhuma" : string.Join(", ", removed.Select(m => m.ClinicId)))}");
        await db.SaveChangesAsync(ct);
        return Result<IReadOnlyList<int>>.Ok(wanted);
    }
}
