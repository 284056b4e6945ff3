using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Infrastructure.Data;

/// <summary>
/// Retries a unit of work only when it lost a race: an optimistic-concurrency conflict
/// (<see cref="DbUpdateConcurrencyException"/>), SQLite BUSY/LOCKED (error codes 5 and 6) or PostgreSQL's
/// serialization failure / deadlock (SQLSTATE 40001 / 40P01). Constraint violations and
/// every other failure propagate at once (a unique index saying "no" is an answer, not bad luck). The wait between
/// attempts goes through the injected <see cref="TimeProvider"/> (none before the first retry, then 20 ms more per attempt).
/// </summary>
public static class DbRetry
{
    public const int DefaultMaxAttempts = 10;
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;

    public static async Task<T> RunAsync<T>(Func<Task<T>> work, TimeProvider time, CancellationToken ct, int maxAttempts = DefaultMaxAttempts)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await work();
            }
            catch (Exception ex) when (attempt < maxAttempts && IsLostRace(ex))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20 * (attempt - 1)), time, ct);
            }
        }
    }

    /// <summary>Concurrency conflict, SQLite BUSY/LOCKED or a PostgreSQL serialization failure/deadlock, anywhere in the exception chain.</summary>
    public static bool IsLostRace(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is DbUpdateConcurrencyException) return true;
            if (e is SqliteException { SqliteErrorCode: SqliteBusy or SqliteLocked }) return true;
            if (e is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.SerializationFailure or Npgsql.PostgresErrorCodes.DeadlockDetected }) return true;
        }
        return false;
    }

    /// <summary>A UNIQUE constraint said no (SQLite code 19, PostgreSQL 23505), optionally on a given table.</summary>
    public static bool IsUniqueViolation(Exception ex, string? table = null)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is SqliteException { SqliteErrorCode: 19 } s && (table is null || s.Message.Contains(table + ".", StringComparison.Ordinal)))
                return true;
            if (e is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation } p && (table is null || p.TableName == table))
                return true;
        }
        return false;
    }
}
