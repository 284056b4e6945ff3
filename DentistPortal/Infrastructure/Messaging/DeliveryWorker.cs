using System.Data.Common;
using System.Security.Cryptography;
using DentistPortal.Domain.Messaging;
using DentistPortal.Domain.Tokens;
using DentistPortal.Domain.Support;
using DentistPortal.Infrastructure.Data;
using DentistPortal.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DentistPortal.Infrastructure.Messaging;

/// <summary>
/// One pass of the outbox (TR-10): claims due deliveries under a lease, builds each message from the token's
/// encrypted copy at send time, sends it and records the outcome. Safe with several instances on one database:
/// a claim is a conditional UPDATE per row, and every record is conditional on still holding the lease, so a
/// worker whose lease expired (crash, long pause) and was re-claimed never overwrites the new owner's result.
/// A crashed worker's claims come back by themselves once their lease expires. Delivery is at-least-once.
/// The message text holds the code: it never reaches a log nor <see cref="Delivery.LastError"/>.
/// </summary>
public sealed class DeliveryWorker(
    IDbContextFactory<AppDbContext> dbFactory,
    IServiceScopeFactory scopeFactory,
    ITokenCodeProtector codeProtector,
    IOptionsMonitor<MessagingOptions> options,
    IOptionsMonitor<OperatorOptions> operatorOptions,
    ITreatmentEvents events,
    TimeProvider time,
    ILogger<DeliveryWorker> logger)
{
    public const string TokenNotActiveError =
        "Token não está mais ativo (substituído, validado, expirado ou cancelado): mensagem não enviada.";
    public const string SmsTooLongError =
        "A mensagem SMS não coube em um único SMS (160 caracteres): não enviada. Avise o suporte da operadora.";
    public const string UnreadableCodeError =
        "Não foi possível ler o código do token (chave de proteção indisponível): gere um novo token.";
    public const string MissingDataError =
        "Dados do tratamento incompletos (dentista, clínica ou beneficiário não encontrados): mensagem não enviada.";

    /// <summary>Claims, sends and records up to BatchSize due deliveries. Returns how many were recorded.</summary>
    public async Task<int> RunOnceAsync(string owner, CancellationToken ct)
    {
        var claimed = await ClaimAsync(owner, ct);
        if (claimed.Count == 0) return 0;

        // Senders are resolved per pass (typed HttpClients must not live for ever) and chosen from the options now.
        await using var scope = scopeFactory.CreateAsyncScope();
        var senders = new Senders(scope.ServiceProvider);
        var processed = 0;
        foreach (var id in claimed)
        {
            ct.ThrowIfCancellationRequested();
            try
            {
                if (await ProcessAsync(id, owner, senders, ct)) processed++;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                throw; // stopping: the rest keeps its lease until it expires (or the dispatcher releases it)
            }
            catch (Exception ex)
            {
                // Database trouble and the like: the lease expires and the delivery is tried again.
                logger.LogError(ex, "Delivery {DeliveryId} could not be processed; it will be claimed again after its lease.", id);
            }
        }
        return processed;
    }

    /// <summary>
    /// Takes a lease on up to BatchSize due deliveries: Pending, NextAttemptAtUtc reached, no live lease.
    /// One conditional UPDATE per row, so two workers never hold the same row.
    /// </summary>
    public async Task<IReadOnlyList<long>> ClaimAsync(string owner, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        var o = options.CurrentValue.Dispatcher;
        var batch = Math.Max(1, o.BatchSize);
        var now = time.GetUtcNow();
        var leaseUntil = now.AddSeconds(Math.Max(1, o.LeaseSeconds));

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var candidates = await Due(db.Deliveries, now)
            .OrderBy(d => d.NextAttemptAtUtc).ThenBy(d => d.Id)
            .Select(d => d.Id)
            .Take(batch * 2) // some may be taken by another instance in between
            .ToListAsync(ct);

        var claimed = new List<long>(batch);
        foreach (var id in candidates)
        {
            if (claimed.Count == batch) break;
            var rows = await Due(db.Deliveries.Where(d => d.Id == id), now)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(d => d.LeaseOwner, owner)
                    .SetProperty(d => d.LeaseUntilUtc, (DateTimeOffset?)leaseUntil), ct);
            if (rows == 1) claimed.Add(id);
        }
        return claimed;
    }

    /// <summary>Gives back the leases of deliveries this owner claimed but did not record (graceful stop).</summary>
    public async Task<int> ReleaseAsync(string owner, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Deliveries
            .Where(d => d.LeaseOwner == owner && d.Status == DeliveryStatus.Pending)
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.LeaseOwner, (string?)null)
                .SetProperty(d => d.LeaseUntilUtc, (DateTimeOffset?)null), ct);
    }

    /// <summary>
    /// At start-up, takes back the claims of dispatchers that are provably dead, so their deliveries are sent again at
    /// once instead of after their lease (issue 10). Returns how many were taken back.
    /// <para>PostgreSQL (several instances, issue 12): a dispatcher proves it is alive by holding a session advisory lock
    /// named after its lease owner (<see cref="HoldLivenessAsync"/>) on its own connection; the server releases it when
    /// the process dies (its connection closes). A claim is taken back only when its owner's lock can be taken, whatever
    /// machine or process id the owner names: two containers with the same host name and process id 1 never take each
    /// other's live claims.</para>
    /// <para>SQLite (one instance, one machine): the lease owner names this machine and a process id that is ours (a
    /// restarted container reuses its pid) or no longer runs; a claim of another machine, or of a running process, is
    /// left to its lease.</para>
    /// </summary>
    public async Task<int> RecoverDeadClaimsAsync(string owner, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var recovered = db.Database.IsNpgsql() ? await RecoverUnlockedOwnersAsync(db, owner, ct) : await RecoverOnThisMachineAsync(db, owner, ct);
        if (recovered > 0) logger.LogWarning("Took back {Count} delivery claims held by a stopped run of the portal; they are sent again (same reference).", recovered);
        return recovered;
    }

    /// <summary>
    /// PostgreSQL: takes the session advisory lock that says "<paramref name="owner"/> is alive" on a connection of its own,
    /// held until the returned handle is disposed (graceful stop) or the process dies. Null on SQLite, or when the lock is
    /// taken already (a hash twin of another live owner): then this owner's claims simply wait for their lease.
    /// </summary>
    public async Task<IAsyncDisposable?> HoldLivenessAsync(string owner, CancellationToken ct)
    {
        var db = await dbFactory.CreateDbContextAsync(ct);
        try
        {
            if (!db.Database.IsNpgsql())
            {
                await db.DisposeAsync();
                return null;
            }
            await db.Database.OpenConnectionAsync(ct); // one session for the lock's whole life
            if (await TryLockLivenessAsync(db, owner, ct)) return new Liveness(db, owner);
            logger.LogWarning("Delivery dispatcher {Owner}: its liveness lock is taken; its claims return only when their lease expires.", owner);
            await db.DisposeAsync();
            return null;
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }
    }

    /// <summary>Advisory locks in the two-key space (apart from the single-key write gate of SerializedTransactions): this class, hash of the owner.</summary>
    private const int LivenessLockClass = 0x44504C56; // "DPLV"

    private static int LivenessKey(string owner) => BitConverter.ToInt32(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(owner)), 0);

    private static async Task<bool> TryLockLivenessAsync(AppDbContext db, string owner, CancellationToken ct) =>
        (await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_lock({LivenessLockClass}, {LivenessKey(owner)}) AS \"Value\"").ToListAsync(ct)).Single();

    private static Task UnlockLivenessAsync(AppDbContext db, string owner, CancellationToken ct) =>
        db.Database.SqlQuery<bool>($"SELECT pg_advisory_unlock({LivenessLockClass}, {LivenessKey(owner)}) AS \"Value\"").ToListAsync(ct);

    private sealed class Liveness(AppDbContext db, string owner) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                // A pooled connection keeps session locks until it is reused: give it back explicitly.
                await UnlockLivenessAsync(db, owner, CancellationToken.None);
            }
            catch (Exception ex) when (ex is DbException or InvalidOperationException)
            {
                // the server or connection is gone: so is the lock
            }
            await db.DisposeAsync();
        }
    }

    private static async Task<int> RecoverUnlockedOwnersAsync(AppDbContext db, string owner, CancellationToken ct)
    {
        var owners = await db.Deliveries.AsNoTracking()
            .Where(d => d.Status == DeliveryStatus.Pending && d.LeaseOwner != null && d.LeaseOwner != owner)
            .Select(d => d.LeaseOwner!).Distinct().ToListAsync(ct);
        if (owners.Count == 0) return 0;
        await db.Database.OpenConnectionAsync(ct);
        var recovered = 0;
        foreach (var other in owners)
        {
            if (!await TryLockLivenessAsync(db, other, ct)) continue; // alive: its claims are its own until their lease ends
            try
            {
                recovered += await db.Deliveries.Where(d => d.LeaseOwner == other && d.Status == DeliveryStatus.Pending)
                    .ExecuteUpdateAsync(s => s
                        .SetProperty(d => d.LeaseOwner, (string?)null)
                        .SetProperty(d => d.LeaseUntilUtc, (DateTimeOffset?)null), ct);
            }
            finally
            {
                await UnlockLivenessAsync(db, other, ct);
            }
        }
        return recovered;
    }

    private static async Task<int> RecoverOnThisMachineAsync(AppDbContext db, string owner, CancellationToken ct)
    {
        var mine = OwnerParts(owner);
        if (mine is null) return 0;
        var prefix = mine.Value.Machine + "/";
        var held = await db.Deliveries.AsNoTracking()
            .Where(d => d.Status == DeliveryStatus.Pending && d.LeaseOwner != null && d.LeaseOwner != owner && d.LeaseOwner.StartsWith(prefix))
            .Select(d => new { d.Id, d.LeaseOwner })
            .ToListAsync(ct);
        var recovered = 0;
        foreach (var claim in held)
        {
            if (OwnerParts(claim.LeaseOwner!) is not { } other || other.Machine != mine.Value.Machine) continue;
            if (other.ProcessId != Environment.ProcessId && IsRunning(other.ProcessId)) continue;
            recovered += await db.Deliveries.Where(d => d.Id == claim.Id && d.LeaseOwner == claim.LeaseOwner && d.Status == DeliveryStatus.Pending)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(d => d.LeaseOwner, (string?)null)
                    .SetProperty(d => d.LeaseUntilUtc, (DateTimeOffset?)null), ct);
        }
        return recovered;
    }

    private static (string Machine, int ProcessId)? OwnerParts(string owner)
    {
        var parts = owner.Split('/');
        return parts.Length == 3 && int.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out var pid) ? (parts[0], pid) : null;
    }

    private static bool IsRunning(int processId)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false; // no such process
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static IQueryable<Delivery> Due(IQueryable<Delivery> query, DateTimeOffset now) =>
        query.Where(d => d.Status == DeliveryStatus.Pending
                         && d.NextAttemptAtUtc <= now
                         && (d.LeaseUntilUtc == null || d.LeaseUntilUtc < now));

    private async Task<bool> ProcessAsync(long id, string owner, Senders senders, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var delivery = await db.Deliveries.AsNoTracking()
            .SingleOrDefaultAsync(d => d.Id == id && d.LeaseOwner == owner && d.Status == DeliveryStatus.Pending, ct);
        if (delivery is null) return false; // lease lost meanwhile

        var token = await db.Tokens.AsNoTracking().SingleOrDefaultAsync(t => t.Id == delivery.TokenId, ct);
        if (token is null || !token.IsUsableAt(time.GetUtcNow()) || token.EncryptedCode is null)
        {
            logger.LogInformation("Delivery {DeliveryId} not sent: token {TokenId} is no longer active.", id, delivery.TokenId);
            return await RecordAsync(db, delivery, owner, SendResult.Rejected(TokenNotActiveError), attempted: false, ct);
        }

        var data = await BuildDataAsync(db, delivery, token, ct);
        if (data is null)
        {
            logger.LogWarning("Delivery {DeliveryId} not sent: treatment {TreatmentId} data is incomplete.", id, delivery.TreatmentId);
            return await RecordAsync(db, delivery, owner, SendResult.Rejected(MissingDataError), attempted: false, ct);
        }

        string code;
        try
        {
            code = codeProtector.Decrypt(token.EncryptedCode);
        }
        catch (CryptographicException)
        {
            logger.LogError("Delivery {DeliveryId} not sent: the code of token {TokenId} cannot be decrypted.", id, token.Id);
            return await RecordAsync(db, delivery, owner, SendResult.Rejected(UnreadableCodeError), attempted: false, ct);
        }
        data = data with { Code = code };

        var reference = $"delivery-{id}";
        SendResult result;
        if (delivery.Channel == DeliveryChannel.Sms)
        {
            var text = TokenMessage.Sms(data);
            if (!TokenMessage.FitsOneSegment(text))
            {
                logger.LogError("Delivery {DeliveryId} not sent: the SMS does not fit one segment.", id);
                return await RecordAsync(db, delivery, owner, SendResult.Rejected(SmsTooLongError), attempted: false, ct);
            }
            result = await SendGuardedAsync(id, delivery.Channel, () => senders.Sms.SendAsync(delivery.Destination, text, reference, ct), ct);
        }
        else
        {
            result = await SendGuardedAsync(id, delivery.Channel, () => senders.Email.SendAsync(delivery.Destination,
                TokenMessage.EmailSubject(data), TokenMessage.EmailText(data), TokenMessage.EmailHtml(data), reference, ct), ct);
        }
        return await RecordAsync(db, delivery, owner, result, attempted: true, ct);
    }

    private async Task<SendResult> SendGuardedAsync(long id, DeliveryChannel channel, Func<Task<SendResult>> send, CancellationToken ct)
    {
        try
        {
            return await send() ?? SendResult.Transient("O provedor não informou o resultado do envio.");
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            // Only the type: a provider's exception message could quote what it was sending.
            logger.LogWarning("Sending delivery {DeliveryId} by {Channel} threw {ExceptionType}; treated as transient.", id, channel, ex.GetType().Name);
            return SendResult.Transient($"Falha inesperada no envio por {Delivery.ChannelDisplay(channel)} ({ex.GetType().Name}).");
        }
    }

    private async Task<TokenMessageData?> BuildDataAsync(AppDbContext db, Delivery delivery, AttendanceToken token, CancellationToken ct)
    {
        var treatment = await db.Treatments.AsNoTracking()
            .Where(t => t.Id == delivery.TreatmentId)
            .Select(t => new { t.Number, t.DentistUserId, t.ClinicId })
            .SingleOrDefaultAsync(ct);
        if (treatment is null) return null;
        var dentist = await db.Dentists.AsNoTracking().Where(d => d.UserId == treatment.DentistUserId).Select(d => d.FullName).FirstOrDefaultAsync(ct)
                      ?? await db.Users.AsNoTracking().Where(u => u.Id == treatment.DentistUserId).Select(u => u.FullName).FirstOrDefaultAsync(ct);
        var clinic = await db.Clinics.AsNoTracking().Where(c => c.Id == treatment.ClinicId).Select(c => c.Name).SingleOrDefaultAsync(ct);
        var beneficiary = await db.Beneficiaries.AsNoTracking().Where(b => b.Id == delivery.BeneficiaryId)
            .Select(b => new { b.FullName, HolderName = b.Holder != null ? b.Holder.FullName : null }).SingleOrDefaultAsync(ct);
        if (string.IsNullOrWhiteSpace(dentist) || clinic is null || beneficiary is null) return null;

        var op = operatorOptions.CurrentValue;
        var sac = (op.Channel("sac") ?? op.Channel("central"))?.Phones.FirstOrDefault()?.Number ?? "";
        static string First(string name) => name.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? name;
        // Routed through the holder (SPEC §9): greet the holder who reads it, name the dependent as the patient.
        var throughHolder = delivery.ThroughHolder && beneficiary.HolderName is not null;
        return new TokenMessageData(op.Name, Code: "", treatment.Number, dentist, clinic,
            token.CreatedAtUtc, token.ExpiresAtUtc, sac, First(throughHolder ? beneficiary.HolderName! : beneficiary.FullName),
            SmsSenderName: string.IsNullOrWhiteSpace(op.SmsName) ? null : op.SmsName,
            PatientFirstName: throughHolder ? First(beneficiary.FullName) : null);
    }

    /// <summary>Writes the outcome if this owner still holds the lease; false when it lost it (nothing written).</summary>
    private async Task<bool> RecordAsync(AppDbContext db, Delivery delivery, string owner, SendResult result, bool attempted, CancellationToken ct)
    {
        var o = options.CurrentValue.Dispatcher;
        var now = time.GetUtcNow();
        var attempts = delivery.Attempts + (attempted ? 1 : 0);
        var mine = db.Deliveries.Where(d => d.Id == delivery.Id && d.LeaseOwner == owner && d.Status == DeliveryStatus.Pending);
        int rows;
        string outcome;

        if (result.Success)
        {
            outcome = "sent";
            var providerId = Truncate(result.ProviderMessageId, 128);
            rows = await mine.ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, DeliveryStatus.Sent)
                .SetProperty(d => d.Attempts, attempts)
                .SetProperty(d => d.SentAtUtc, (DateTimeOffset?)now)
                .SetProperty(d => d.ProviderMessageId, providerId)
                .SetProperty(d => d.LastError, (string?)null)
                .SetProperty(d => d.LeaseOwner, (string?)null)
                .SetProperty(d => d.LeaseUntilUtc, (DateTimeOffset?)null), ct);
        }
        else if (result.Permanent || attempts >= Math.Max(1, o.MaxAttempts))
        {
            var reason = result.Error ?? "Falha no envio.";
            var error = Truncate(result.Permanent ? reason : $"Falhou após {attempts} tentativas: {reason}", 500);
            outcome = "failed";
            // Issue 11 (webhooks): the clinic's "token.entrega_falhou" event commits with the failure, or neither does.
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            rows = await mine.ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, DeliveryStatus.Failed)
                .SetProperty(d => d.Attempts, attempts)
                .SetProperty(d => d.LastError, error)
                .SetProperty(d => d.LeaseOwner, (string?)null)
                .SetProperty(d => d.LeaseUntilUtc, (DateTimeOffset?)null), ct);
            // A token that ended before its message went out is not a failed delivery: the clinic hears of the end itself.
            if (rows == 1 && result.Error != TokenNotActiveError && await Webhooks.WebhookOutbox.StageDeliveryFailedAsync(db, delivery, now, ct))
                await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        else
        {
            var next = now + Backoff(attempts, o);
            var error = Truncate(result.Error ?? "Falha temporária no envio.", 500);
            outcome = "retry";
            rows = await mine.ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Attempts, attempts)
                .SetProperty(d => d.NextAttemptAtUtc, next)
                .SetProperty(d => d.LastError, error)
                .SetProperty(d => d.LeaseOwner, (string?)null)
                .SetProperty(d => d.LeaseUntilUtc, (DateTimeOffset?)null), ct);
        }

        if (rows == 0)
        {
            logger.LogWarning("Delivery {DeliveryId}: lease lost to another worker; outcome '{Outcome}' of this attempt not recorded.", delivery.Id, outcome);
            return false;
        }
        logger.LogInformation("Delivery {DeliveryId} ({Channel}) attempt {Attempts}: {Outcome}.", delivery.Id, delivery.Channel, attempts, outcome);
        events.Publish(new TreatmentChanged(delivery.TreatmentId, "delivery"));
        return true;
    }

    /// <summary>min(MaxDelay, BaseDelay × 2^(attempts−1)) × a jitter in [0.8, 1.2].</summary>
    internal static TimeSpan Backoff(int attempts, DispatcherOptions o)
    {
        var exponential = o.BaseDelaySeconds * Math.Pow(2, Math.Clamp(attempts - 1, 0, 30));
        var capped = Math.Min(o.MaxDelaySeconds, exponential);
        var jitter = 0.8 + Random.Shared.NextDouble() * 0.4;
        return TimeSpan.FromSeconds(Math.Max(0, capped * jitter));
    }

    private static string? Truncate(string? s, int max) => s is null || s.Length <= max ? s : s[..max];

    private sealed class Senders(IServiceProvider services)
    {
        private ISmsSender? sms;
        private IEmailSender? email;
        public ISmsSender Sms => sms ??= services.GetRequiredService<ISmsSender>();
        public IEmailSender Email => email ??= services.GetRequiredService<IEmailSender>();
    }
}
