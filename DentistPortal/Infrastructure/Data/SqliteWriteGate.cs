using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;

namespace DentistPortal.Infrastructure.Data;

/// <summary>
/// Issue 13 ("No latency cliffs"): SQLite has one writer at a time, and Microsoft.Data.Sqlite answers a busy database by
/// sleeping 150 ms and trying again, so under load writers poll and starve (p99 of seconds). This gate makes the writers
/// of one process <b>queue</b> instead: one FIFO slot (<see cref="SemaphoreSlim"/>) per database file, taken
/// asynchronously before a write starts and released when it ends, so a waiting writer holds no thread and gets the
/// database the moment the previous one commits.
/// <list type="bullet">
/// <item>Transactions (<see cref="SerializedTransactions"/>, EF Core's own around a <c>SaveChanges</c> of several
/// statements, migrations): the slot is taken before <c>BEGIN IMMEDIATE</c> (<see cref="Interceptor"/>) and released by
/// the commit, the rollback or the dispose of the transaction (<see cref="TransactionFactory"/>), so a transaction
/// abandoned without commit frees it as soon as it is disposed (at the latest with its context).</item>
/// <item>A write outside a transaction (a one-statement <c>SaveChanges</c>, <c>ExecuteUpdate</c>/<c>ExecuteDelete</c>,
/// raw SQL): the slot is held for that command, until its reader is disposed.</item>
/// <item>Reads never take it (WAL: readers do not block the writer).</item>
/// </list>
/// Every EF Core context of the process goes through it (handlers, Identity's stores, the outbox and webhook dispatchers,
/// the Data Protection key store). What remains is contention with <b>other processes</b> on the same file (the CLI, a
/// second instance): for that every connection gets SQLite's own <c>busy_timeout</c> (the connection's
/// <c>Default Timeout</c>), so SQLite waits inside the call with its short back-off rather than failing at once.
/// A writer that cannot get the slot within the same timeout fails like a busy database did before (SQLite error 5),
/// which <see cref="DbRetry"/> treats as a lost race; cancellation while queued leaves the queue at once.
/// Never start a write on a second context while holding a transaction on another one in the same flow: it waits
/// for itself until that timeout (it did the same on <c>SQLITE_BUSY</c> before the gate).
/// </summary>
public sealed class SqliteWriteGate
{
    private static readonly ConcurrentDictionary<string, SqliteWriteGate> ByFile = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, SqliteWriteGate> ByConnectionString = new(StringComparer.Ordinal);

    private readonly SemaphoreSlim slot = new(1, 1);
    private int waiting;
    private long queuedTicks;

    private SqliteWriteGate(string file, TimeSpan timeout)
    {
        File = file;
        Timeout = timeout;
    }

    /// <summary>The database file this gate guards (full path), or the connection string of an in-memory database.</summary>
    public string File { get; }

    /// <summary>How long a writer waits in the queue before failing as "database is locked" (the connection's Default Timeout).</summary>
    public TimeSpan Timeout { get; }

    /// <summary>Writers queued right now (for tests and diagnostics).</summary>
    public int Waiting => Volatile.Read(ref waiting);

    /// <summary>Time writers of this process have spent queued on this gate so far (Stopwatch ticks; the bench reads it).</summary>
    public long QueuedTicks => Interlocked.Read(ref queuedTicks);

    /// <summary>True while a writer of this process holds the gate.</summary>
    public bool IsHeld => slot.CurrentCount == 0;

    /// <summary>The gate of the database this connection string opens (one per file and process, whatever the spelling).</summary>
    public static SqliteWriteGate For(string connectionString) => ByConnectionString.GetOrAdd(connectionString, static cs =>
    {
        var csb = new SqliteConnectionStringBuilder(cs);
        var memory = csb.Mode == SqliteOpenMode.Memory || csb.DataSource is "" or ":memory:";
        var file = memory ? cs : Path.GetFullPath(csb.DataSource);
        var timeout = TimeSpan.FromSeconds(csb.DefaultTimeout);
        return ByFile.GetOrAdd(file, f => new SqliteWriteGate(f, timeout));
    });

