using DentistPortal.Domain.Access;
using DentistPortal.Domain.Audit;
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

/// <param name="IdempotencyKey">One per user action (issue 9 §3): the same wrong code sent twice with one key counts once.</param>
public sealed record ValidateTokenCommand(int TreatmentId, string? Code, ValidationChannel Via = ValidationChannel.Chair, Guid? IdempotencyKey = null);

/// <summary>What the screen says: the outcome, attempts left, and the next step, in pt-BR. Never a code.</summary>
public sealed record ValidationResult(ValidationOutcome Outcome, string Message, string? NextStep, int? AttemptsLeft, int? TokenSequence)
{
    public bool Succeeded => Outcome == ValidationOutcome.Validated;
}

/// <summary>
/// TR-1, TR-5…TR-8: checks the code the patient told against the treatment's newest token
/// (<see cref="Domain.Treatments.Treatment.CheckCode"/>). Runs as an <see cref="IdempotentAction"/>: serialized, so the
/// per-user 24 h cap is counted and written atomically (40 parallel wrong codes on 40 treatments count exactly 20,
/// issue 9 §4), exactly one of any number of concurrent right answers wins (TR-6), and a repeat with the same key counts once.
/// Before all that, <see cref="TokenValidationThrottle"/> (issue 10, rate limiting) may refuse a user or clinic submitting
/// too fast: <see cref="ResultStatus.Invalid"/> with <see cref="TooFastMessage"/>, nothing read, counted or audited.
/// </summary>
public sealed class ValidateTokenHandler(
    IDbContextFactory<AppDbContext> dbFactory,
    ITokenCodeProtector protector,
    IOptionsMonitor<TokenPolicy> policy,
    ITreatmentEvents events,
    TimeProvider time,
    ILogger<ValidateTokenHandler> logger,
    AccessCheck access,
    TokenValidationThrottle throttle,
    IValidationReferenceGenerator references)
{
    /// <summary>The idempotent action's name, the same code as its audit action (<see cref="AuditActions.TokenCodeEntered"/>).</summary>
    public const string Action = AuditActions.TokenCodeEntered;

    public async Task<Result<ValidationResult>> HandleAsync(ValidateTokenCommand command, Actor? actor, CancellationToken ct = default)
    {
        var code = TokenCode.Normalize(command.Code);
        if (code is null) return Result<ValidationResult>.Invalid(TokenCode.FormatMessage);
        if (!Enum.IsDefined(command.Via)) return Result<ValidationResult>.Invalid("Forma de informar o token desconhecida.");
        // Issue 10 (rate limiting): too many codes in a short time are refused before anything is read or counted.
        if (actor is not null && throttle.TryAcquire(actor.UserId, actor.ClinicId) is { } wait)
            return Result<ValidationResult>.Invalid(TooFastMessage(wait));
        // Each token is checked with the key it was made with (issue 10, Keys and secrets); the code stays in this closure.
        CodeHasher candidate = keyId => protector.HashWith(keyId, code);

        var result = await IdempotentAction.RunAsync(dbFactory, time, actor, command.IdempotencyKey, Action, db => CheckAsync(db, command, candidate, actor, ct), ct,
            actor is null ? [WriteSubject.Treatment(command.TreatmentId)] : [WriteSubject.Treatment(command.TreatmentId), WriteSubject.ValidatingUser(actor.UserId)]);
        if (result.IsOk) events.Publish(new TreatmentChanged(command.TreatmentId, "token"));
        return result;
    }

    private async Task<Result<ValidationResult>> CheckAsync(AppDbContext db, ValidateTokenCommand command, CodeHasher candidate, Actor? actor, CancellationToken ct)
    {
        var rules = policy.CurrentValue;
        var treatment = await LoadTreatment.For(db)(db, command.TreatmentId, ct);
        if (treatment is null) return Result<ValidationResult>.NotFound("Tratamento não encontrado.");
        if (!(await access.ForClinicActionAsync(db, actor, treatment, ct)).MayValidateVia(command.Via)) return Result<ValidationResult>.Forbidden();

        var now = time.GetUtcNow();
        var since = now.AddHours(-24);
        // Read inside the serialized transaction: nobody else can count a wrong code between this read and our write.
        var wrongToday = await WrongCodesSince.For(db)(db, actor!.UserId, since, ct);
        var check = treatment.CheckCode(candidate, actor!.UserId, command.Via, now, rules, wrongToday, references.Next);

        var subject = treatment.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (check.Outcome == ValidationOutcome.AccountBlocked)
            Audit.Record(db, time, actor, AuditActions.TokenCodeEntered, "account-blocked", "Treatment", subject, null, treatment.ClinicId);
        if (check.Outcome == ValidationOutcome.ReissueRequired)
        {
            // Not a guess: nothing counted. Recorded so the operator sees tokens outliving a removed key.
            Audit.Record(db, time, actor, AuditActions.TokenCodeEntered, check.Outcome.ToString(), "Treatment", subject,
                $"token nº {check.TokenSequence}; chave do token ausente; {ViaDisplay(command.Via)}", treatment.ClinicId);
            logger.LogWarning("Token {Sequence} of treatment {TreatmentId} was made with an HMAC key that is no longer configured: re-issue required.", check.TokenSequence, treatment.Id);
        }
        if (check.Attempt is { } attempt)
        {
            db.TokenAttempts.Add(attempt);
            Audit.Record(db, time, actor, AuditActions.TokenCodeEntered, check.Outcome.ToString(), "Treatment", subject,
                $"token nº {check.TokenSequence}; {ViaDisplay(command.Via)}", treatment.ClinicId);
        }
        if (check.ReachedUserCap)
        {
            // TR-7: alert the operator once, when the account crosses its cap.
            Audit.Record(db, time, actor, AuditActions.AccountBlockedAlert, "alert", "User", actor.UserId,
                $"{wrongToday + 1} códigos incorretos em 24 h", treatment.ClinicId);
            logger.LogWarning("User {UserId} blocked for token validation after {Count} wrong codes in 24 h.", actor.UserId, wrongToday + 1);
        }
        return Ok(check.Outcome, check.AttemptsLeft, check.TokenSequence);
    }

    // Issue 13 (handler cost): the fixed reads are compiled once.
    private static readonly CompiledPerModel<Func<AppDbContext, int, CancellationToken, Task<Treatment?>>> LoadTreatment =
        new(() => EF.CompileAsyncQuery((AppDbContext db, int id, CancellationToken ct) => db.Treatments.Include(t => t.Tokens).FirstOrDefault(t => t.Id == id)));

    private static readonly CompiledPerModel<Func<AppDbContext, string, DateTimeOffset, CancellationToken, Task<int>>> WrongCodesSince =
        new(() => EF.CompileAsyncQuery((AppDbContext db, string userId, DateTimeOffset since, CancellationToken ct) =>
            db.TokenAttempts.Count(a => a.UserId == userId && a.Outcome == AttemptOutcome.Wrong && a.AtUtc > since)));

    private static Result<ValidationResult> Ok(ValidationOutcome outcome, int? attemptsLeft, int? sequence)
    {
        var (message, next) = Describe(outcome, attemptsLeft);
        return Result<ValidationResult>.Ok(new ValidationResult(outcome, message, next, attemptsLeft, sequence));
    }

    /// <summary>The refusal of <see cref="TokenValidationThrottle"/>: not a wrong code, nothing changed.</summary>
    public static string TooFastMessage(TimeSpan wait) =>
        $"Muitas tentativas em pouco tempo; aguarde {DentistPortal.Infrastructure.Web.RateLimits.Seconds(wait)} segundos e digite o código de novo. Esta tentativa não foi contada.";

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
        ValidationOutcome.ReissueRequired => ("Token precisa ser reemitido: este código não pode mais ser conferido pelo portal (a chave de segurança com que foi gerado foi substituída). Nenhuma tentativa foi contada.",
            "Gere um novo token: ele será enviado ao paciente, e o código anterior deixa de valer."),
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
