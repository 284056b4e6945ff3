using DentistPortal.Domain.Access;
using DentistPortal.Domain.Tokens;
using DentistPortal.Domain.Treatments;
using DentistPortal.Features.Common;
using DentistPortal.Features.Treatments;
using DentistPortal.Infrastructure.Data;
using DentistPortal.Infrastructure.Messaging;
using DentistPortal.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DentistPortal.Features.Tokens;

public sealed record ValidateTokenCommand(int TreatmentId, string? Code, ValidationChannel Via = ValidationChannel.Chair);

public enum ValidationOutcome
{
    Validated,
    WrongCode,
    /// <summary>The code belongs to an older token of this treatment (manual Q10/Q13).</summary>
    SupersededCode,
    Expired,
    Locked,
    Revoked,
    NoActiveToken,
    AlreadyValidated,
    /// <summary>TR-7: the treatment's cumulative wrong-code cap was reached.</summary>
    TreatmentBlocked,
    /// <summary>TR-7: this user typed too many wrong codes in 24 h.</summary>
    AccountBlocked,
}

/// <summary>What the screen says: the outcome, attempts left, and the next step, in pt-BR. Never a code.</summary>
public sealed record ValidationResult(ValidationOutcome Outcome, string Message, string? NextStep, int? AttemptsLeft, int? TokenSequence)
{
    public bool Succeeded => Outcome == ValidationOutcome.Validated;
}

