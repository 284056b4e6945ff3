using DentistPortal.Domain.Audit;
using DentistPortal.Infrastructure.Data;
using DentistPortal.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace DentistPortal.Tests.Performance;

/// <summary>A SQLite database whatever the run's provider: the write gate is SQLite's (issue 13).</summary>
public sealed class SqliteOnlyDatabase : TestDatabase
{
    public override bool OnPostgreSql => false;
}

/// <summary>
/// Issue 13 ("No latency cliffs"): on SQLite the writers of one process queue for the file on <see cref="SqliteWriteGate"/>
/// (first come, first served) instead of polling for it with 150 ms sleeps on <c>SQLITE_BUSY</c>; leaving the queue
/// (cancellation) or abandoning a transaction never leaves the gate shut; and SQLite's own busy handler covers other processes.
/// </summary>
public sealed class SqliteWritersQueue(SqliteOnlyDatabase db) : IClassFixture<SqliteOnlyDatabase>
{
    private readonly IDbContextFactory<AppDbContext> contexts = db.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();

    private SqliteWriteGate Gate() => SqliteWriteGate.For(db.Configuration.GetConnectionString("DefaultConnection") is { } cs
        ? SqliteConnectionStrings.Resolve(cs, AppContext.BaseDirectory) : throw new InvalidOperationException());

    private static AuditEntry Line(string mark) => new()
    {
        AtUtc = DateTimeOffset.UnixEpoch,
        ActorUserId = "gate-test",
        ActorName = "gate test",
        ActorRole = "Admin",
        Action = "test.gate",
        Outcome = "ok",
        Detail = mark,
    };

    /// <summary>One write as the portal does them: a one-statement SaveChanges (no transaction) or a serialized transaction.</summary>
    private async Task WriteAsync(string mark, bool inTransaction, CancellationToken ct = default)
    {
        await using var ctx = await contexts.CreateDbContextAsync(ct);
        ctx.AuditEntries.Add(Line(mark));
        if (!inTransaction)
        {
            await ctx.SaveChangesAsync(ct);
            return;
        }
        await using var tx = await ctx.Database.BeginSerializedTransactionAsync(ct);
        await ctx.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, Task? mustNotFinish = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            if (mustNotFinish is { IsCompleted: true }) await mustNotFinish; // surfaces its exception, if any
            Assert.False(mustNotFinish?.IsCompleted, "The write finished instead of queueing.");
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The writer never queued.");
            await Task.Delay(5);
        }
    }

    [Fact]
    public async Task WritersWaitingForTheFileGetItInTheOrderTheyAsked()
    {
        var gate = Gate();
        var run = Guid.NewGuid().ToString("N")[..8];
        await using var holder = await contexts.CreateDbContextAsync();
        var held = await holder.Database.BeginSerializedTransactionAsync(CancellationToken.None);

        var writers = new List<Task>();
        for (var i = 0; i < 6; i++)
        {
            var write = WriteAsync($"{run}-{i}", inTransaction: i % 2 == 1);
            writers.Add(write);
            await WaitUntilAsync(() => gate.Waiting == writers.Count, write);
        }
        await held.CommitAsync();
        await held.DisposeAsync();
        await Task.WhenAll(writers);

        await using var ctx = await contexts.CreateDbContextAsync();
        var order = await ctx.AuditEntries.Where(e => e.Action == "test.gate" && e.Detail!.StartsWith(run)).OrderBy(e => e.Id).Select(e => e.Detail).ToListAsync();
        Assert.Equal(Enumerable.Range(0, 6).Select(i => $"{run}-{i}"), order);
        Assert.False(gate.IsHeld);
    }

    [Fact]
    public async Task AWriterCancelledWhileQueuedLeavesTheQueueAndTheNextOneStillWrites()
    {
        var gate = Gate();
        var run = Guid.NewGuid().ToString("N")[..8];
        await using var holder = await contexts.CreateDbContextAsync();
        var held = await holder.Database.BeginSerializedTransactionAsync(CancellationToken.None);
        using var cancel = new CancellationTokenSource();

        var queued = WriteAsync($"{run}-cancelled", inTransaction: true, cancel.Token);
        await WaitUntilAsync(() => gate.Waiting == 1, queued);
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued);
        Assert.Equal(0, gate.Waiting);
        await held.CommitAsync();
        await held.DisposeAsync();
        await WriteAsync($"{run}-next", inTransaction: false);
        await using var ctx = await contexts.CreateDbContextAsync();
        Assert.Equal([$"{run}-next"], await ctx.AuditEntries.Where(e => e.Detail!.StartsWith(run)).Select(e => e.Detail).ToListAsync());
        Assert.False(gate.IsHeld);
    }

    [Fact]
    public async Task ATransactionDisposedWithoutCommitOpensTheGateForTheNextWriter()
    {
        var gate = Gate();
        var run = Guid.NewGuid().ToString("N")[..8];
        await using var abandoning = await contexts.CreateDbContextAsync();
        var tx = await abandoning.Database.BeginSerializedTransactionAsync(CancellationToken.None);
        abandoning.AuditEntries.Add(Line($"{run}-abandoned"));
        await abandoning.SaveChangesAsync();
        Assert.True(gate.IsHeld);

        await tx.DisposeAsync(); // an early return before the commit

        Assert.False(gate.IsHeld);
        await WriteAsync($"{run}-next", inTransaction: true);
        await using var ctx = await contexts.CreateDbContextAsync();
        Assert.Equal([$"{run}-next"], await ctx.AuditEntries.Where(e => e.Detail!.StartsWith(run)).Select(e => e.Detail).ToListAsync());
    }

    [Fact]
    public async Task AWriteThatFailsReleasesTheGate()
    {
        var gate = Gate();
        await using var ctx = await contexts.CreateDbContextAsync();
        await Assert.ThrowsAsync<SqliteException>(() => ctx.Database.ExecuteSqlRawAsync("UPDATE NoSuchTable SET x = 1"));
        Assert.False(gate.IsHeld);
        await WriteAsync(Guid.NewGuid().ToString("N"), inTransaction: false);
    }

    [Fact]
    public async Task EveryConnectionWaitsForOtherProcessesInsideSqlite()
    {
        // Another process on the file (the CLI, a second instance) is not in this process's queue: SQLite's busy
        // handler waits for it (up to the connection's Default Timeout) instead of failing at once or sleeping 150 ms.
        await using var ctx = await contexts.CreateDbContextAsync();
        await ctx.Database.OpenConnectionAsync();
        var connection = ctx.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA busy_timeout";
        Assert.Equal(30_000L, (long)(await command.ExecuteScalarAsync())!);
    }

    [Theory]
    [InlineData("INSERT INTO x VALUES (1)", true)]
    [InlineData("  -- tag\nUPDATE x SET y = 1 RETURNING 1", true)]
    [InlineData("DELETE FROM x", true)]
    [InlineData("SELECT * FROM x", false)]
    [InlineData("PRAGMA journal_mode", false)]
    public void OnlyStatementsThatWriteQueue(string sql, bool writes) => Assert.Equal(writes, SqliteWriteGate.Interceptor.IsWrite(sql));
}
