using System.Security.Cryptography;
using System.Text;
using DentistPortal.Domain.Webhooks;
using DentistPortal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DentistPortal.Infrastructure.Webhooks;

/// <summary>
/// One pass of the webhook outbox (issue 11, webhooks): claims due events under a lease (one conditional UPDATE per row,
/// so two workers or two instances never hold the same row), posts each signed body to its clinic's URL and records the
/// outcome only while still holding the lease. 2xx = delivered; any other answer, a timeout or a refused connection is
/// tried again after an exponential backoff with jitter, up to <see cref="WebhookOptions.MaxAttempts"/>, then failed.
/// Redirects are not followed. Of the receiver's answer only a short excerpt is kept. Delivery is at-least-once: the
/// receiver deduplicates by the event id. The secret is never logged.
/// </summary>
public sealed class WebhookWorker(
    IDbContextFactory<AppDbContext> dbFactory,
    IHttpClientFactory httpFactory,
    WebhookSecrets secrets,
    IOptionsMonitor<WebhookOptions> options,
    TimeProvider time,
    ILogger<WebhookWorker> logger,
    IHostEnvironment? environment = null)
{
    public const string HttpClientName = "webhooks";
    public const string CancelledError = "Webhook da clínica desativado: evento não enviado.";
    public const string RefusedDestinationError = "Destino interno recusado: o endereço do webhook resolve para a rede interna.";
    public const string UnreadableSecretError = "Não foi possível ler o segredo do webhook (chave de proteção indisponível): gere um novo segredo.";
    private const int ExcerptBytes = 1024;

    /// <summary>Claims, posts and records up to BatchSize due events. Returns how many outcomes were recorded.</summary>
    public async Task<int> RunOnceAsync(string owner, CancellationToken ct)
    {
        var claimed = await ClaimAsync(owner, ct);
        var recorded = 0;
        foreach (var id in claimed)
        {
            ct.ThrowIfCancellationRequested();
            try
            {
                if (await ProcessAsync(id, owner, ct)) recorded++;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Webhook event {WebhookDeliveryId} could not be processed; it will be claimed again after its lease.", id);
            }
        }
        return recorded;
    }

    /// <summary>Takes a lease on up to BatchSize due events (Pending, due, no live lease).</summary>
    public async Task<IReadOnlyList<long>> ClaimAsync(string owner, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        var o = options.CurrentValue;
        var batch = Math.Max(1, o.BatchSize);
        var now = time.GetUtcNow();
        var leaseUntil = now.AddSeconds(Math.Max(1, o.LeaseSeconds));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var candidates = await Due(db.WebhookDeliveries, now).OrderBy(d => d.NextAttemptAtUtc).ThenBy(d => d.Id)
            .Select(d => d.Id).Take(batch * 2).ToListAsync(ct);
        var claimed = new List<long>(batch);
        foreach (var id in candidates)
        {
            if (claimed.Count == batch) break;
            var rows = await Due(db.WebhookDeliveries.Where(d => d.Id == id), now).ExecuteUpdateAsync(s => s
                .SetProperty(d => d.LeaseOwner, owner)
                .SetProperty(d => d.LeaseUntilUtc, (DateTimeOffset?)leaseUntil), ct);
            if (rows == 1) claimed.Add(id);
        }
        return claimed;
    }

    /// <summary>Gives back the leases this owner holds on events it did not record (graceful stop).</summary>
    public async Task<int> ReleaseAsync(string owner, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.WebhookDeliveries.Where(d => d.LeaseOwner == owner && d.Status == WebhookDeliveryStatus.Pending)
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.LeaseOwner, (string?)null)
                .SetProperty(d => d.LeaseUntilUtc, (DateTimeOffset?)null), ct);
    }

    private static IQueryable<WebhookDelivery> Due(IQueryable<WebhookDelivery> query, DateTimeOffset now) =>
        query.Where(d => d.Status == WebhookDeliveryStatus.Pending && d.NextAttemptAtUtc <= now && (d.LeaseUntilUtc == null || d.LeaseUntilUtc < now));

    private async Task<bool> ProcessAsync(long id, string owner, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.WebhookDeliveries.AsNoTracking()
            .SingleOrDefaultAsync(d => d.Id == id && d.LeaseOwner == owner && d.Status == WebhookDeliveryStatus.Pending, ct);
        if (row is null) return false; // lease lost meanwhile

        // The subscription of the row's own clinic, read now: another clinic's URL is never used, a deactivated one never posted to.
        var subscription = await db.WebhookSubscriptions.AsNoTracking()
            .SingleOrDefaultAsync(s => s.Id == row.SubscriptionId && s.ClinicId == row.ClinicId, ct);
        if (subscription is null || !subscription.IsActive)
            return await RecordAsync(db, row, owner, Outcome.End(WebhookDeliveryStatus.Cancelled, CancelledError), attempted: false, ct);
        if (WebhookUrl.WhyRefused(subscription.Url, environment?.IsDevelopment() == true) is { } refused)
            return await RecordAsync(db, row, owner, Outcome.End(WebhookDeliveryStatus.Failed, refused), attempted: false, ct);

        string secret;
        try
        {
            secret = secrets.Unprotect(subscription.ProtectedSecret);
        }
        catch (CryptographicException)
        {
            logger.LogError("Webhook event {WebhookDeliveryId} not sent: the clinic's signing secret cannot be decrypted.", id);
            return await RecordAsync(db, row, owner, Outcome.End(WebhookDeliveryStatus.Failed, UnreadableSecretError), attempted: false, ct);
        }

        var outcome = await PostAsync(row, subscription.Url, secret, ct);
        return await RecordAsync(db, row, owner, outcome, attempted: true, ct);
    }

    private async Task<Outcome> PostAsync(WebhookDelivery row, string url, string secret, CancellationToken ct)
    {
        var o = options.CurrentValue;
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(row.Payload, Encoding.UTF8, "application/json"),
        };
        request.Content.Headers.ContentType!.CharSet = null; // exactly "application/json"
        request.Headers.Add(WebhookSignature.Header, WebhookSignature.Compute(secret, time.GetUtcNow().ToUnixTimeSeconds(), row.Payload));
        request.Headers.Add(WebhookSignature.EventIdHeader, row.EventId);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(Math.Clamp(o.TimeoutSeconds, 1, 60)));
        var http = httpFactory.CreateClient(HttpClientName);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = (int)response.StatusCode;
            var excerpt = await ExcerptAsync(response, timeout.Token);
            logger.LogInformation("Webhook event {EventId} posted for clinic {ClinicId}: HTTP {Status}.", row.EventId, row.ClinicId, status);
            return response.IsSuccessStatusCode
                ? new Outcome(WebhookDeliveryStatus.Delivered, status, null, excerpt, Final: true)
                : new Outcome(WebhookDeliveryStatus.Pending, status,
                    status is >= 300 and < 400 ? $"O receptor respondeu com redirecionamento (HTTP {status}); o portal não segue redirecionamentos: corrija a URL."
                                               : $"O receptor respondeu HTTP {status}.", excerpt, Final: false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException)
        {
            logger.LogWarning("Webhook event {EventId} for clinic {ClinicId}: no answer in time.", row.EventId, row.ClinicId);
            return new Outcome(WebhookDeliveryStatus.Pending, null, $"O receptor não respondeu em {o.TimeoutSeconds} segundos.", null, Final: false);
        }
        catch (HttpRequestException ex) when (Refused(ex))
        {
            logger.LogWarning("Webhook event {EventId} for clinic {ClinicId}: internal destination refused.", row.EventId, row.ClinicId);
            return new Outcome(WebhookDeliveryStatus.Pending, null, RefusedDestinationError, null, Final: false);
        }
        catch (HttpRequestException ex)
        {
            logger.LogWarning("Webhook event {EventId} for clinic {ClinicId}: unreachable ({Error}).", row.EventId, row.ClinicId, ex.HttpRequestError);
            return new Outcome(WebhookDeliveryStatus.Pending, null, "Receptor inacessível (falha de conexão).", null, Final: false);
        }
    }

    private static bool Refused(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
            if (ex is WebhookDestinationRefusedException) return true;
        return false;
    }

    private static async Task<string?> ExcerptAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(ct);
            var buffer = new byte[ExcerptBytes];
            var read = 0;
            while (read < buffer.Length)
            {
                var n = await stream.ReadAsync(buffer.AsMemory(read), ct);
                if (n == 0) break;
                read += n;
            }
            return WebhookDelivery.Excerpt(Encoding.UTF8.GetString(buffer, 0, read));
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            return null;
        }
    }

    private async Task<bool> RecordAsync(AppDbContext db, WebhookDelivery row, string owner, Outcome outcome, bool attempted, CancellationToken ct)
    {
        var o = options.CurrentValue;
        var now = time.GetUtcNow();
        var attempts = row.Attempts + (attempted ? 1 : 0);
        var mine = db.WebhookDeliveries.Where(d => d.Id == row.Id && d.LeaseOwner == owner && d.Status == WebhookDeliveryStatus.Pending);
        var status = outcome.Status;
        var error = outcome.Error;
        var next = row.NextAttemptAtUtc;
        if (status == WebhookDeliveryStatus.Pending)
        {
            if (attempts >= Math.Max(1, o.MaxAttempts))
            {
                status = WebhookDeliveryStatus.Failed;
                error = $"Falhou após {attempts} tentativas: {error}";
            }
            else
            {
                next = now + WebhookDelivery.Backoff(attempts, o.BaseDelaySeconds, o.MaxDelaySeconds, Random.Shared.NextDouble());
            }
        }
        error = error is { Length: > 500 } ? error[..500] : error;
        DateTimeOffset? deliveredAt = status == WebhookDeliveryStatus.Delivered ? now : null;
        var rows = await mine.ExecuteUpdateAsync(s => s
            .SetProperty(d => d.Status, status)
            .SetProperty(d => d.Attempts, attempts)
            .SetProperty(d => d.NextAttemptAtUtc, next)
            .SetProperty(d => d.DeliveredAtUtc, deliveredAt)
            .SetProperty(d => d.LastHttpStatus, outcome.HttpStatus)
            .SetProperty(d => d.LastError, error)
            .SetProperty(d => d.LastResponseExcerpt, outcome.Excerpt)
            .SetProperty(d => d.LeaseOwner, (string?)null)
            .SetProperty(d => d.LeaseUntilUtc, (DateTimeOffset?)null), ct);
        if (rows == 0)
        {
            logger.LogWarning("Webhook event {EventId}: lease lost to another worker; this attempt's outcome not recorded.", row.EventId);
            return false;
        }
        logger.LogInformation("Webhook event {EventId} attempt {Attempts}: {Status}.", row.EventId, attempts, status);
        return true;
    }

    private sealed record Outcome(WebhookDeliveryStatus Status, int? HttpStatus, string? Error, string? Excerpt, bool Final)
    {
        public static Outcome End(WebhookDeliveryStatus status, string error) => new(status, null, error, null, Final: true);
    }
}
