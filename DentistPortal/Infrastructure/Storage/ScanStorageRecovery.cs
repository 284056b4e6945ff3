using System.Diagnostics;
using DentistPortal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Infrastructure.Storage;

/// <summary>What one pass of <see cref="ScanStorageRecovery"/> did.</summary>
public sealed record ScanRecoveryPass(int PutInPlace, int Deleted);

/// <summary>
/// Finishes or undoes uploads a dead process left in the scans' <c>.incoming</c> folder (issue 10: no orphan files on any
/// failure path, a process killed while registering a guide loses nothing). At start-up and then every
/// <see cref="Interval"/>, for each stale file there (written before this process started, or longer than
/// <see cref="StaleAfter"/> ago, so an upload in progress is never touched):
/// a reserved file whose signed-guide row is committed is moved into place (the commit happened, the move did not);
/// anything else (a partial <c>.part</c>, a reserved file whose transaction never committed) is deleted.
/// </summary>
public sealed class ScanStorageRecovery(IScanStorage storage, IDbContextFactory<AppDbContext> dbFactory, ILogger<ScanStorageRecovery> logger)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(30);

    // File times come from the operating system's clock, so ages are measured on it (not on the injected TimeProvider).
    private static readonly DateTime ProcessStartedUtc = Process.GetCurrentProcess().StartTime.ToUniversalTime();

    /// <summary>Raised after each pass (tests and logs).</summary>
    public event Action<ScanRecoveryPass>? PassCompleted;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
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
        while (await WaitAsync(timer, stoppingToken));
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

    /// <summary>One pass over the stale files of the incoming folder.</summary>
    public async Task<ScanRecoveryPass> RunOnceAsync(CancellationToken ct)
    {
        if (storage is not FileScanStorage files || !Directory.Exists(files.IncomingFolder)) return new(0, 0);
        var staleBefore = TimeProvider.System.GetUtcNow().UtcDateTime - StaleAfter;
        var stale = Directory.GetFiles(files.IncomingFolder)
            .Select(path => new FileInfo(path))
            .Where(f => f.LastWriteTimeUtc < ProcessStartedUtc || f.LastWriteTimeUtc < staleBefore)
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
