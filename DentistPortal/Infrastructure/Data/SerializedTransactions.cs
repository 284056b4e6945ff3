using System.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace DentistPortal.Infrastructure.Data;

/// <summary>
/// A write transaction that holds the database's write lock from its first statement (SQLite: <c>BEGIN IMMEDIATE</c>,
/// which Microsoft.Data.Sqlite issues for a Serializable, non-deferred transaction). Everything read inside it is the
/// latest committed state and nobody else writes until it ends, so "count, then insert" is atomic: this is how the
/// caps that span rows hold exactly under concurrency (issue 9 §4). Keep such transactions short: no network I/O inside.
/// </summary>
public static class SerializedTransactions
{
    public static Task<IDbContextTransaction> BeginSerializedTransactionAsync(this DatabaseFacade database, CancellationToken ct) =>
        database.BeginTransactionAsync(IsolationLevel.Serializable, ct);
}
