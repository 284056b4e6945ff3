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

public sealed record GenerateTokenCommand(int TreatmentId);

public sealed record PlannedDelivery(DeliveryChannel Channel, string MaskedDestination, DeliveryStatus Status, string? Reason, bool ThroughHolder);

public sealed record GeneratedToken(int TokenId, int Sequence, DateTimeOffset CreatedAtUtc, DateTimeOffset ExpiresAtUtc, IReadOnlyList<PlannedDelivery> Deliveries)
{
    /// <summary>No SMS or e-mail could be queued: the clinic must use the fallbacks (SPEC §5).</summary>
    public bool NoChannel => Deliveries.All(d => d.Status == DeliveryStatus.Failed);
}

/// <summary>
/// TR-2…TR-5, TR-7, TR-10: issues a new token for a treatment with an authorized procedure, supersedes the
/// active one, and writes one outbox delivery per usable channel in the same transaction.
/// </summary>
public sealed class GenerateTokenHandler(
    IDbContextFactory<AppDbContext> dbFactory,
    ITokenCodeGenerator generator,
    ITokenCodeProtector protector,
    IOptionsMonitor<TokenPolicy> policy,
    ITreatmentEvents events,
    DeliverySignal signal,
    TimeProvider time,
    ILogger<GenerateTokenHandler> logger,
    AccessCheck access)
{
    private const int MaxConcurrencyRetries = 10;

    public async Task<Result<GeneratedToken>> HandleAsync(GenerateTokenCommand command, Actor? actor, CancellationToken ct = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await TryOnceAsync(command, actor, ct);
            }
            catch (DbUpdateException ex) when (attempt < MaxConcurrencyRetries)
            {
                // Another request changed the treatment first (optimistic concurrency); start over on fresh data.
                logger.LogDebug(ex, "GenerateToken retry {Attempt} on treatment {TreatmentId}.", attempt, command.TreatmentId);
                await Task.Delay(Random.Shared.Next(5, 25 * attempt), ct);
            }
        }
    }

    private async Task<Result<GeneratedToken>> TryOnceAsync(GenerateTokenCommand command, Actor? actor, CancellationToken ct)
    {
        var rules = policy.CurrentValue;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var treatment = await db.Treatments.Include(t => t.Items).FirstOrDefaultAsync(t => t.Id == command.TreatmentId, ct);
        if (treatment is null) return Result<GeneratedToken>.NotFound("Tratamento não encontrado.");
        if (!(await access.ForTreatmentAsync(db, actor, treatment, ct)).CanGenerate) return Result<GeneratedToken>.Forbidden();

        if (treatment.WhyNoToken(rules.MaxWrongCodesPerTreatment) is { } why) return Result<GeneratedToken>.Invalid(why);

        var now = time.GetUtcNow();
        var recent = await db.Tokens.CountAsync(t => t.TreatmentId == treatment.Id && t.CreatedAtUtc > now.AddHours(-48), ct);
        if (recent >= rules.MaxTokensPerTreatmentPer48Hours)
            return Result<GeneratedToken>.Invalid($"Limite de {rules.MaxTokensPerTreatmentPer48Hours} tokens em 48 horas para este tratamento. Ligue para a Central de Atendimento ou use a guia de tratamento impressa.");

        var beneficiary = await db.Beneficiaries.AsNoTracking().Include(b => b.Holder).SingleAsync(b => b.Id == treatment.BeneficiaryId, ct);
        var route = beneficiary.ContactRoute();

        // Read before the write transaction: keeps the lock short.
        var smsToday = route.MobilePhone is { } phone
            ? await db.Deliveries.CountAsync(d => d.Channel == DeliveryChannel.Sms && d.Destination == phone && d.CreatedAtUtc > now.AddHours(-24) && d.Status != DeliveryStatus.Failed, ct)
            : 0;

        var previous = await db.Tokens.Where(t => t.TreatmentId == treatment.Id && t.Status == TokenStatus.Active).ToListAsync(ct);
        foreach (var old in previous)
        {
            if (!old.ExpireIfDue(now)) old.Supersede(now);
        }
        treatment.LastTokenSequence++;
        treatment.Touch();

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // First the old token leaves Active and the treatment's version moves (a concurrent generate fails here)…
        await db.SaveChangesAsync(ct);

        // …then the new token and its outbox rows, in the same transaction.
        var code = generator.Next();
        var token = AttendanceToken.Issue(treatment.Id, treatment.LastTokenSequence, protector.Hash(code), protector.Encrypt(code), actor!.UserId, now, rules.Lifetime);
        db.Tokens.Add(token);
        await db.SaveChangesAsync(ct);

        var planned = new List<PlannedDelivery>();
        if (route.MobilePhone is { } mobile)
        {
            var capped = smsToday >= rules.MaxSmsPerBeneficiaryPerDay;
            var reason = capped ? $"Limite de {rules.MaxSmsPerBeneficiaryPerDay} SMS por dia para este celular atingido: SMS não enviado." : null;
            db.Deliveries.Add(NewDelivery(token, beneficiary, DeliveryChannel.Sms, mobile, BrazilianMobile.Mask(mobile), route.ThroughHolder, now, reason));
            planned.Add(new(DeliveryChannel.Sms, BrazilianMobile.Mask(mobile), capped ? DeliveryStatus.Failed : DeliveryStatus.Pending, reason, route.ThroughHolder));
        }
        if (route.Email is { } email)
        {
            db.Deliveries.Add(NewDelivery(token, beneficiary, DeliveryChannel.Email, email, EmailAddress.Mask(email), route.ThroughHolder, now, null));
            planned.Add(new(DeliveryChannel.Email, EmailAddress.Mask(email), DeliveryStatus.Pending, null, route.ThroughHolder));
        }

        Audit.Record(db, time, actor, "token.generated", "ok", "Treatment", treatment.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"token nº {token.Sequence}; envios: {(planned.Count == 0 ? "nenhum contato" : string.Join(", ", planned.Select(p => Delivery.ChannelDisplay(p.Channel))))}", treatment.ClinicId);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);

        signal.Wake();
        events.Publish(new TreatmentChanged(treatment.Id, "token"));
        return Result<GeneratedToken>.Ok(new GeneratedToken(token.Id, token.Sequence, token.CreatedAtUtc, token.ExpiresAtUtc, planned));
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
