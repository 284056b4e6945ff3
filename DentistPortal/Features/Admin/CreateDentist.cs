using DentistPortal.Domain.Access;
using DentistPortal.Domain.Audit;
using DentistPortal.Domain.Clinics;
using DentistPortal.Domain.Common;
using DentistPortal.Features.Common;
using DentistPortal.Infrastructure.Data;
using DentistPortal.Infrastructure.Identity;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Features.Admin;

/// <summary>
/// A new dentist account. <see cref="Password"/> empty: a temporary password is generated and shown once;
/// otherwise it must meet the password policy. <see cref="Cbos"/>: the dentist's CBO-S (null: 223208 clínico geral; issue 11).
/// </summary>
public sealed record CreateDentistCommand(
    string? FullName, string? Email, string? Cpf, string? CroNumber, string? CroUf, IReadOnlyList<int> ClinicIds, string? Password = null,
    string? Cbos = null);

public sealed class CreateDentistValidator : AbstractValidator<CreateDentistCommand>
{
    public CreateDentistValidator()
    {
        RuleFor(c => c.FullName).Cascade(CascadeMode.Stop).Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage("Informe o nome completo.")
            .MaximumLength(200).WithMessage("Nome muito longo (máximo 200 caracteres).");
        RuleFor(c => c.Email).Cascade(CascadeMode.Stop).Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage("Informe o e-mail (será o login).")
            .Must(EmailAddress.IsValid).WithMessage("E-mail inválido: confira o endereço (por exemplo nome@clinica.com.br).");
        RuleFor(c => c.Cpf).Cascade(CascadeMode.Stop).Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage("Informe o CPF.")
            .Must(Cpf.IsValid).WithMessage("CPF inválido: confira os dígitos digitados.");
        RuleFor(c => c.CroNumber).Cascade(CascadeMode.Stop).Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage("Informe o número do CRO.")
            .Must(CroRegistration.IsValidNumber).WithMessage("Número do CRO inválido: de 1 a 6 dígitos.");
        RuleFor(c => c.CroUf).Must(CroRegistration.IsValidUf).WithMessage("UF do CRO inválida: use a sigla do estado (por exemplo SP).");
        RuleFor(c => c.ClinicIds).Must(ids => ids is { Count: > 0 }).WithMessage("Escolha ao menos uma clínica.");
        RuleFor(c => c.Cbos).Must(c => c is null || DentistCbosRules.IsAccepted(c)).WithMessage(DentistCbosRules.Message);
        RuleFor(c => c.Password).MaximumLength(100).WithMessage("Senha muito longa (máximo 100 caracteres).");
        // Identity hashes the password as strict UTF-8: half of an emoji would throw (issue 10, found by the fuzz).
        RuleFor(c => c.Password).Must(p => p is null || Domain.Common.TextFolding.WellFormed(p) == p)
            .WithMessage("A senha contém caracteres inválidos.");
    }
}

/// <summary>
/// Back office: creates the dentist's login (role Dentist, e-mail confirmed), the professional record
/// (CPF, CRO/UF, both unique) and the clinic memberships, in one transaction, audited.
/// </summary>
public sealed class CreateDentistHandler(IServiceScopeFactory scopes, IValidator<CreateDentistCommand> validator, TimeProvider time, AccessCheck access, CredentialReceipts receipts)
{
    /// <summary>The audit action, also the credential receipt's action name (<see cref="AuditActions.DentistCreated"/>).</summary>
    public const string Action = AuditActions.DentistCreated;

    public async Task<Result<AccountCredentials>> HandleAsync(CreateDentistCommand command, Actor? actor, CancellationToken ct = default)
    {
        await using var work = new AccountWork(scopes);
        var db = work.Db;
        if (!await access.EnsureAdminAsync(db, actor, "cadastro de dentista", ct)) return Result<AccountCredentials>.Forbidden();

        var validation = await validator.ValidateAsync(command, ct);
        if (!validation.IsValid) return Result<AccountCredentials>.Invalid(validation.Errors.Select(e => e.ErrorMessage).Distinct());

        var email = EmailAddress.Normalize(command.Email)!;
        var cpf = Cpf.Normalize(command.Cpf)!;
        var cro = CroRegistration.TryCreate(command.CroNumber, command.CroUf)!;
        var clinicIds = command.ClinicIds.Distinct().ToList();

        // One write transaction from here: a double click waits for the first, then finds its receipt (issue 9 §3).
        await using var tx = await db.Database.BeginSerializedTransactionAsync(ct);
        if (await receipts.FindAsync(db, actor!.UserId, Action, email, ct) is { } first) return Result<AccountCredentials>.Ok(first);

        var errors = new List<string>();
        if (await work.Users.FindByEmailAsync(email) is not null) errors.Add("Já existe uma conta com este e-mail.");
        if (await db.Dentists.AnyAsync(d => d.CroUf == cro.Uf && d.CroNumber == cro.Number, ct)) errors.Add($"Já existe um dentista com o {cro}.");
        if (await db.Dentists.AnyAsync(d => d.Cpf == cpf, ct)) errors.Add("Já existe um dentista com este CPF.");
        if (!await work.ClinicsUsableAsync(clinicIds, [], ct)) errors.Add("Escolha clínicas ativas da rede.");
        if (errors.Count > 0) return Result<AccountCredentials>.Invalid(errors);

        var generated = string.IsNullOrEmpty(command.Password);
        var password = generated ? TemporaryPassword.Generate() : command.Password!;
        var fullName = command.FullName!.Trim();

        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, FullName = fullName, LockoutEnabled = true };
        user.RequirePasswordChange(); // set by the admin: the person chooses their own at the first login (issue 10, Accounts)
        var created = await work.Users.CreateAsync(user, password);
        if (!created.Succeeded) return Result<AccountCredentials>.Invalid(AccountWork.Describe(created));
        var role = await work.Users.AddToRoleAsync(user, Roles.Dentist);
        if (!role.Succeeded) return Result<AccountCredentials>.Invalid(AccountWork.Describe(role));

        db.Dentists.Add(new Dentist { UserId = user.Id, FullName = fullName, Cpf = cpf, CroNumber = cro.Number, CroUf = cro.Uf, Cbos = command.Cbos ?? Dentist.DefaultCbos });
        foreach (var clinicId in clinicIds)
            db.ClinicMembers.Add(new ClinicMember { UserId = user.Id, ClinicId = clinicId, Kind = ClinicMemberKind.Dentist });
        Audit.Record(db, time, actor, AuditActions.DentistCreated, "ok", "User", user.Id,
            $"{fullName}; {cro}; CBO-S {command.Cbos ?? Dentist.DefaultCbos}; clínicas {string.Join(", ", clinicIds)}; senha {(generated ? "temporária gerada" : "definida pelo administrador")}");
        var answer = new AccountCredentials(user.Id, email, fullName, generated ? password : null);
        await receipts.AddAsync(db, actor.UserId, Action, email, answer, ct);
        try
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException)
        {
            return Result<AccountCredentials>.Invalid($"Já existe um dentista com o {cro}.");
        }
        return Result<AccountCredentials>.Ok(answer);
    }
}
