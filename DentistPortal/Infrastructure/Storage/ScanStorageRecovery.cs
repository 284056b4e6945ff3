using DentistPortal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Infrastructure.Storage;

/// <summary>What one pass of <see cref="ScanStorageRecovery"/> did.</summary>
public sealed record ScanRecoveryPass(int PutInPlace, int Deleted);

/// <summary>
/// Finishes or undoes uploads a dead process left in the scans' <c>.incoming</c> folder (issue 10: no orphan files on any
/// failure path, a process killed while registering a guide loses nothing). At start-up, before the server takes
/// requests, every file there is a previous run's (one portal process per database and scans folder, as SQLite
/// requires); then every <see cref="Interval"/>, only files written longer than <see cref="StaleAfter"/> ago, so an
/// upload in progress is never touched. For each:
/// a reserved file whose signed-guide row is committed is moved into place (the commit happened, the move did not);
/// anything else (a partial <c>.part</c>, a reserved file whose transaction never committed) is deleted.
/// </summary>
public sealed class ScanStorageRecovery(IScanStorage storage, IDbContextFactory<AppDbContext> dbFactory, ILogger<ScanStorageRecovery> logger)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(30);

    /// <summary>Raised after each pass (tests and logs).</summary>
    public event Action<ScanRecoveryPass>? PassCompleted;

    /// <summary>The start-up pass, awaited before the server starts: nothing of this run is in the folder yet.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            var pass = await RunOnceAsync(cancellationToken, atStartup: true);
            PassCompleted?.Invoke(pass);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Recovery of the signed-guide uploads failed at start-up; trying again in {Interval}.", Interval);
        }
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await WaitAsync(timer, stoppingToken))
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
                logger.LogError(ex, "Recovery of the signed-guide uploads failed; trying again in {Interval}.", Interval);
            }
        }
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>One pass over the incoming folder: every file at start-up, else the stale ones.</summary>
    public async Task<ScanRecoveryPass> RunOnceAsync(CancellationToken ct, bool atStartup = false)
    {
        if (storage is not FileScanStorage files || !Directory.Exists(files.IncomingFolder))
        {
            logger.LogWarning("Signed-guide upload recovery skipped: storage {Storage} has no incoming folder.", storage.GetType().Name);
            return new(0, 0);
        }
        // File times come from the operating system's clock, so ages are measured on it (not on the injected TimeProvider).
        var staleBefore = TimeProvider.System.GetUtcNow().UtcDateTime - StaleAfter;
        var stale = Directory.GetFiles(files.IncomingFolder)
            .Select(path => new FileInfo(path))
            .Where(f => atStartup || f.LastWriteTimeUtc < staleBefore)
            .ToList();
        if (stale.Count == 0) return new(0, 0);

        var reserved = stale.Where(f => !f.Name.EndsWith(FileScanStorage.PartSuffix, StringComparison.Ordinal)).Select(f => f.Name).ToList();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var committed = (await db.SignedGuides.AsNoTracking().Where(g => reserved.Contains(g.StoredFileName)).Select(g => g.StoredFileName).ToListAsync(ct))
            .ToHashSet(StringComparer.Ordinal);

        int placed = 0, deleted = 0;
        foreach (var file in stale)
        {
            if (committed.Contains(file.Name))
            {
                var target = Path.Combine(files.Root, file.Name);
                if (File.Exists(target)) FileScanStorage.DeleteQuietly(file.FullName); // already in place: a leftover copy
                else File.Move(file.FullName, target, overwrite: false);
                placed++;
                logger.LogWarning("Signed-guide scan {StoredFileName} was committed but not yet in place (process stopped); moved now.", file.Name);
            }
            else
            {
                FileScanStorage.DeleteQuietly(file.FullName);
                deleted++;
                logger.LogInformation("Deleted an unfinished signed-guide upload {FileName} (no committed row).", file.Name);
            }
        }
        return new(placed, deleted);
    }
}
