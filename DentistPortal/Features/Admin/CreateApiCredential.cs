using DentistPortal.Domain.Access;
using DentistPortal.Domain.Audit;
using DentistPortal.Domain.Clinics;
using DentistPortal.Features.Common;
using DentistPortal.Infrastructure.Data;
using DentistPortal.Infrastructure.Identity;
using DentistPortal.Infrastructure.Security;
using DentistPortal.Domain.Common;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Features.Admin;

/// <param name="Label">What the clinic calls this integration, e.g. "Sistema da recepção"; unique among the clinic's active keys.</param>
public sealed record CreateApiCredentialCommand(int? ClinicId, string? Label);

/// <summary>
/// The new key, shown once (issue 11): <see cref="FullKey"/> exists only in this answer; the database holds its hash.
/// </summary>
public sealed record CreatedApiCredential(int Id, string KeyId, string FullKey, string IntegrationUserName);

public sealed class CreateApiCredentialValidator : AbstractValidator<CreateApiCredentialCommand>
{
    public CreateApiCredentialValidator()
    {
        RuleFor(c => c.ClinicId).NotNull().WithMessage("Escolha a clínica.");
        RuleFor(c => c.Label).Cascade(CascadeMode.Stop)
            .Must(l => !string.IsNullOrWhiteSpace(l)).WithMessage("Dê um nome à chave (por exemplo, o sistema da clínica).")
            .Must(l => l!.Trim().Length <= ApiCredential.LabelMaxLength).WithMessage($"Nome muito longo (máximo {ApiCredential.LabelMaxLength} caracteres).")
            .Must(l => TextFolding.WellFormed(l!) == l && !l!.Any(char.IsControl)).WithMessage("O nome contém caracteres inválidos.");
    }
}

/// <summary>
/// Back office (Admin): creates an API credential for an active clinic with its integration user — an account of
/// role ClinicStaff, member of the clinic with kind <see cref="ClinicMemberKind.Integration"/>, with no password and an
/// unconfirmed <c>.invalid</c> address, so it can never sign in to pages. Audited; the key is never logged or audited.
/// A repeated click finds the label taken and creates nothing (the key cannot be shown twice).
/// </summary>
public sealed class CreateApiCredentialHandler(IServiceScopeFactory scopes, IValidator<CreateApiCredentialCommand> validator, TimeProvider time, AccessCheck access)
{
    public const string LabelTakenMessage = "Esta clínica já tem uma chave ativa com este nome. A chave só é mostrada uma vez: se ela se perdeu, revogue-a e crie outra.";

    public async Task<Result<CreatedApiCredential>> HandleAsync(CreateApiCredentialCommand command, Actor? actor, CancellationToken ct = default)
    {
        await using var work = new AccountWork(scopes);
        var db = work.Db;
        if (!await access.EnsureAdminAsync(db, actor, "chave de API", ct)) return Result<CreatedApiCredential>.Forbidden();

        var validation = await validator.ValidateAsync(command, ct);
        if (!validation.IsValid) return Result<CreatedApiCredential>.Invalid(validation.Errors.Select(e => e.ErrorMessage).Distinct());
        var clinicId = command.ClinicId!.Value;
        var label = command.Label!.Trim();

        await using var tx = await db.Database.BeginSerializedTransactionAsync(ct);
        if (!await db.Clinics.AnyAsync(c => c.Id == clinicId && c.IsActive, ct)) return Result<CreatedApiCredential>.Invalid("Escolha uma clínica ativa da rede.");
        if (await db.ApiCredentials.AnyAsync(c => c.ClinicId == clinicId && c.Label == label && c.RevokedAtUtc == null, ct))
            return Result<CreatedApiCredential>.Invalid(LabelTakenMessage);

        var (keyId, fullKey, hash) = ApiKeys.Generate();
        var name = ApiCredential.IntegrationUserName(label, keyId);
        var user = new ApplicationUser
        {
            UserName = "api-" + keyId,
            Email = $"api-{keyId}@integracao.invalid",
            EmailConfirmed = false,
            FullName = name,
            LockoutEnabled = true,
        };
        var created = await work.Users.CreateAsync(user);
        if (!created.Succeeded) return Result<CreatedApiCredential>.Invalid(AccountWork.Describe(created));
        var role = await work.Users.AddToRoleAsync(user, Roles.ClinicStaff);
        if (!role.Succeeded) return Result<CreatedApiCredential>.Invalid(AccountWork.Describe(role));
        db.ClinicMembers.Add(new ClinicMember { UserId = user.Id, ClinicId = clinicId, Kind = ClinicMemberKind.Integration });
        var credential = ApiCredential.Create(clinicId, label, keyId, hash, user.Id, time.GetUtcNow(), actor!.UserId, actor.Name);
        db.ApiCredentials.Add(credential);
        await db.SaveChangesAsync(ct);
        Audit.Record(db, time, actor, AuditActions.ApiCredentialCreated, "ok", "ApiCredential", AdminAccess.Id(credential.Id),
            $"{label}; chave {keyId}; usuário de integração {user.Id}", clinicId);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Result<CreatedApiCredential>.Ok(new CreatedApiCredential(credential.Id, keyId, fullKey, name));
    }
}
