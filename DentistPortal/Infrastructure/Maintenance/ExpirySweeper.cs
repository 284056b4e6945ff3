using DentistPortal.Domain.Tokens;
using DentistPortal.Infrastructure.Data;
using DentistPortal.Infrastructure.Messaging;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Infrastructure.Maintenance;

/// <summary>What one pass of <see cref="ExpirySweeper"/> did.</summary>
public sealed record SweepPass(DateTimeOffset AtUtc, int TokensExpired, int IdempotencyRecordsPruned);

/// <summary>
/// Issue 9 §9: every <see cref="Interval"/> of the injected <see cref="TimeProvider"/>, ends the Active tokens whose
/// lifetime is over (status Expired, encrypted copy erased: TR-5, TR-9) so no readable code outlives its token by more
/// than a minute, even if nobody touches it; and prunes idempotency records older than a day (issue 9 §3).
/// Each token is ended by its own rule (<see cref="AttendanceToken.ExpireIfDue"/>) under optimistic concurrency: a token
/// validated or re-issued meanwhile is left alone. <see cref="PassCompleted"/> is raised after every pass (tests wait on it).
/// </summary>
public sealed class ExpirySweeper(IDbContextFactory<AppDbContext> dbFactory, ITreatmentEvents events, TimeProvider time, ILogger<ExpirySweeper> logger)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);
    private const int BatchSize = 200;

    /// <summary>Raised after each pass, with what it did.</summary>
    public event Action<SweepPass>? PassCompleted;

    private PeriodicTimer? timer;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Created here, not in ExecuteAsync (which .NET runs in the background): the period starts from the clock at
        // start-up, whatever the thread pool does (tests advance a fake clock right after starting).
        timer = new PeriodicTimer(Interval, time);
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = this.timer ?? new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    PassCompleted?.Invoke(await RunOnceAsync(stoppingToken));
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception ex)
                {
                    logger.LogError(ex, "Expiry sweep failed; trying again at the next tick.");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
    }

    /// <summary>One pass: expires every due Active token (in batches) and prunes old idempotency records.</summary>
    public async Task<SweepPass> RunOnceAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var expired = 0;
        var changedTreatments = new HashSet<int>();
        for (var round = 0; round < 50; round++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var due = await db.Tokens.Where(t => t.Status == TokenStatus.Active && t.ExpiresAtUtc <= now)
                .OrderBy(t => t.ExpiresAtUtc).Take(BatchSize).ToListAsync(ct);
            if (due.Count == 0) break;
            foreach (var token in due)
            {
                if (token.ExpireIfDue(now)) changedTreatments.Add(token.TreatmentId);
            }
            try
            {
                await db.SaveChangesAsync(ct);
                expired += due.Count;
            }
            catch (Exception ex) when (DbRetry.IsLostRace(ex))
            {
                // Someone validated or re-issued one of them meanwhile: read again next loop with fresh data.
                logger.LogDebug("Expiry sweep lost a race; reading the due tokens again.");
            }
            if (due.Count < BatchSize && expired > 0) break;
        }

        var cutoff = now - IdempotencyRecord.Retention;
        int pruned;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            pruned = await db.IdempotencyRecords.Where(r => r.CreatedAtUtc <= cutoff).ExecuteDeleteAsync(ct);

        foreach (var id in changedTreatments) events.Publish(new TreatmentChanged(id, "token"));
        if (expired > 0) logger.LogInformation("Expiry sweep ended {Count} expired token(s).", expired);
        return new SweepPass(now, expired, pruned);
    }
}
