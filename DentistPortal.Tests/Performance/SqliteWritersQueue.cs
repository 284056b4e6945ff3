using DentistPortal.Domain.Audit;
using DentistPortal.Infrastructure.Data;
using DentistPortal.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
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

    /// <summary>
    /// One test's setting: the gate, a mark unique to the test for its rows, and (when asked) a serialized transaction that
    /// holds the file, as a writer in the middle of its turn.
    /// </summary>
    private sealed class Scene(SqliteWriteGate gate, string run, AppDbContext holder, IDbContextTransaction? held, IDbContextFactory<AppDbContext> contexts) : IAsyncDisposable
    {
        public SqliteWriteGate Gate => gate;
        public string Run => run;

        /// <summary>The holder commits: the next writer in the queue gets the file.</summary>
        public async Task ReleaseAsync()
        {
            await held!.CommitAsync();
            await held.DisposeAsync();
        }

        /// <summary>The marks of this test's rows, in the order they were written.</summary>
        public async Task<List<string?>> RowsAsync()
        {
            await using var ctx = await contexts.CreateDbContextAsync();
            return await ctx.AuditEntries.Where(e => e.Detail!.StartsWith(run)).OrderBy(e => e.Id).Select(e => e.Detail).ToListAsync();
        }

        public async ValueTask DisposeAsync()
        {
            if (held is not null) await held.DisposeAsync();
            await holder.DisposeAsync();
        }
    }

    private async Task<Scene> SceneAsync(bool holdTheFile)
    {
        var holder = await contexts.CreateDbContextAsync();
        var held = holdTheFile ? await holder.Database.BeginSerializedTransactionAsync(CancellationToken.None) : null;
        return new Scene(Gate(), Guid.NewGuid().ToString("N")[..8], holder, held, contexts);
    }

    [Fact]
    public async Task WritersWaitingForTheFileGetItInTheOrderTheyAsked()
    {
        await using var scene = await SceneAsync(holdTheFile: true);
        var writers = new List<Task>();
        for (var i = 0; i < 6; i++)
        {
            var write = WriteAsync($"{scene.Run}-{i}", inTransaction: i % 2 == 1);
            writers.Add(write);
            await WaitUntilAsync(() => scene.Gate.Waiting == writers.Count, write);
        }
        await scene.ReleaseAsync();
        await Task.WhenAll(writers);

        Assert.Equal(Enumerable.Range(0, 6).Select(i => $"{scene.Run}-{i}"), await scene.RowsAsync());
        Assert.False(scene.Gate.IsHeld);
    }

    [Fact]
    public async Task AWriterCancelledWhileQueuedLeavesTheQueueAndTheNextOneStillWrites()
    {
        await using var scene = await SceneAsync(holdTheFile: true);
        using var cancel = new CancellationTokenSource();

        var queued = WriteAsync($"{scene.Run}-cancelled", inTransaction: true, cancel.Token);
        await WaitUntilAsync(() => scene.Gate.Waiting == 1, queued);
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued);
        Assert.Equal(0, scene.Gate.Waiting);
        await scene.ReleaseAsync();
        await WriteAsync($"{scene.Run}-next", inTransaction: false);
        Assert.Equal([$"{scene.Run}-next"], await scene.RowsAsync());
        Assert.False(scene.Gate.IsHeld);
    }

    [Fact]
    public async Task ATransactionDisposedWithoutCommitOpensTheGateForTheNextWriter()
    {
        await using var scene = await SceneAsync(holdTheFile: false);
        await using var abandoning = await contexts.CreateDbContextAsync();
        var tx = await abandoning.Database.BeginSerializedTransactionAsync(CancellationToken.None);
        abandoning.AuditEntries.Add(Line($"{scene.Run}-abandoned"));
        await abandoning.SaveChangesAsync();
        Assert.True(scene.Gate.IsHeld);

        await tx.DisposeAsync(); // an early return before the commit

        Assert.False(scene.Gate.IsHeld);
        await WriteAsync($"{scene.Run}-next", inTransaction: true);
        Assert.Equal([$"{scene.Run}-next"], await scene.RowsAsync());
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

    [Fact]
    public async Task ACommitWaitsForTheDiskSoAValidatedAttendanceSurvivesAPowerCut()
    {
        // Issue 13 tried synchronous=NORMAL (a commit no longer waits for fsync under WAL); refused: a power cut or an OS
        // crash could then roll back a token validation the dentist was told had succeeded. FULL (2) is kept.
        await using var ctx = await contexts.CreateDbContextAsync();
        await ctx.Database.OpenConnectionAsync();
        await using var command = ctx.Database.GetDbConnection().CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", (string)(await command.ExecuteScalarAsync())!, ignoreCase: true);
        command.CommandText = "PRAGMA synchronous";
        Assert.Equal(2L, (long)(await command.ExecuteScalarAsync())!); // 2 = FULL, 1 = NORMAL
    }

    [Theory]
    [InlineData("INSERT INTO x VALUES (1)", true)]
    [InlineData("  -- tag\nUPDATE x SET y = 1 RETURNING 1", true)]
    [InlineData("DELETE FROM x", true)]
    [InlineData("SELECT * FROM x", false)]
    [InlineData("PRAGMA journal_mode", false)]
    public void OnlyStatementsThatWriteQueue(string sql, bool writes) => Assert.Equal(writes, SqliteWriteGate.Interceptor.IsWrite(sql));
}
