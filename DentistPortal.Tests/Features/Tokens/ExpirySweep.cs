using DentistPortal.Domain.Tokens;
using DentistPortal.Infrastructure.Maintenance;
using DentistPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DentistPortal.Tests.Features.Tokens;

/// <summary>Issue 9 §9: an untouched token past its lifetime is ended by the background sweep within a minute.</summary>
public class ExpirySweep(TestDatabase database) : IClassFixture<TestDatabase>
{
    private readonly TokenScenario s = new(database);

    [Fact]
    public async Task AnUntouchedTokenIsExpiredAndItsReadableCopyErasedWithinAMinute()
    {
        var id = await s.SubmittedTreatmentAsync();
        var token = await s.GenerateAsync(id, "919191");
        var sweeper = database.Services.GetRequiredService<ExpirySweeper>();
        var passes = System.Threading.Channels.Channel.CreateUnbounded<SweepPass>();
        sweeper.PassCompleted += pass => passes.Writer.TryWrite(pass);
        await sweeper.StartAsync(CancellationToken.None);
        try
        {
            // A pass while the token is still valid leaves it alone.
            database.Clock.Advance(ExpirySweeper.Interval);
            Assert.Equal(0, (await passes.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30))).TokensExpired);

            database.Clock.Advance(token.ExpiresAtUtc - database.Clock.GetUtcNow()); // its lifetime is over, nobody touched it
            var over = database.Clock.GetUtcNow();
            SweepPass? pass = null;
            while (pass is null && database.Clock.GetUtcNow() - over < TimeSpan.FromMinutes(1))
            {
                database.Clock.Advance(ExpirySweeper.Interval);
                var next = await passes.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
                if (next.TokensExpired > 0) pass = next;
            }
            Assert.NotNull(pass);
            Assert.True(pass.AtUtc - over <= TimeSpan.FromMinutes(1));

            await using var db = await s.ContextAsync();
            var stored = await db.Tokens.SingleAsync(t => t.Id == token.TokenId);
            Assert.Equal(TokenStatus.Expired, stored.Status);
            Assert.Null(stored.EncryptedCode);
            Assert.Equal(pass.AtUtc, stored.EndedAtUtc);
        }
        finally
        {
            await sweeper.StopAsync(CancellationToken.None);
        }
    }
}
