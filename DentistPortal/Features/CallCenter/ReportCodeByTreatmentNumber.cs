using DentistPortal.Domain.Audit;
using DentistPortal.Domain.Common;
using DentistPortal.Domain.Messaging;
using DentistPortal.Domain.Tokens;
using DentistPortal.Features.Common;
using DentistPortal.Infrastructure.Data;
using DentistPortal.Infrastructure.Messaging;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Features.CallCenter;

/// <summary>
/// What the Central types when anyone calls about a code they did not ask for: the treatment number the message
/// shows and the last 4 digits of the phone that received it (issue 9 §6).
/// </summary>
public sealed record ReportCodeByTreatmentNumberCommand(string? CallId, string? TreatmentNumber, string? PhoneLast4, string? Notes);

public sealed class ReportCodeByTreatmentNumberValidator : AbstractValidator<ReportCodeByTreatmentNumberCommand>
{
    public const string NumberMessage = "Informe o número do tratamento como aparece na mensagem (10 dígitos, ex.: 2026000123).";
    public const string Last4Message = "Informe os 4 últimos dígitos do celular que recebeu a mensagem.";

    public ReportCodeByTreatmentNumberValidator()
    {
        RuleFor(c => c.CallId).Must(IdentityGate.IsValidCallId).WithMessage(CallerAnswers.CallIdMessage);
        RuleFor(c => c.TreatmentNumber).Must(n => ReportCodeByTreatmentNumberHandler.NormalizeNumber(n) is not null).WithMessage(NumberMessage);
        RuleFor(c => c.PhoneLast4).Must(d => d?.Trim() is { Length: 4 } t && t.All(Digits.IsAsciiDigit)).WithMessage(Last4Message);
        RuleFor(c => c.Notes).MaximumLength(500).WithMessage("Observação muito longa (máximo 500 caracteres).")
            .Must(n => !CallCenterAccess.LooksLikeItHoldsACode(n)).WithMessage(CallCenterAccess.CodeLikeMessage);
    }
}

