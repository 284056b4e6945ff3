using System.Data;
using System.Security.Cryptography;
using System.Text;
using DentistPortal.Domain.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace DentistPortal.Infrastructure.Data;

/// <summary>
/// A write transaction in which "count, then insert" is atomic: everything a rule reads inside it is the latest committed
/// state and nobody else can write what that rule counts until it ends. This is how the caps that span rows hold exactly
/// under concurrency (issue 9 §4), on one instance or many (issue 12), without one global queue (issue 13, "No latency cliffs").
/// <list type="bullet">
/// <item>SQLite: <c>BEGIN IMMEDIATE</c> (Microsoft.Data.Sqlite issues it for a Serializable, non-deferred transaction): the
/// file's single writer. Inside the process writers queue for it on <see cref="SqliteWriteGate"/>; subjects change nothing.</item>
/// <item>PostgreSQL: a READ COMMITTED transaction whose first statement takes transaction-scoped advisory locks, released
/// by the commit or rollback (or by the server when the connection dies), so each later statement reads what the
/// previous holder committed. Two scopes:
/// <list type="bullet">
/// <item><b>The whole database</b> (<see cref="BeginSerializedTransactionAsync(DatabaseFacade, CancellationToken)"/>):
/// the write gate <see cref="PostgresWriteGateKey"/> in <b>exclusive</b> mode: it waits for, and holds off, every other
/// serialized transaction of every instance. The default, for rare actions (admin, cases, contact changes…).</item>
/// <item><b>Named subjects</b> (<see cref="BeginSerializedTransactionAsync(DatabaseFacade, IEnumerable{WriteSubject}, CancellationToken)"/>):
/// the write gate in <b>shared</b> mode (so whole-database transactions still exclude them), then one exclusive lock per
/// <see cref="WriteSubject"/> whose rows the rules of that transaction count or change. Two transactions on unrelated
/// subjects no longer wait for each other (issue 13). A rule that learns its subject only after reading (the send caps:
/// the destination comes from the beneficiary) locks it with <see cref="LockAsync"/> right before counting.</item>
/// </list>
/// No deadlock between them: every transaction takes the gate first, then its subjects in the order of
/// <see cref="WriteSubject"/> (kind, then key), and a later <see cref="LockAsync"/> only takes a kind above all the
/// kinds taken before (the destinations are the highest). Should a cycle still happen, PostgreSQL breaks it with
/// 40P01, which <see cref="DbRetry"/> retries.</item>
/// </list>
/// Keep such transactions short: no network I/O inside.
/// </summary>
public static class SerializedTransactions
{
    /// <summary>The advisory lock key every instance agrees on ("DentPort" in ASCII): the whole database's write gate.</summary>
    public const long PostgresWriteGateKey = 0x44656E74506F7274;

    /// <summary>A transaction that excludes every other serialized transaction (PostgreSQL: the write gate, exclusive).</summary>
    public static async Task<IDbContextTransaction> BeginSerializedTransactionAsync(this DatabaseFacade database, CancellationToken ct)
    {
        if (!database.IsNpgsql()) return await database.BeginTransactionAsync(IsolationLevel.Serializable, ct);
        return await BeginLockedAsync(database, "SELECT pg_advisory_xact_lock({0})", [PostgresWriteGateKey], ct);
    }

    /// <summary>
    /// A transaction that excludes only the serialized transactions on the same <paramref name="subjects"/> (and any
    /// whole-database one). List every subject whose rows the transaction's rules count or change before writing.
    /// </summary>
    public static async Task<IDbContextTransaction> BeginSerializedTransactionAsync(this DatabaseFacade database, IEnumerable<WriteSubject> subjects, CancellationToken ct)
    {
        if (!database.IsNpgsql()) return await database.BeginTransactionAsync(IsolationLevel.Serializable, ct);
        var ordered = subjects.Distinct().Order().ToArray();
        var sql = new StringBuilder("SELECT pg_advisory_xact_lock_shared({0})");
        var parameters = new object[1 + 2 * ordered.Length];
        parameters[0] = PostgresWriteGateKey;
        for (var i = 0; i < ordered.Length; i++)
        {
            // PostgreSQL evaluates a SELECT list left to right: the gate first, then the subjects in order.
            sql.Append(", pg_advisory_xact_lock({").Append(1 + 2 * i).Append("}, {").Append(2 + 2 * i).Append("})");
            parameters[1 + 2 * i] = (int)ordered[i].Kind;
            parameters[2 + 2 * i] = ordered[i].Key;
        }
        return await BeginLockedAsync(database, sql.ToString(), parameters, ct);
    }