    /// <summary>Waits for this process's turn to write (FIFO), then holds it until the lease is disposed.</summary>
    public async ValueTask<Lease> EnterAsync(CancellationToken ct)
    {
        if (slot.Wait(0)) return new Lease(this);
        Interlocked.Increment(ref waiting);
        var since = System.Diagnostics.Stopwatch.GetTimestamp();
        bool entered;
        try
        {
            entered = await slot.WaitAsync(Timeout, ct).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref waiting);
            Interlocked.Add(ref queuedTicks, System.Diagnostics.Stopwatch.GetTimestamp() - since);
        }
        return entered ? new Lease(this) : throw Busy();
    }

    /// <summary>The synchronous twin of <see cref="EnterAsync"/> (EF Core's synchronous API, e.g. the Data Protection key store).</summary>
    public Lease Enter()
    {
        if (slot.Wait(0)) return new Lease(this);
        Interlocked.Increment(ref waiting);
        var since = System.Diagnostics.Stopwatch.GetTimestamp();
        bool entered;
        try
        {
            entered = slot.Wait(Timeout);
        }
        finally
        {
            Interlocked.Decrement(ref waiting);
            Interlocked.Add(ref queuedTicks, System.Diagnostics.Stopwatch.GetTimestamp() - since);
        }
        return entered ? new Lease(this) : throw Busy();
    }

    private SqliteException Busy() =>
        new($"SQLite Error 5: 'database is locked' (no turn to write on {Path.GetFileName(File)} within {Timeout.TotalSeconds:0} s).", 5);

    /// <summary>A turn to write; disposing it (once, from any thread) lets the next writer in.</summary>
    public sealed class Lease : IDisposable
    {
        private SqliteWriteGate? gate;

        internal Lease(SqliteWriteGate gate) => this.gate = gate;

        public void Dispose() => Interlocked.Exchange(ref gate, null)?.slot.Release();
    }

    /// <summary>
    /// Takes the gate before a transaction begins (it begins the SQLite transaction itself, so a failing <c>BEGIN</c> frees
    /// the gate at once) and around each write command run outside a transaction; sets <c>busy_timeout</c> on every opened
    /// connection. Register with <see cref="TransactionFactory"/>.
    /// </summary>
    public sealed class Interceptor : DbConnectionInterceptor, IDbTransactionInterceptor, IDbCommandInterceptor
    {
        public static readonly Interceptor Instance = new();

        /// <summary>Leases taken for a transaction being begun, picked up by <see cref="TransactionFactory"/>.</summary>
        internal static readonly ConditionalWeakTable<DbTransaction, Lease> ForTransaction = [];
        private static readonly ConditionalWeakTable<DbCommand, Lease> ForCommand = [];

        private Interceptor() { }

        // ---- per-connection settings: busy_timeout for other processes ----
        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => ApplyConnectionSettings(connection);

        public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            ApplyConnectionSettings(connection);
            return Task.CompletedTask;
        }

        /// <summary>
        /// What every portal connection to a SQLite file gets when it opens (public so a benchmark's raw connection can match it):
        /// <c>busy_timeout</c> = the gate's timeout, a direct call on the handle (no SQL per open), per handle so on every
        /// (pooled) open. <c>synchronous</c> stays SQLite's default (FULL): a commit waits for the disk, so a validated token
        /// (an attendance the operator pays for) survives a power cut or an OS crash. <c>synchronous=NORMAL</c> was tried for
        /// issue 13 and refused for that reason: it only moved where a commit's time goes, and the 32-caller p99 stayed
        /// bounded by the handlers' own CPU (docs/performance.md, "Issue 13: no latency cliffs").
        /// </summary>
        public static void ApplyConnectionSettings(DbConnection connection)
        {
            if (connection is SqliteConnection { Handle: { } handle } sqlite)
                SQLitePCL.raw.sqlite3_busy_timeout(handle, (int)For(sqlite.ConnectionString).Timeout.TotalMilliseconds);
        }

        // ---- transactions ----
        public InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result)
        {
            if (result.HasResult) return result;
            var lease = For(connection.ConnectionString).Enter();
            return InterceptionResult<DbTransaction>.SuppressWithResult(Begin(connection, eventData.IsolationLevel, lease));
        }

        public async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection, TransactionStartingEventData eventData,
            InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
        {
            if (result.HasResult) return result;
            var lease = await For(connection.ConnectionString).EnterAsync(cancellationToken).ConfigureAwait(false);
            return InterceptionResult<DbTransaction>.SuppressWithResult(Begin(connection, eventData.IsolationLevel, lease));
        }

        private static DbTransaction Begin(DbConnection connection, IsolationLevel isolation, Lease lease)
        {
            try
            {
                // What EF Core would have called (Microsoft.Data.Sqlite's async begin is synchronous anyway).
                var transaction = isolation == IsolationLevel.Unspecified ? connection.BeginTransaction() : connection.BeginTransaction(isolation);
                ForTransaction.AddOrUpdate(transaction, lease);
                return transaction;
            }
            catch
            {
                lease.Dispose();
                throw;
            }
        }

        // ---- writes outside a transaction ----
        public InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result) => Take(command, result);

        public ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default) => TakeAsync(command, result, cancellationToken);

        public InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result) => Take(command, result);

        public ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<int> result, CancellationToken cancellationToken = default) => TakeAsync(command, result, cancellationToken);

        public InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result) => Take(command, result);

        public ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<object> result, CancellationToken cancellationToken = default) => TakeAsync(command, result, cancellationToken);

        /// <summary>A write outside a transaction takes the turn until it is done (<see cref="Release"/>); reads pass.</summary>
        private static T Take<T>(DbCommand command, T result)
        {
            if (NeedsGate(command)) ForCommand.AddOrUpdate(command, For(command.Connection!.ConnectionString).Enter());
            return result;
        }

        private static async ValueTask<T> TakeAsync<T>(DbCommand command, T result, CancellationToken ct)
        {
            if (NeedsGate(command)) ForCommand.AddOrUpdate(command, await For(command.Connection!.ConnectionString).EnterAsync(ct).ConfigureAwait(false));
            return result;
        }

        // A reader's statement (INSERT … RETURNING) commits when the reader is done; other commands when they return.
        public int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result) { Release(command); return result; }

        public ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
        {
            Release(command);
            return ValueTask.FromResult(result);
        }

        public object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result) { Release(command); return result; }

        public ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
        {
            Release(command);
            return ValueTask.FromResult(result);
        }

        public InterceptionResult DataReaderDisposing(DbCommand command, DataReaderDisposingEventData eventData, InterceptionResult result)
        {
            Release(command);
            return result;
        }

        public void CommandFailed(DbCommand command, CommandErrorEventData eventData) => Release(command);

        public Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
        {
            Release(command);
            return Task.CompletedTask;
        }

        public void CommandCanceled(DbCommand command, CommandEndEventData eventData) => Release(command);

        public Task CommandCanceledAsync(DbCommand command, CommandEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Release(command);
            return Task.CompletedTask;
        }

        private static void Release(DbCommand command)
        {
            if (ForCommand.TryGetValue(command, out var lease))
            {
                ForCommand.Remove(command);
                lease.Dispose();
            }
        }

        /// <summary>A statement that writes, run outside a transaction (inside one, the transaction holds the gate).</summary>
        internal static bool NeedsGate(DbCommand command) => command.Transaction is null && command.Connection is SqliteConnection && IsWrite(command.CommandText);

        internal static bool IsWrite(string sql)
        {
            var s = sql.AsSpan();
            while (true)
            {
                s = s.TrimStart();
                if (!s.StartsWith("--", StringComparison.Ordinal)) break;
                var end = s.IndexOf('\n');
                if (end < 0) return false;
                s = s[(end + 1)..];
            }
            foreach (var verb in (ReadOnlySpan<string>)["INSERT", "UPDATE", "DELETE", "REPLACE", "WITH", "CREATE", "DROP", "ALTER"])
                if (s.StartsWith(verb, StringComparison.OrdinalIgnoreCase)) return true;
            return false;
        }
    }

    /// <summary>
    /// EF Core's transaction, which also ends this process's turn to write when it commits, rolls back or is disposed
    /// (whichever comes first). Replaces <see cref="IRelationalTransactionFactory"/> for SQLite.
    /// </summary>
