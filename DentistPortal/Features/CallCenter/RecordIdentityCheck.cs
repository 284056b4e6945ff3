using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DentistPortal.Domain.Audit;
using DentistPortal.Domain.CallCenter;
using DentistPortal.Domain.Common;
using DentistPortal.Features.Common;
using DentistPortal.Infrastructure.Data;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Features.CallCenter;

/// <summary>The caller's answers as the agent typed them: birth date (dd/mm/aaaa) and the first 3 digits of the CPF.</summary>
public sealed record RecordIdentityCheckCommand(string? CallId, int BeneficiaryId, string? BirthDate, string? CpfStart);

public static class CallerAnswers
{
    public const string CallIdMessage = "Ligação inválida: clique em \"Nova ligação\".";
    public const string BirthDateEmptyMessage = "Informe a data de nascimento dita por quem ligou (dd/mm/aaaa).";
    public const string BirthDateInvalidMessage = "Data de nascimento inválida: use dd/mm/aaaa (ex.: 12/03/1985).";
    public const string CpfStartMessage = "Informe os 3 primeiros dígitos do CPF (só números).";

    private static readonly string[] DateFormats = ["dd/MM/yyyy", "d/M/yyyy", "ddMMyyyy", "dd-MM-yyyy", "dd.MM.yyyy", "yyyy-MM-dd"];

    public static DateOnly? ParseBirthDate(string? text) =>
        DateOnly.TryParseExact(text?.Trim(), DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    public static string? ParseCpfStart(string? text)
    {
        var t = text?.Trim();
        return t is { Length: 3 } && t.All(Digits.IsAsciiDigit) ? t : null;
    }
}

public sealed class RecordIdentityCheckValidator : AbstractValidator<RecordIdentityCheckCommand>
{
    public RecordIdentityCheckValidator()
    {
        RuleFor(c => c.CallId).Must(IdentityGate.IsValidCallId).WithMessage(CallerAnswers.CallIdMessage);
        RuleFor(c => c.BirthDate)
            .NotEmpty().WithMessage(CallerAnswers.BirthDateEmptyMessage)
            .Must(d => CallerAnswers.ParseBirthDate(d) is not null).WithMessage(CallerAnswers.BirthDateInvalidMessage)
            .When(c => !string.IsNullOrWhiteSpace(c.BirthDate), ApplyConditionTo.CurrentValidator);
        RuleFor(c => c.CpfStart).Must(c => CallerAnswers.ParseCpfStart(c) is not null).WithMessage(CallerAnswers.CpfStartMessage);
    }
}

/// <summary>
/// The agent records what the caller answered; the comparison happens here, on the server, against the register:
/// birth date and the first 3 digits of the CPF (a beneficiary without CPF — a minor — answers the holder's).
/// Only the outcome is kept (<see cref="IdentityCheck"/>: passed or not, what was asked, the call); the answers
/// themselves are neither stored, audited nor logged. A failed check blocks the call (see <see cref="IdentityGate"/>).
/// </summary>
public sealed class RecordIdentityCheckHandler(IDbContextFactory<AppDbContext> dbFactory, IValidator<RecordIdentityCheckCommand> validator, TimeProvider time, AccessCheck access)
{
    /// <summary>The audit action this handler records (<see cref="AuditActions.IdentityCheck"/>).</summary>
    public const string Action = AuditActions.IdentityCheck;
    public const string OwnCpfMethod = "data de nascimento + 3 primeiros dígitos do CPF";
    public const string HolderCpfMethod = "data de nascimento + 3 primeiros dígitos do CPF do titular";
    public const string NoCpfMessage = "Não há CPF cadastrado para este beneficiário nem para o titular: a identidade não pode ser confirmada pela Central. Oriente o beneficiário a procurar o SAC com documento.";

    public async Task<Result<CallerIdentity>> HandleAsync(RecordIdentityCheckCommand command, Actor? actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await access.EnsureAgentAsync(db, actor, "confirmação de identidade na Central", ct)) return Result<CallerIdentity>.Forbidden();

        var validation = await validator.ValidateAsync(command, ct);
        if (!validation.IsValid) return Result<CallerIdentity>.Invalid(validation.Errors.Select(e => e.ErrorMessage));

        var beneficiary = await db.Beneficiaries.AsNoTracking().Include(b => b.Holder).FirstOrDefaultAsync(b => b.Id == command.BeneficiaryId, ct);
        if (beneficiary is null) return Result<CallerIdentity>.NotFound("Beneficiário não encontrado.");
        var cpf = beneficiary.Cpf ?? beneficiary.Holder?.Cpf;
        if (cpf is null) return Result<CallerIdentity>.Invalid(NoCpfMessage);
        var method = beneficiary.Cpf is null ? HolderCpfMethod : OwnCpfMethod;

        var birthMatches = CallerAnswers.ParseBirthDate(command.BirthDate) == beneficiary.BirthDate;
        var cpfMatches = CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(CallerAnswers.ParseCpfStart(command.CpfStart)!), Encoding.ASCII.GetBytes(cpf[..3]));
        var passed = birthMatches & cpfMatches;

        var callId = IdentityGate.Normalize(command.CallId!);
        var now = time.GetUtcNow();
        db.IdentityChecks.Add(new IdentityCheck
        {
            CallId = callId,
            AgentUserId = actor!.UserId,
            BeneficiaryId = beneficiary.Id,
            AtUtc = now,
            Passed = passed,
            Method = method,
        });
        Audit.Record(db, time, actor, AuditActions.IdentityCheck, passed ? "passed" : "failed", "Beneficiary", CallCenterAccess.Id(beneficiary.Id),
            $"{method}; ligação {CallCenterAccess.ShortCall(callId)}{(passed ? "" : "; ligação bloqueada para ações sensíveis")}");
        await db.SaveChangesAsync(ct);

        return Result<CallerIdentity>.Ok(await IdentityGate.StateAsync(db, actor, callId, beneficiary.Id, now, ct));
    }
}

public sealed record GetCallerIdentityQuery(string? CallId, int BeneficiaryId);

/// <summary>Where the caller stands in this call (the screen asks when a beneficiary is picked). Reads only.</summary>
public sealed class GetCallerIdentityHandler(IDbContextFactory<AppDbContext> dbFactory, TimeProvider time, AccessCheck access)
{
    public async Task<Result<CallerIdentity>> HandleAsync(GetCallerIdentityQuery query, Actor? actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await access.EnsureAgentAsync(db, actor, "situação da ligação na Central", ct)) return Result<CallerIdentity>.Forbidden();
        if (!IdentityGate.IsValidCallId(query.CallId)) return Result<CallerIdentity>.Invalid(CallerAnswers.CallIdMessage);
        if (!await db.Beneficiaries.AnyAsync(b => b.Id == query.BeneficiaryId, ct)) return Result<CallerIdentity>.NotFound("Beneficiário não encontrado.");
        return Result<CallerIdentity>.Ok(await IdentityGate.StateAsync(db, actor!, query.CallId!, query.BeneficiaryId, time.GetUtcNow(), ct));
    }
}
