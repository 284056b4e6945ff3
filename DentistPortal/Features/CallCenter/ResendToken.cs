using DentistPortal.Domain.Audit;
using DentistPortal.Domain.Messaging;
using DentistPortal.Domain.Tokens;
using DentistPortal.Features.Common;
using DentistPortal.Infrastructure.Data;
using DentistPortal.Infrastructure.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DentistPortal.Features.CallCenter;

/// <param name="IdempotencyKey">One per user action (issue 9 §3): a repeat returns the first resend, nothing is sent twice.</param>
public sealed record ResendTokenCommand(string? CallId, int BeneficiaryId, int TokenId, DeliveryChannel Channel, string? Reason, Guid? IdempotencyKey = null);

public sealed record ResentToken(long DeliveryId, DeliveryChannel Channel, string MaskedDestination, bool ThroughHolder, int ResendsLeft);

/// <summary>
/// The send caps as they apply to resends.
/// <list type="bullet">
/// <item>SMS: the same rule as generation — at most <c>MaxSmsPerBeneficiaryPerDay</c> SMS (not failed) to one phone
/// in 24 h, counting every token message to that phone, resends included (so resends also use up what generation may send).</item>
/// <item>Resends per treatment: at most <c>MaxTokensPerTreatmentPer48Hours</c> in 48 h, counted on their own. A resend
/// issues no new code (the guessing arithmetic of TR-7 is untouched) and the generation cap's own message sends the
/// clinic to the Central — sharing one counter would leave the Central unable to help exactly then. The separate
/// counter with the same configured size still bounds messages per treatment.</item>
/// </list>
/// Resends are counted from the outbox itself (<see cref="Delivery.IsResend"/> rows), inside the same serialized
/// transaction that writes the new one, so the cap holds under concurrency (issue 9 §4).
/// </summary>
public static class ResendCap
{
    public static readonly TimeSpan Window = TimeSpan.FromHours(48);

    public static async Task<Dictionary<int, int>> CountsAsync(AppDbContext db, IReadOnlyCollection<int> treatmentIds, DateTimeOffset now, CancellationToken ct)
    {
        var since = now - Window;
        var ids = treatmentIds.ToList();
        var rows = await db.Deliveries.AsNoTracking()
            .Where(d => d.IsResend && d.CreatedAtUtc > since && ids.Contains(d.TreatmentId))
            .GroupBy(d => d.TreatmentId)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToListAsync(ct);
        return rows.ToDictionary(r => r.Key, r => r.Count);
    }
}