#pragma warning disable EF1001 // RelationalTransactionFactory is public EF Core API meant for providers; used as documented.
    public sealed class TransactionFactory(RelationalTransactionFactoryDependencies dependencies) : RelationalTransactionFactory(dependencies)
    {
        public override RelationalTransaction Create(IRelationalConnection connection, DbTransaction transaction, Guid transactionId,
            IDiagnosticsLogger<DbLoggerCategory.Database.Transaction> logger, bool transactionOwned)
        {
            Interceptor.ForTransaction.TryGetValue(transaction, out var lease);
            if (lease is not null) Interceptor.ForTransaction.Remove(transaction);
            return new GatedTransaction(connection, transaction, transactionId, logger, transactionOwned, Dependencies.SqlGenerationHelper, lease);
        }
    }
#pragma warning restore EF1001

    private sealed class GatedTransaction(IRelationalConnection connection, DbTransaction transaction, Guid transactionId,
        IDiagnosticsLogger<DbLoggerCategory.Database.Transaction> logger, bool transactionOwned, ISqlGenerationHelper sql, Lease? lease)
        : RelationalTransaction(connection, transaction, transactionId, logger, transactionOwned, sql)
    {
        public override void Commit()
        {
            try { base.Commit(); }
            finally { lease?.Dispose(); }
        }

        public override async Task CommitAsync(CancellationToken cancellationToken = default)
        {
            try { await base.CommitAsync(cancellationToken).ConfigureAwait(false); }
            finally { lease?.Dispose(); }
        }

        public override void Rollback()
        {
            try { base.Rollback(); }
            finally { lease?.Dispose(); }
        }

        public override async Task RollbackAsync(CancellationToken cancellationToken = default)
        {
            try { await base.RollbackAsync(cancellationToken).ConfigureAwait(false); }
            finally { lease?.Dispose(); }
        }

        public override void Dispose()
        {
            try { base.Dispose(); }
            finally { lease?.Dispose(); }
        }

        public override async ValueTask DisposeAsync()
        {
            try { await base.DisposeAsync().ConfigureAwait(false); }
            finally { lease?.Dispose(); }
        }
    }
}
