using System.Diagnostics;

namespace DentistPortal.Bench;

/// <summary>One caller: runs operation i (an index into the scenario's prepared work) and says whether it was right.</summary>
public interface IBenchWorker : IAsyncDisposable
{
    Task<bool> RunAsync(int index);
}

public sealed record Measurement(string Scenario, int Callers, int Ops, int Failures, TimeSpan Elapsed, double P50Ms, double P95Ms, double P99Ms, double MaxMs, string? FirstFailure)
{
    public double OpsPerSecond => Ops / Elapsed.TotalSeconds;

    /// <summary>SQL commands EF Core executed per operation (NaN for the bare loops, which do not go through EF).</summary>
    public double CommandsPerOp { get; init; } = double.NaN;

    /// <summary>Transaction statements (BEGIN/COMMIT/SAVEPOINT/RELEASE) EF Core issued per operation.</summary>
    public double TransactionStatementsPerOp { get; init; } = double.NaN;

    /// <summary>Issue 13: CPU time of this process (portal instances + bench; not the PostgreSQL server) per operation, ms.</summary>
    public double CpuMsPerOp { get; init; } = double.NaN;

    /// <summary>Issue 13: time queued for the right to write per operation, ms (SQLite: the process's write gate; PostgreSQL: the advisory-lock statements).</summary>
    public double QueuedMsPerOp { get; init; } = double.NaN;

    /// <summary>
    /// Issue 13: time inside COMMIT per operation, ms (the handlers: EF Core's measured commit; the bare loops: the commit
    /// call). The part of an operation no code change above the database makes shorter: writing and syncing the pages.
    /// </summary>
    public double CommitMsPerOp { get; init; } = double.NaN;
}

public static class Runner
{
    /// <summary>
    /// <paramref name="callers"/> Task-based workers pull operation indexes from one shared counter until
    /// <paramref name="ops"/> are done; ops/s is ops over the wall time from the first start to the last finish.
    /// </summary>
    public static async Task<Measurement> RunAsync(string scenario, int callers, int ops, Func<int, Task<IBenchWorker>> newWorker)
    {
        var latencies = new double[ops];
        var next = -1;
        var failures = 0;
        string? firstFailure = null;

        var workers = new IBenchWorker[callers];
        for (var w = 0; w < callers; w++) workers[w] = await newWorker(w);

        var clock = Stopwatch.StartNew();
        var tasks = new Task[callers];
        for (var w = 0; w < callers; w++)
        {
            var worker = workers[w];
            tasks[w] = Task.Run(async () =>
            {
                while (true)
                {
                    var i = Interlocked.Increment(ref next);
                    if (i >= ops) return;
                    var start = Stopwatch.GetTimestamp();
                    bool ok;
                    try
                    {
                        ok = await worker.RunAsync(i);
                        if (!ok) Interlocked.CompareExchange(ref firstFailure, $"operation {i}: wrong result", null);
                    }
                    catch (Exception ex)
                    {
                        ok = false;
                        Interlocked.CompareExchange(ref firstFailure, $"operation {i}: {ex.GetType().Name}: {ex.Message}", null);
                    }
                    latencies[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                    if (!ok) Interlocked.Increment(ref failures);
                }
            });
        }

        await Task.WhenAll(tasks);
        clock.Stop();

        foreach (var worker in workers) await worker.DisposeAsync();

        Array.Sort(latencies);
        return new Measurement(scenario, callers, ops, failures, clock.Elapsed,
            Percentile(latencies, 0.50), Percentile(latencies, 0.95), Percentile(latencies, 0.99), latencies[^1], firstFailure);
    }

    /// <summary>Nearest-rank percentile of a sorted array.</summary>
    public static double Percentile(double[] sorted, double p)
    {
        var rank = (int)Math.Ceiling(p * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