/// <summary>
/// Resends the active token to a registered channel of the beneficiary (or of the holder, for a dependent without
/// contacts) chosen by the agent: a new Pending outbox row for the SAME token — the dispatcher builds the message
/// from the token at send time, so no code passes through here. Needs a passed identity check in the call and a
/// reason; within the caps of <see cref="ResendCap"/>. Audited with the reason (never a code).
/// </summary>
public sealed class ResendTokenHandler(
    IDbContextFactory<AppDbContext> dbFactory,
    IOptionsMonitor<TokenPolicy> policy,
    DeliverySignal signal,
    ITreatmentEvents events,
    TimeProvider time,
    AccessCheck access,
    DentistPortal.Infrastructure.Security.ITokenCodeProtector protector)
{
    /// <summary>The audit action, also the idempotent action's name (<see cref="AuditActions.TokenResent"/>).</summary>
    public const string Action = AuditActions.TokenResent;
    public const string ReasonMessage = "Informe o motivo do reenvio (ex.: paciente não recebeu o SMS).";

    public async Task<Result<ResentToken>> HandleAsync(ResendTokenCommand command, Actor? actor, CancellationToken ct = default)
    {
        int? treatmentId = null;
        var result = await IdempotentAction.RunAsync(dbFactory, time, actor, command.IdempotencyKey, Action, async db =>
        {
            var r = await ResendAsync(db, command, actor, ct);
            treatmentId = r.TreatmentId;
            return r.Result;
        }, ct);
        if (result.IsOk && treatmentId is { } changed)
        {
            signal.Wake();
            events.Publish(new TreatmentChanged(changed, "delivery"));
        }
        return result;
    }

    private async Task<(Result<ResentToken> Result, int? TreatmentId)> ResendAsync(AppDbContext db, ResendTokenCommand command, Actor? actor, CancellationToken ct)
    {
        if (!await access.EnsureAgentAsync(db, actor, "reenvio de token na Central", ct)) return (Result<ResentToken>.Forbidden(), null);

        var reason = command.Reason?.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length < 5) return (Result<ResentToken>.Invalid(ReasonMessage), null);
        if (reason.Length > 200) return (Result<ResentToken>.Invalid("Motivo muito longo (máximo 200 caracteres)."), null);
        if (CallCenterAccess.LooksLikeItHoldsACode(reason)) return (Result<ResentToken>.Invalid(CallCenterAccess.CodeLikeMessage), null);
        if (!Enum.IsDefined(command.Channel)) return (Result<ResentToken>.Invalid("Escolha o canal do reenvio."), null);

        var (found, refusal) = await CallTokenAccess.FindAsync<ResentToken>(db, time, actor!, command.CallId, command.BeneficiaryId, command.TokenId, AuditActions.TokenResent, ct);
        if (found is null) return (refusal!, null);
        var (token, treatment) = found;
        var call = CallCenterAccess.ShortCall(IdentityGate.Normalize(command.CallId!));
        var subject = CallCenterAccess.Id(treatment.Id);

        var now = time.GetUtcNow();
        if (CallTokenAccess.WhyNotActive(token, now, protector) is { } notActive) return (Result<ResentToken>.Invalid(notActive), null);

        var beneficiary = await db.Beneficiaries.AsNoTracking().Include(b => b.Holder).SingleAsync(b => b.Id == treatment.BeneficiaryId, ct);
        var route = beneficiary.ContactRoute();
        var destination = command.Channel == DeliveryChannel.Sms ? route.MobilePhone : route.Email;
        if (destination is null)
            return (Result<ResentToken>.Invalid(command.Channel == DeliveryChannel.Sms
                ? "Não há celular cadastrado para este beneficiário (nem do titular): escolha outro canal ou informe o código por telefone."
                : "Não há e-mail cadastrado para este beneficiário (nem do titular): escolha outro canal ou informe o código por telefone."), null);
        var masked = ListActiveTokensHandler.Channels(beneficiary).Single(c => c.Channel == command.Channel).MaskedDestination;

        var rules = policy.CurrentValue;
        // Inside the serialized transaction: both counts and the new row commit together (issue 9 §4).
        var resends = (await ResendCap.CountsAsync(db, [treatment.Id], now, ct)).GetValueOrDefault(treatment.Id);
        string? capped = null;
        if (resends >= rules.MaxTokensPerTreatmentPer48Hours)
            capped = $"Limite de {rules.MaxTokensPerTreatmentPer48Hours} reenvios em 48 horas para este tratamento atingido: não reenviado. Informe o código por telefone ou oriente o paciente a pedir um novo token ao dentista.";
        else if (!await DestinationCap.AllowsAsync(db, command.Channel, destination, now, rules, ct))
            capped = command.Channel == DeliveryChannel.Sms
                ? $"Limite de {rules.MaxSmsPerBeneficiaryPerDay} SMS por dia para este celular atingido: SMS não reenviado. Reenvie por e-mail ou informe o código por telefone."
                : $"Limite de {rules.MaxEmailsPerAddressPerDay} e-mails por dia para este endereço atingido: e-mail não reenviado. Reenvie por SMS ou informe o código por telefone.";
        if (capped is not null)
        {
            Audit.Record(db, time, actor!, AuditActions.TokenResent, "refused", "Treatment", subject,
                $"token nº {token.Sequence}; {Delivery.ChannelDisplay(command.Channel)} para {masked}; limite de envio atingido; ligação {call}", treatment.ClinicId);
            return (Result<ResentToken>.Invalid(capped), null);
        }

        var delivery = new Delivery
        {
            TokenId = token.Id,
            TreatmentId = treatment.Id,
            BeneficiaryId = beneficiary.Id,
            Channel = command.Channel,
            Destination = destination,
            MaskedDestination = masked,
            ThroughHolder = route.ThroughHolder,
            IsResend = true,
            Status = DeliveryStatus.Pending,
            CreatedAtUtc = now,
            NextAttemptAtUtc = now,
        };
        db.Deliveries.Add(delivery);
        Audit.Record(db, time, actor!, AuditActions.TokenResent, "ok", "Treatment", subject,
            $"token nº {token.Sequence}; {Delivery.ChannelDisplay(command.Channel)} para {masked}{(route.ThroughHolder ? " (titular)" : "")}; motivo: {reason}; ligação {call}", treatment.ClinicId);
        await db.SaveChangesAsync(ct); // the delivery's id is part of the result; the transaction commits both

        return (Result<ResentToken>.Ok(new ResentToken(delivery.Id, delivery.Channel, masked, route.ThroughHolder,
            Math.Max(0, rules.MaxTokensPerTreatmentPer48Hours - resends - 1))), treatment.Id);
    }
}
