using DentistPortal.Domain.Audit;
using DentistPortal.Domain.Beneficiaries;
using DentistPortal.Domain.Common;
using DentistPortal.Domain.Messaging;
using DentistPortal.Domain.Tokens;
using DentistPortal.Features.Common;
using DentistPortal.Features.Treatments;
using DentistPortal.Infrastructure.Data;
using DentistPortal.Infrastructure.Messaging;
using DentistPortal.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DentistPortal.Features.Tokens;

/// <param name="IdempotencyKey">One per user action (issue 9 §3): a repeat with the same key returns the first result.</param>
/// <param name="SeenSequence">The newest token sequence the user saw (0 = none yet); a newer token means this is a repeat.</param>
public sealed record GenerateTokenCommand(int TreatmentId, Guid? IdempotencyKey = null, int? SeenSequence = null);

public sealed record PlannedDelivery(DeliveryChannel Channel, string MaskedDestination, DeliveryStatus Status, string? Reason, bool ThroughHolder);

public sealed record GeneratedToken(int TokenId, int Sequence, DateTimeOffset CreatedAtUtc, DateTimeOffset ExpiresAtUtc, IReadOnlyList<PlannedDelivery> Deliveries)
{
    /// <summary>No SMS or e-mail could be queued: the clinic must use the fallbacks (SPEC §5).</summary>
    public bool NoChannel => Deliveries.All(d => d.Status == DeliveryStatus.Failed);

    /// <summary>
    /// What the chair's screen says after "Gerar token" (pt-BR, never the code), and whether it is a warning: sent; not
    /// sent because the patient has no contact; or not sent for the reasons given (the daily caps, TR-7). An outside tester
    /// saw "não há celular nem e-mail" for a patient whose SMS and e-mail had only reached their daily caps.
    /// </summary>
    public (string Message, bool IsWarning) Describe() =>
        Deliveries.Count == 0
            ? ($"Token nº {Sequence} gerado, mas não há celular nem e-mail para enviá-lo. Peça ao paciente que ligue para a Central ou use a guia impressa.", true)
            : NoChannel
                ? ($"Token nº {Sequence} gerado, mas não enviado: {string.Join(" ", Deliveries.Select(d => d.Reason ?? "falha no envio.").Distinct())} Peça ao paciente que ligue para a Central ou use a guia impressa.", true)
                : ($"Token nº {Sequence} gerado e enviado ao paciente. Peça que ele informe o código recebido.", false);
}

