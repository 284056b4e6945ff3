using System.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace DentistPortal.Infrastructure.Data;

/// <summary>
/// A write transaction that holds the database's write gate from its first statement. Everything read inside it is the
/// latest committed state and no other serialized transaction runs until it ends, so "count, then insert" is atomic:
/// this is how the caps that span rows hold exactly under concurrency (issue 9 §4), on one instance or many (issue 12).
/// <list type="bullet">
/// <item>SQLite: <c>BEGIN IMMEDIATE</c>, which Microsoft.Data.Sqlite issues for a Serializable, non-deferred transaction.</item>
/// <item>PostgreSQL: a READ COMMITTED transaction that first takes one transaction-scoped advisory lock
/// (<c>pg_advisory_xact_lock</c>) shared by every instance, released by the commit or rollback (or the server when the
/// connection dies). Each statement then reads what the previous holder committed.</item>
/// </list>
/// Keep such transactions short: no network I/O inside.
/// </summary>
public static class SerializedTransactions
{
    /// <summary>The advisory lock key every instance agrees on ("DentPort" in ASCII).</summary>
    public const long PostgresWriteGateKey = 0x44656E74506F7274;

    public static async Task<IDbContextTransaction> BeginSerializedTransactionAsync(this DatabaseFacade database, CancellationToken ct)
    {
        if (!database.IsNpgsql()) return await database.BeginTransactionAsync(IsolationLevel.Serializable, ct);
        var transaction = await database.BeginTransactionAsync(IsolationLevel.ReadCommitted, ct);
        try
        {
            await database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock({0})", [PostgresWriteGateKey], ct);
        }
        catch
        {
            await transaction.DisposeAsync();
            throw;
        }
        return transaction;
    }
}
