using System.Text.Json;
using DentistPortal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Features.Common;

/// <summary>
/// Runs one state-changing use case as a serialized, idempotent unit of work (issue 9 §3 and §4). How to adopt it:
/// <list type="number">
/// <item>The command carries an <c>IdempotencyKey</c> (<see cref="Guid"/>?): the screen creates one when it offers the
/// action and renews it only after the user has seen the result (see <c>Components/Shared/ActionKey</c>), so a double
/// click, a repeated form post or a retried request carries the same key.</item>
/// <item>The handler validates its input, then calls <see cref="RunAsync{T}"/> with an action name and a body that
/// loads, calls one domain method and stages the changes on the given context.</item>
/// <item>Inside, a write transaction is opened first (<see cref="SerializedTransactions"/>: SQLite <c>BEGIN IMMEDIATE</c>),
/// so counts read by the body for caps and the rows it adds commit atomically. If (user, key) already has a remembered
/// result, that result is returned and the body does not run: nothing changes. Otherwise the body's result (Ok or
/// Invalid) is stored in <see cref="IdempotencyRecord"/> (unique index on UserId + Key) in the same transaction.</item>
/// <item>Lost races (concurrency conflicts, SQLite BUSY/LOCKED) are retried through <see cref="DbRetry"/>; constraint
/// violations are not. Records are kept <see cref="IdempotencyRecord.Retention"/> and pruned by the maintenance sweep.</item>
/// </list>
/// Without a key (API callers, older screens) the body still runs serialized, only without replay.
/// By default the whole database is serialized; a caller that names its <paramref name="subjects"/> (every
/// <see cref="WriteSubject"/> whose rows its rules count or change) waits only for actions on the same ones (issue 13,
/// "No latency cliffs"; PostgreSQL only, SQLite has a single writer anyway).
/// Results are stored as JSON: they must never carry a code (token results do not).
/// </summary>
public static class IdempotentAction
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static Task<Result<T>> RunAsync<T>(
        IDbContextFactory<AppDbContext> dbFactory, TimeProvider time, Actor? actor, Guid? key, string action,
        Func<AppDbContext, Task<Result<T>>> body, CancellationToken ct, IReadOnlyCollection<WriteSubject>? subjects = null)
    {
        var remembered = actor is not null && key is { } k && k != Guid.Empty ? k : (Guid?)null;
        return DbRetry.RunAsync(async () =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            // Issue 13: with subjects, only actions on the same subjects (or the same request) wait for each other.
            await using var tx = subjects is null
                ? await db.Database.BeginSerializedTransactionAsync(ct)
                : await db.Database.BeginSerializedTransactionAsync(remembered is { } lockKey ? [.. subjects, WriteSubject.Request(actor!.UserId, lockKey)] : subjects, ct);
            // Issue 13 (handler cost): a failed save ends this whole attempt (rolled back, retried on a new context), so
            // EF's savepoint around each SaveChanges inside the transaction is two statements per save for nothing.
            db.Database.AutoSavepointsEnabled = false;
            if (remembered is { } existingKey && await FindAsync<T>(db, actor!.UserId, existingKey, action, time.GetUtcNow(), ct) is { } replay)
                return replay;

            var result = await body(db);
            if (remembered is { } newKey && result.Status is ResultStatus.Ok or ResultStatus.Invalid)
            {
                db.IdempotencyRecords.Add(new IdempotencyRecord
                {
                    UserId = actor!.UserId,
                    Key = newKey,
                    Action = action,
                    ResultJson = JsonSerializer.Serialize(new Stored<T>(result.Status, result.Value, [.. result.Errors]), Json),
                    CreatedAtUtc = time.GetUtcNow(),
                });
            }
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return result;
        }, time, ct);
    }

    private static async Task<Result<T>?> FindAsync<T>(AppDbContext db, string userId, Guid key, string action, DateTimeOffset now, CancellationToken ct)
    {
        var since = now - IdempotencyRecord.Retention;
        var row = await FindRecord.For(db)(db, userId, key, since, ct);
        if (row is null) return null;
        if (row.Action != action) return Result<T>.Invalid("Esta ação já foi usada para outra operação. Atualize a página e tente de novo.");
        var stored = JsonSerializer.Deserialize<Stored<T>>(row.ResultJson, Json)!;
        return new Result<T>(stored.Status, stored.Value, stored.Errors);
    }

    // Compiled once (issue 13, handler cost): the lookup runs first in every keyed action.
    private static readonly CompiledPerModel<Func<AppDbContext, string, Guid, DateTimeOffset, CancellationToken, Task<RecordRow?>>> FindRecord =
        new(() => EF.CompileAsyncQuery((AppDbContext db, string userId, Guid key, DateTimeOffset since, CancellationToken ct) =>
            db.IdempotencyRecords.AsNoTracking()
                .Where(r => r.UserId == userId && r.Key == key && r.CreatedAtUtc > since)
                .Select(r => new RecordRow(r.Action, r.ResultJson))
                .FirstOrDefault()));

    private sealed record RecordRow(string Action, string ResultJson);

    private sealed record Stored<T>(ResultStatus Status, T? Value, List<string> Errors);
}
