using DentistPortal.Infrastructure.Data;
using DentistPortal.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Update;

namespace DentistPortal.Tests.Features.Tokens;

/// <summary>Issue 9, design: retries are for lost races only (concurrency conflicts, SQLite BUSY/LOCKED), never constraint violations.</summary>
public class RetriesOnlyLostRaces(TestDatabase database) : IClassFixture<TestDatabase>
{
    private readonly TokenScenario s = new(database);

    [Fact]
    public async Task AConstraintViolationIsNotRetried()
    {
        var key = Guid.NewGuid();
        var attempts = 0;
        var ex = await Assert.ThrowsAsync<DbUpdateException>(() => DbRetry.RunAsync(async () =>
        {
            attempts++;
            await using var db = await s.ContextAsync();
            db.IdempotencyRecords.Add(new IdempotencyRecord { UserId = "u", Key = key, Action = "a", ResultJson = "{}", CreatedAtUtc = database.Clock.GetUtcNow() });
            db.IdempotencyRecords.Add(new IdempotencyRecord { UserId = "u", Key = key, Action = "a", ResultJson = "{}", CreatedAtUtc = database.Clock.GetUtcNow() });
            return await db.SaveChangesAsync();
        }, database.Clock, CancellationToken.None));

        Assert.Equal(1, attempts);
        Assert.True(DbRetry.IsUniqueViolation(ex, "IdempotencyRecords"));
    }

    [Fact]
    public async Task AConcurrencyConflictIsRetriedOnFreshData()
    {
        var attempts = 0;
        var result = await DbRetry.RunAsync(() =>
        {
            attempts++;
            if (attempts == 1) throw new DbUpdateConcurrencyException("lost the race", new List<IUpdateEntry>());
            return Task.FromResult(42);
        }, database.Clock, CancellationToken.None);

        Assert.Equal(42, result);
        Assert.Equal(2, attempts);
    }

    [Fact]
    public void BusyAndLockedAreLostRacesButConstraintsAreNot()
    {
        Assert.True(DbRetry.IsLostRace(new DbUpdateException("x", new SqliteException("busy", 5))));
        Assert.True(DbRetry.IsLostRace(new SqliteException("locked", 6)));
        Assert.False(DbRetry.IsLostRace(new DbUpdateException("x", new SqliteException("constraint", 19))));
    }
}