/// <summary>
/// TR-2…TR-5, TR-7, TR-10: issues a new token for a treatment with an authorized procedure
/// (<see cref="Domain.Treatments.Treatment.IssueToken"/>: supersedes the active one) and writes one outbox delivery per
/// usable channel, within the per-destination caps (<see cref="DestinationCap"/>), in one serialized transaction
/// (<see cref="IdempotentAction"/>, issue 9 §3/§4): a repeat with the same key, or from a screen that had not seen the
/// newest token, returns that token and sends nothing again.
/// </summary>
public sealed class GenerateTokenHandler(
    IDbContextFactory<AppDbContext> dbFactory,
    ITokenCodeGenerator generator,
    ITokenCodeProtector protector,
    IOptionsMonitor<TokenPolicy> policy,
    ITreatmentEvents events,
    DeliverySignal signal,
    TimeProvider time,
    AccessCheck access)
{
    public const string Action = "token.generate";

    public async Task<Result<GeneratedToken>> HandleAsync(GenerateTokenCommand command, Actor? actor, CancellationToken ct = default)
    {
        var result = await IdempotentAction.RunAsync(dbFactory, time, actor, command.IdempotencyKey, Action, db => IssueAsync(db, command, actor, ct), ct,
            [WriteSubject.Treatment(command.TreatmentId)]); // the send caps lock their destinations themselves (DestinationCap)
        if (result.IsOk)
        {
            signal.Wake();
            events.Publish(new TreatmentChanged(command.TreatmentId, "token"));
        }
        return result;
    }

    /// <summary>Inside the serialized transaction: load the aggregate, issue, write the outbox rows within the send caps.</summary>
    private async Task<Result<GeneratedToken>> IssueAsync(AppDbContext db, GenerateTokenCommand command, Actor? actor, CancellationToken ct)
    {
        var rules = policy.CurrentValue;
        var treatment = await LoadTreatment.For(db)(db, command.TreatmentId, ct);
        if (treatment is null) return Result<GeneratedToken>.NotFound("Tratamento não encontrado.");
        if (!(await access.ForClinicActionAsync(db, actor, treatment, ct)).CanGenerate) return Result<GeneratedToken>.Forbidden();

        var now = time.GetUtcNow();
        var issue = treatment.IssueToken(() =>
        {
            var code = generator.Next();
            return new NewTokenCode(protector.CurrentKeyId, protector.Hash(code), protector.Encrypt(code));
        }, actor!.UserId, now, rules, command.SeenSequence);
        if (issue.Refusal is { } why) return Result<GeneratedToken>.Invalid(why);
        var token = issue.Token!;
        if (issue.AlreadyIssued)
        {
            // A repeat of a request that already issued this token: report it, send nothing again.
            var existing = await db.Deliveries.AsNoTracking().Where(d => d.TokenId == token.Id && !d.IsResend).ToListAsync(ct);
            return Result<GeneratedToken>.Ok(new GeneratedToken(token.Id, token.Sequence, token.CreatedAtUtc, token.ExpiresAtUtc,
                [.. existing.Select(d => new PlannedDelivery(d.Channel, d.MaskedDestination, d.Status, d.LastError, d.ThroughHolder))]));
        }
        await db.SaveChangesAsync(ct); // the old token leaves Active first (one Active per treatment), the new one gets its id

        var beneficiary = await LoadBeneficiary.For(db)(db, treatment.BeneficiaryId, ct);
        var route = beneficiary.ContactRoute();
        // Both destinations' caps in one read, inside the write gate, so the counts and our rows commit together (issue 9 §4).
        var sent = await DestinationCap.SentTodayToRouteAsync(db, beneficiary.Id, route.MobilePhone, route.Email, now, ct);
        var planned = new List<PlannedDelivery>();
        foreach (var (channel, destination, masked) in Destinations(route))
        {
            var reason = sent.Of(channel) < DestinationCap.CapFor(channel, rules) ? null : DestinationCap.Reached(channel, rules);
            db.Deliveries.Add(NewDelivery(token, beneficiary, channel, destination, masked, route.ThroughHolder, now, reason));
            planned.Add(new(channel, masked, reason is null ? DeliveryStatus.Pending : DeliveryStatus.Failed, reason, route.ThroughHolder));
        }

        Audit.Record(db, time, actor, AuditActions.TokenGenerated, "ok", "Treatment", treatment.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"token nº {token.Sequence}; envios: {(planned.Count == 0 ? "nenhum contato" : string.Join(", ", planned.Select(p => Delivery.ChannelDisplay(p.Channel) + (p.Status == DeliveryStatus.Failed ? " (limite)" : ""))))}", treatment.ClinicId);
        return Result<GeneratedToken>.Ok(new GeneratedToken(token.Id, token.Sequence, token.CreatedAtUtc, token.ExpiresAtUtc, planned));
    }

    // Issue 13 (handler cost): the fixed reads are compiled once. The aggregate comes in one statement (items and tokens
    // joined: a treatment has a handful of each) instead of three split ones.
    private static readonly CompiledPerModel<Func<AppDbContext, int, CancellationToken, Task<Domain.Treatments.Treatment?>>> LoadTreatment =
        new(() => EF.CompileAsyncQuery((AppDbContext db, int id, CancellationToken ct) =>
            db.Treatments.Include(t => t.Items).Include(t => t.Tokens).AsSingleQuery().FirstOrDefault(t => t.Id == id)));

    private static readonly CompiledPerModel<Func<AppDbContext, int, CancellationToken, Task<Beneficiary>>> LoadBeneficiary =
        new(() => EF.CompileAsyncQuery((AppDbContext db, int id, CancellationToken ct) =>
            db.Beneficiaries.AsNoTracking().Include(b => b.Holder).Single(b => b.Id == id)));

    private static IEnumerable<(DeliveryChannel Channel, string Destination, string Masked)> Destinations(ContactRoute route)
    {
        if (route.MobilePhone is { } mobile) yield return (DeliveryChannel.Sms, mobile, BrazilianMobile.Mask(mobile));
        if (route.Email is { } email) yield return (DeliveryChannel.Email, email, EmailAddress.Mask(email));
    }

    private static Delivery NewDelivery(AttendanceToken token, Beneficiary beneficiary, DeliveryChannel channel, string destination, string masked,
        bool throughHolder, DateTimeOffset now, string? failure) => new()
    {
        TokenId = token.Id,
        TreatmentId = token.TreatmentId,
        BeneficiaryId = beneficiary.Id,
        Channel = channel,
        Destination = destination,
        MaskedDestination = masked,
        ThroughHolder = throughHolder,
        Status = failure is null ? DeliveryStatus.Pending : DeliveryStatus.Failed,
        LastError = failure,
        CreatedAtUtc = now,
        NextAttemptAtUtc = now,
    };
}
