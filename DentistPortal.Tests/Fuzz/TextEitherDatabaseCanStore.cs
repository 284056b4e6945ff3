using DentistPortal.Features.Admin;
using DentistPortal.Features.Common;
using DentistPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DentistPortal.Tests.Fuzz;

/// <summary>
/// Issue 12 (the same product on both providers): PostgreSQL cannot store U+0000 in text and Npgsql refuses an unpaired
/// surrogate, so on PostgreSQL a search or a save with either was a server error while SQLite answered. Both databases now
/// get U+FFFD for either: a search finds nothing, a save stores the same text on both. Likewise SQLite stored an audit
/// line longer than its columns whole where PostgreSQL refused it, and with it the refusal being recorded.
/// </summary>
public class TextEitherDatabaseCanStore(TestDatabase db) : IClassFixture<TestDatabase>
{
    private T Handler<T>() where T : notnull => db.Scope().ServiceProvider.GetRequiredService<T>();

    [Theory]
    [InlineData("coroa\0")]
    [InlineData("\0")]
    [InlineData("coroa\ud800")]
    [InlineData("\udc00coroa")]
    public async Task ASearchWithANulOrHalfAnEmojiFindsNothingInsteadOfFailing(string search)
    {
        var admin = await DemoActors.ForAsync(db.Services, "admin@demo.local");
        var result = await Handler<ListProceduresHandler>().HandleAsync(new(search), admin);
        Assert.True(result.IsOk, string.Join("; ", result.Errors));
        Assert.Empty(result.Value!);
    }

    [Fact]
    public async Task AClinicNameWithANulAndHalfAnEmojiIsStoredTheSameOnBothDatabases()
    {
        var admin = await DemoActors.ForAsync(db.Services, "admin@demo.local");
        var result = await Handler<SaveClinicHandler>().HandleAsync(
            new(null, "Clínica\0Nula \ud83d", "66.777.888/0001-81", "2071111", "Santos", "SP", "Rua Um, 1"), admin);

        Assert.True(result.IsOk, string.Join("; ", result.Errors));
        await using var ctx = await db.Services.GetRequiredService<IDbContextFactory<DentistPortal.Infrastructure.Data.AppDbContext>>().CreateDbContextAsync();
        Assert.Equal("Clínica\uFFFDNula \uFFFD", await ctx.Clinics.Where(c => c.Id == result.Value).Select(c => c.Name).SingleAsync());
    }

    [Fact]
    public async Task ARefusalForACallerWithOverlongIdAndNameIsAnsweredAndItsAuditLineFitsTheColumns()
    {
        // Found by the fuzz suite on PostgreSQL: "value too long for type character varying(64)" instead of "Forbidden".
        var stranger = new Actor(new string('u', 100_000), new string('N', 100_000), new HashSet<string> { "Dentist" }, null);

        var result = await Handler<ListClinicsHandler>().HandleAsync(stranger);

        Assert.Equal(ResultStatus.Forbidden, result.Status);
        await using var ctx = await db.Services.GetRequiredService<IDbContextFactory<DentistPortal.Infrastructure.Data.AppDbContext>>().CreateDbContextAsync();
        var line = await ctx.AuditEntries.Where(a => a.ActorUserId.StartsWith("uuuu")).SingleAsync();
        Assert.Equal(64, line.ActorUserId.Length);
        Assert.Equal(200, line.ActorName.Length);
        Assert.EndsWith("…", line.ActorName);
        Assert.Equal("refused", line.Outcome);
    }
}