    /// <summary>
    /// Inside a serialized transaction on PostgreSQL, also locks <paramref name="subject"/> until the transaction ends
    /// (nothing to do on SQLite, or outside a transaction). Take it right before reading what the rule counts; its kind
    /// must rank above every subject the transaction already holds.
    /// </summary>
    public static async Task LockAsync(this DatabaseFacade database, WriteSubject subject, CancellationToken ct)
    {
        if (database.CurrentTransaction is null || !database.IsNpgsql()) return;
        await database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock({0}, {1})", [(int)subject.Kind, subject.Key], ct);
    }

    private static async Task<IDbContextTransaction> BeginLockedAsync(DatabaseFacade database, string sql, object[] parameters, CancellationToken ct)
    {
        var transaction = await database.BeginTransactionAsync(IsolationLevel.ReadCommitted, ct);
        try
        {
            await database.ExecuteSqlRawAsync(sql, parameters, ct);
        }
        catch
        {
            await transaction.DisposeAsync();
            throw;
        }
        return transaction;
    }
}

/// <summary>
/// What a rule's rows belong to, for the PostgreSQL advisory lock <c>(kind, key)</c> of <see cref="SerializedTransactions"/>.
/// Locks are taken in the order of this type (kind, then key). The key is the id itself, or a stable 32-bit hash of a
/// text (the same in every instance); two subjects sharing a hash only wait for each other, they never break a rule.
/// </summary>
public readonly record struct WriteSubject(WriteSubjectKind Kind, int Key) : IComparable<WriteSubject>
{
    /// <summary>One user action (issue 9 §3): a repeat with the same key waits for the first and replays its result.</summary>
    public static WriteSubject Request(string userId, Guid key) => new(WriteSubjectKind.Request, Hash($"{userId}\n{key:N}"));

    /// <summary>A treatment and its tokens: single use (TR-6), wrong codes per token and treatment, tokens per 48 h (TR-5/TR-7).</summary>
    public static WriteSubject Treatment(int treatmentId) => new(WriteSubjectKind.Treatment, treatmentId);

    /// <summary>A user's wrong codes in 24 h (TR-7: the account is blocked for validation at the cap).</summary>
    public static WriteSubject ValidatingUser(string userId) => new(WriteSubjectKind.ValidatingUser, Hash(userId));

    /// <summary>The messages sent to one mobile or e-mail address in 24 h (TR-7, issue 9 §2), whoever in the family they are for.</summary>
    public static WriteSubject Destination(DeliveryChannel channel, string destination) =>
        new(channel == DeliveryChannel.Sms ? WriteSubjectKind.SmsDestination : WriteSubjectKind.EmailDestination, Hash(destination));

    public int CompareTo(WriteSubject other) => Kind != other.Kind ? ((int)Kind).CompareTo((int)other.Kind) : Key.CompareTo(other.Key);

    private static int Hash(string text)
    {
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), digest);
        return BitConverter.ToInt32(digest);
    }
}

/// <summary>The kinds of <see cref="WriteSubject"/>, in lock order (the first advisory-lock key; the write gate uses the 64-bit key space).</summary>
public enum WriteSubjectKind
{
    Request = 1,
    Treatment = 2,
    ValidatingUser = 3,
    SmsDestination = 4,
    EmailDestination = 5,
}