/// <summary>
/// TR-1, TR-5…TR-8: checks the code the patient told against the treatment's newest token. Exactly one of any
/// number of concurrent right answers wins (optimistic concurrency on the token and the treatment).
/// </summary>
public sealed class ValidateTokenHandler(
    IDbContextFactory<AppDbContext> dbFactory,
    ITokenCodeProtector protector,
    IOptionsMonitor<TokenPolicy> policy,
    ITreatmentEvents events,
    TimeProvider time,
    ILogger<ValidateTokenHandler> logger,
    AccessCheck access)
{
    private const int MaxConcurrencyRetries = 20;

    public async Task<Result<ValidationResult>> HandleAsync(ValidateTokenCommand command, Actor? actor, CancellationToken ct = default)
    {
        var code = TokenCode.Normalize(command.Code);
        if (code is null) return Result<ValidationResult>.Invalid(TokenCode.FormatMessage);
        if (!Enum.IsDefined(command.Via)) return Result<ValidationResult>.Invalid("Forma de informar o token desconhecida.");
        var candidate = protector.Hash(code);

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await TryOnceAsync(command, candidate, actor, ct);
            }
            catch (DbUpdateException) when (attempt < MaxConcurrencyRetries)
            {
                // Someone else changed the token or treatment first: decide again on fresh data.
                await Task.Delay(Random.Shared.Next(1, 10 * attempt), ct);
            }
        }
    }

    private async Task<Result<ValidationResult>> TryOnceAsync(ValidateTokenCommand command, byte[] candidate, Actor? actor, CancellationToken ct)
    {
        var rules = policy.CurrentValue;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var treatment = await db.Treatments.FirstOrDefaultAsync(t => t.Id == command.TreatmentId, ct);
        if (treatment is null) return Result<ValidationResult>.NotFound("Tratamento não encontrado.");
        if (!(await access.ForTreatmentAsync(db, actor, treatment, ct)).MayValidateVia(command.Via)) return Result<ValidationResult>.Forbidden();

        var now = time.GetUtcNow();
        var subject = treatment.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var via = command.Via;

        if (treatment.IsClosed)
            return Ok(ValidationOutcome.AlreadyValidated, null, null);

        var wrongToday = await db.TokenAttempts.CountAsync(a => a.UserId == actor!.UserId && a.Outcome == AttemptOutcome.Wrong && a.AtUtc > now.AddHours(-24), ct);
        if (wrongToday >= rules.MaxWrongCodesPerUserPer24Hours)
        {
            Audit.Record(db, time, actor!, "token.validate", "account-blocked", "Treatment", subject, null, treatment.ClinicId);
            await db.SaveChangesAsync(ct);
            return Ok(ValidationOutcome.AccountBlocked, null, null);
        }
        if (treatment.WrongCodeCount >= rules.MaxWrongCodesPerTreatment)
            return Ok(ValidationOutcome.TreatmentBlocked, null, null);

        var tokens = await db.Tokens.Where(t => t.TreatmentId == treatment.Id).OrderBy(t => t.Sequence).ToListAsync(ct);
        var newest = tokens.LastOrDefault();
        if (newest is null) return Ok(ValidationOutcome.NoActiveToken, null, null);

        if (newest.Status != TokenStatus.Active || newest.IsExpiredAt(now))
        {
            var expiredNow = newest.ExpireIfDue(now);
            if (expiredNow) await db.SaveChangesAsync(ct);
            var outcome = newest.Status switch
            {
                TokenStatus.Expired => ValidationOutcome.Expired,
                TokenStatus.Locked => ValidationOutcome.Locked,
                TokenStatus.Revoked => ValidationOutcome.Revoked,
                TokenStatus.Validated => ValidationOutcome.AlreadyValidated,
                _ => ValidationOutcome.NoActiveToken,
            };
            return Ok(outcome, null, newest.Sequence);
        }

        var result = newest.Verify(candidate, now, rules, actor!.UserId, via);
        ValidationOutcome final;
        if (result == VerifyResult.Validated)
        {
            treatment.MarkValidated(now);
            final = ValidationOutcome.Validated;
        }
        else
        {
            treatment.WrongCodeCount++;
            treatment.Touch();
            var olderMatch = tokens.Take(tokens.Count - 1).Any(t => t.Matches(candidate));
            if (treatment.WrongCodeCount >= rules.MaxWrongCodesPerTreatment)
            {
                newest.LockWithTreatment(now);
                final = ValidationOutcome.TreatmentBlocked;
            }
            else if (olderMatch) final = ValidationOutcome.SupersededCode;
            else if (result == VerifyResult.WrongCodeLocked) final = ValidationOutcome.Locked;
            else final = ValidationOutcome.WrongCode;
        }

        db.TokenAttempts.Add(new TokenAttempt
        {
            TreatmentId = treatment.Id,
            TokenId = newest.Id,
            UserId = actor.UserId,
            AtUtc = now,
            Outcome = final == ValidationOutcome.Validated ? AttemptOutcome.Validated : AttemptOutcome.Wrong,
            Via = via,
        });
        Audit.Record(db, time, actor, "token.validate", final.ToString(), "Treatment", subject,
            $"token nº {newest.Sequence}; {ViaDisplay(via)}", treatment.ClinicId);

        if (final != ValidationOutcome.Validated && wrongToday + 1 >= rules.MaxWrongCodesPerUserPer24Hours)
        {
            // TR-7: alert the operator once, when the account crosses its cap.
            Audit.Record(db, time, actor, "alert.account-blocked", "alert", "User", actor.UserId,
                $"{wrongToday + 1} códigos incorretos em 24 h", treatment.ClinicId);
            logger.LogWarning("User {UserId} blocked for token validation after {Count} wrong codes in 24 h.", actor.UserId, wrongToday + 1);
        }

        await db.SaveChangesAsync(ct);
        events.Publish(new TreatmentChanged(treatment.Id, "token"));

        var attemptsLeft = final is ValidationOutcome.WrongCode or ValidationOutcome.SupersededCode
            ? Math.Min(newest.AttemptsLeft(rules), rules.MaxWrongCodesPerTreatment - treatment.WrongCodeCount)
            : (int?)null;
        return Ok(final, attemptsLeft, newest.Sequence);
    }

    private static Result<ValidationResult> Ok(ValidationOutcome outcome, int? attemptsLeft, int? sequence)
    {
        var (message, next) = Describe(outcome, attemptsLeft);
        return Result<ValidationResult>.Ok(new ValidationResult(outcome, message, next, attemptsLeft, sequence));
    }

    public static (string Message, string? NextStep) Describe(ValidationOutcome outcome, int? attemptsLeft) => outcome switch
    {
        ValidationOutcome.Validated => ("Token validado. Atendimento confirmado.", null),
        ValidationOutcome.WrongCode => ($"Código incorreto. {Left(attemptsLeft)}",
            "Peça ao paciente para conferir o último token recebido (SMS, e-mail ou Portal do Cliente) e digite de novo."),
        ValidationOutcome.SupersededCode => ($"Este código é de um token anterior deste tratamento, que foi substituído. {Left(attemptsLeft)}",
            "Use o último token recebido: o mais novo anula o anterior."),
        ValidationOutcome.Expired => ("O token expirou.", "Gere um novo token: ele será enviado ao paciente."),
        ValidationOutcome.Locked => ("Token bloqueado por excesso de códigos incorretos.", "Gere um novo token para o paciente."),
        ValidationOutcome.Revoked => ("Este token foi cancelado porque o beneficiário informou que não o solicitou.", "Confirme com o paciente e, se for o caso, gere um novo token."),
        ValidationOutcome.NoActiveToken => ("Não há token ativo para este tratamento.", "Gere o token para o paciente."),
        ValidationOutcome.AlreadyValidated => ("Este tratamento já foi validado.", null),
        ValidationOutcome.TreatmentBlocked => ("Este tratamento atingiu o limite de códigos incorretos e não aceita mais tokens.",
            "Ligue para a Central de Atendimento ou use a guia de tratamento impressa, assinada pelo paciente."),
        ValidationOutcome.AccountBlocked => ("Sua conta foi bloqueada para validar tokens por excesso de códigos incorretos nas últimas 24 horas. A operadora foi avisada.",
            "Fale com a Central de Atendimento."),
        _ => ("Não foi possível validar o token.", null),
    };

    private static string Left(int? n) => n switch
    {
        null => "",
        1 => "Resta 1 tentativa.",
        _ => $"Restam {n} tentativas.",
    };

    private static string ViaDisplay(ValidationChannel via) => via switch
    {
        ValidationChannel.Late => "token tardio",
        ValidationChannel.CallCenterAssisted => "com a Central",
        _ => "na cadeira",
    };
}
