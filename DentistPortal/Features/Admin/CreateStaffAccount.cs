using DentistPortal.Domain.Access;
using DentistPortal.Domain.Audit;
using DentistPortal.Domain.Clinics;
using DentistPortal.Domain.Common;
using DentistPortal.Features.Common;
using DentistPortal.Infrastructure.Data;
using DentistPortal.Infrastructure.Identity;
using FluentValidation;

namespace DentistPortal.Features.Admin;

/// <summary>
/// A back-office or clinic account that is not a dentist: receptionist (with the clinic), call-centre agent
/// or auditor. <see cref="Password"/> empty: a temporary password is generated and shown once.
/// </summary>
public sealed record CreateStaffAccountCommand(string? FullName, string? Email, string? Role, int? ClinicId, string? Password = null);

public sealed class CreateStaffAccountValidator : AbstractValidator<CreateStaffAccountCommand>
{
    public static readonly IReadOnlyList<string> AllowedRoles = [Roles.ClinicStaff, Roles.CallCenterAgent, Roles.Auditor];

    public CreateStaffAccountValidator()
    {
        RuleFor(c => c.FullName).Cascade(CascadeMode.Stop).Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage("Informe o nome completo.")
            .MaximumLength(200).WithMessage("Nome muito longo (máximo 200 caracteres).");
        RuleFor(c => c.Email).Cascade(CascadeMode.Stop).Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage("Informe o e-mail (será o login).")
            .Must(EmailAddress.IsValid).WithMessage("E-mail inválido: confira o endereço (por exemplo nome@clinica.com.br).");
        RuleFor(c => c.Role).Must(r => r is not null && AllowedRoles.Contains(r))
            .WithMessage("Escolha o perfil: recepção da clínica, central de atendimento ou auditoria odontológica.");
        RuleFor(c => c.ClinicId).NotNull().When(c => c.Role == Roles.ClinicStaff).WithMessage("Escolha a clínica da recepção.");
        RuleFor(c => c.Password).MaximumLength(100).WithMessage("Senha muito longa (máximo 100 caracteres).");
        // Identity hashes the password as strict UTF-8: half of an emoji would throw (issue 10, found by the fuzz).
        RuleFor(c => c.Password).Must(p => p is null || Domain.Common.TextFolding.WellFormed(p) == p)
            .WithMessage("A senha contém caracteres inválidos.");
    }
}

/// <summary>Back office: creates a receptionist, call-centre or auditor login (e-mail confirmed), audited.</summary>
public sealed class CreateStaffAccountHandler(IServiceScopeFactory scopes, IValidator<CreateStaffAccountCommand> validator, TimeProvider time, AccessCheck access, CredentialReceipts receipts)
{
    /// <summary>The audit action, also the credential receipt's action name (<see cref="AuditActions.AccountCreated"/>).</summary>
    public const string Action = AuditActions.AccountCreated;

    public async Task<Result<AccountCredentials>> HandleAsync(CreateStaffAccountCommand command, Actor? actor, CancellationToken ct = default)
    {
        await using var work = new AccountWork(scopes);
        var db = work.Db;
        if (!await access.EnsureAdminAsync(db, actor, "cadastro de conta", ct)) return Result<AccountCredentials>.Forbidden();

        var validation = await validator.ValidateAsync(command, ct);
        if (!validation.IsValid) return Result<AccountCredentials>.Invalid(validation.Errors.Select(e => e.ErrorMessage).Distinct());

        var email = EmailAddress.Normalize(command.Email)!;
        var role = command.Role!;
        int? clinicId = role == Roles.ClinicStaff ? command.ClinicId : null;

        // One write transaction from here: a double click waits for the first, then finds its receipt (issue 9 §3).
        await using var tx = await db.Database.BeginSerializedTransactionAsync(ct);
        if (await receipts.FindAsync(db, actor!.UserId, Action, email, ct) is { } first) return Result<AccountCredentials>.Ok(first);

        var errors = new List<string>();
        if (await work.Users.FindByEmailAsync(email) is not null) errors.Add("Já existe uma conta com este e-mail.");
        if (clinicId is { } c && !await work.ClinicsUsableAsync([c], [], ct)) errors.Add("Escolha uma clínica ativa da rede.");
        if (errors.Count > 0) return Result<AccountCredentials>.Invalid(errors);

        var generated = string.IsNullOrEmpty(command.Password);
        var password = generated ? TemporaryPassword.Generate() : command.Password!;
        var fullName = command.FullName!.Trim();

        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, FullName = fullName, LockoutEnabled = true };
        user.RequirePasswordChange(); // set by the admin: the person chooses their own at the first login (issue 10, Accounts)
        var created = await work.Users.CreateAsync(user, password);
        if (!created.Succeeded) return Result<AccountCredentials>.Invalid(AccountWork.Describe(created));
        var added = await work.Users.AddToRoleAsync(user, role);
        if (!added.Succeeded) return Result<AccountCredentials>.Invalid(AccountWork.Describe(added));
        if (clinicId is { } clinic)
            db.ClinicMembers.Add(new ClinicMember { UserId = user.Id, ClinicId = clinic, Kind = ClinicMemberKind.Staff });
        Audit.Record(db, time, actor, AuditActions.AccountCreated, "ok", "User", user.Id,
            $"{fullName}; perfil {Roles.DisplayName(role)}{(clinicId is { } id ? $"; clínica {id}" : "")}; senha {(generated ? "temporária gerada" : "definida pelo administrador")}",
            clinicId);
        var answer = new AccountCredentials(user.Id, email, fullName, generated ? password : null);
        await receipts.AddAsync(db, actor.UserId, Action, email, answer, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Result<AccountCredentials>.Ok(answer);
    }
}