/// <summary>
/// "Código recebido sem ter pedido", from ANY caller (issue 9 §6, SPEC §9). When the number exists and the digits match
/// a phone the treatment's code was sent to: the active token is revoked at once, a case is opened (or the existing one
/// kept), and the contact that received it is flagged as probably wrong. When the digits do not match, a case records
/// the report as not matching (nothing revoked: a treatment number alone is guessable). An unknown number leaves only
/// an audit line. Whatever happened, the answer is the same <see cref="RegisteredMessage"/>: the caller learns nothing
/// about the treatment or the patient. Repeating the report changes nothing (one case per token). Always audited.
/// </summary>
public sealed class ReportCodeByTreatmentNumberHandler(
    IDbContextFactory<AppDbContext> dbFactory,
    IValidator<ReportCodeByTreatmentNumberCommand> validator,
    ITreatmentEvents events,
    TimeProvider time,
    AccessCheck access)
{
    public const string RegisteredMessage = "Registrado";

    /// <summary>"2026 000 123" or "2026-000123" → "2026000123"; null unless 10 digits.</summary>
    public static string? NormalizeNumber(string? text)
    {
        var digits = Digits.StripFormatting(text?.Trim());
        return digits is { Length: 10 } && digits.All(Digits.IsAsciiDigit) ? digits : null;
    }

    public async Task<Result<string>> HandleAsync(ReportCodeByTreatmentNumberCommand command, Actor? actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await access.EnsureAgentAsync(db, actor, "código não solicitado relatado por terceiro", ct)) return Result<string>.Forbidden();
        var validation = await validator.ValidateAsync(command, ct);
        if (!validation.IsValid) return Result<string>.Invalid(validation.Errors.Select(e => e.ErrorMessage).Distinct());

        var number = NormalizeNumber(command.TreatmentNumber)!;
        var last4 = command.PhoneLast4!.Trim();
        var call = CallCenterAccess.ShortCall(IdentityGate.Normalize(command.CallId!));
        var notes = string.IsNullOrWhiteSpace(command.Notes) ? null : command.Notes.Trim();
        var now = time.GetUtcNow();

        var treatment = await db.Treatments.AsNoTracking().FirstOrDefaultAsync(t => t.Number == number, ct);
        var tokens = treatment is null ? [] : await db.Tokens.Where(t => t.TreatmentId == treatment.Id).ToListAsync(ct);
        if (treatment is null || tokens.Count == 0)
        {
            Audit.Record(db, time, actor!, AuditActions.UnsolicitedCodeReported, "unknown-number", null, null, $"ligação {call}");
            await db.SaveChangesAsync(ct);
            return Result<string>.Ok(RegisteredMessage);
        }

        var sms = await db.Deliveries.AsNoTracking()
            .Where(d => d.TreatmentId == treatment.Id && d.Channel == DeliveryChannel.Sms)
            .ToListAsync(ct);
        var received = sms.Where(d => UnsolicitedReport.PhoneEndsWith(d.Destination, last4)).MaxBy(d => d.CreatedAtUtc);
        var matched = received is not null;

        foreach (var t in tokens) t.ExpireIfDue(now);
        var active = tokens.FirstOrDefault(t => t.Status == TokenStatus.Active);
        var caseToken = active ?? (received is not null ? tokens.Single(t => t.Id == received.TokenId) : tokens.MaxBy(t => t.Sequence)!);

        var revoked = matched && active is not null && active.Revoke(now);
        if (received is not null) await FlagReceivingContactAsync(db, received, now, ct);

        var existing = await db.UnsolicitedReports.FirstOrDefaultAsync(r => r.TokenId == caseToken.Id, ct);
        var changed = revoked;
        if (existing is null)
        {
            db.UnsolicitedReports.Add(UnsolicitedReport.FromThirdParty(caseToken, treatment.ClinicId, treatment.DentistUserId, actor!.UserId, matched,
                $"Relato de terceiro à Central (ligação {call}): final do celular {(matched ? "confere" : "NÃO confere")} com o envio.{(notes is null ? "" : " " + notes)}", now));
            changed = true;
        }
        else if (matched)
        {
            changed |= existing.ConfirmCallerPhone($"Nova ligação ({call}): final do celular confere{(revoked ? "; token cancelado" : "")}.");
        }

        // Only a report that cancelled the token belongs on the clinic's timeline; whether a stranger's digits matched is
        // the operator's business, filed apart (the clinic must not learn it, nor the call id).
        Audit.Record(db, time, actor!, AuditActions.UnsolicitedCodeReported, !changed ? "repeated" : matched ? "matched" : "not-matched",
            revoked ? "Treatment" : "UnsolicitedReport", CallCenterAccess.Id(treatment.Id),
            $"token nº {caseToken.Sequence}{(revoked ? " cancelado" : "")}; ligação {call}", treatment.ClinicId);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex is DbUpdateConcurrencyException || DbRetry.IsUniqueViolation(ex))
        {
            // A double click raced this one (same case, or the token already revoked): it recorded the report.
            return Result<string>.Ok(RegisteredMessage);
        }
        if (revoked) events.Publish(new TreatmentChanged(treatment.Id, "token"));
        return Result<string>.Ok(RegisteredMessage);
    }

    /// <summary>The phone that received it is the beneficiary's own or, through the holder, the holder's: flag whichever still has it.</summary>
    private static async Task FlagReceivingContactAsync(AppDbContext db, Delivery received, DateTimeOffset now, CancellationToken ct)
    {
        var beneficiary = await db.Beneficiaries.Include(b => b.Holder).SingleAsync(b => b.Id == received.BeneficiaryId, ct);
        var owner = received.ThroughHolder ? beneficiary.Holder : beneficiary;
        if (owner is not null && owner.MobilePhone == received.Destination) owner.FlagContactAsProbablyWrong(now);
    }
}
