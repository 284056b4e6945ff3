using DentistPortal.Domain.Tokens;
using DentistPortal.Features.Tokens;
using DentistPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Tests.Features.Tokens;

/// <summary>TR-6 and TR-4 under real concurrency on a real SQLite file (no process-wide lock).</summary>
public class TokenConcurrency(TestDatabase database) : IClassFixture<TestDatabase>
{
    private readonly TokenScenario s = new(database);

    [Fact]
    public async Task OfAHundredConcurrentRightAnswersExactlyOneValidates()
    {
        var id = await s.SubmittedTreatmentAsync();
        await s.GenerateAsync(id, "424242");
        var dentist = await s.DentistAsync();

        var tasks = Enumerable.Range(0, 100).Select(_ => Task.Run(async () =>
            await s.Handler<ValidateTokenHandler>().HandleAsync(new(id, "424242"), dentist))).ToArray();
        var results = await Task.WhenAll(tasks); // no exception escapes

        Assert.All(results, r => Assert.True(r.IsOk));
        Assert.Equal(1, results.Count(r => r.Value!.Outcome == ValidationOutcome.Validated));
        Assert.Equal(99, results.Count(r => r.Value!.Outcome == ValidationOutcome.AlreadyValidated));
        Assert.All(results.Where(r => !r.Value!.Succeeded), r => Assert.Equal("Este tratamento já foi validado.", r.Value!.Message));

        await using var db = await s.ContextAsync();
        Assert.Equal(1, await db.TokenAttempts.CountAsync(a => a.TreatmentId == id && a.Outcome == AttemptOutcome.Validated));
        Assert.Equal(TokenStatus.Validated, (await db.Tokens.SingleAsync(t => t.TreatmentId == id)).Status);
    }

    [Fact]
    public async Task ConcurrentGenerateCallsLeaveExactlyOneActiveToken()
    {
        var id = await s.SubmittedTreatmentAsync();
        var dentist = await s.DentistAsync();
        var tasks = Enumerable.Range(0, 5).Select(_ => Task.Run(async () =>
            await s.Handler<GenerateTokenHandler>().HandleAsync(new(id), dentist))).ToArray();
        var results = await Task.WhenAll(tasks);

        Assert.All(results, r => Assert.True(r.IsOk, string.Join(";", r.Errors)));
        await using var db = await s.ContextAsync();
        var tokens = await db.Tokens.Where(t => t.TreatmentId == id).ToListAsync();
        Assert.Single(tokens, t => t.Status == TokenStatus.Active);
        Assert.Equal(tokens.Count, tokens.Select(t => t.Sequence).Distinct().Count());
        Assert.Equal(Enumerable.Range(1, tokens.Count), tokens.Select(t => t.Sequence).Order());
    }

    [Fact]
    public async Task ConcurrentWrongGuessesAreAllCountedAndNeverExceedTheCap()
    {
        var id = await s.SubmittedTreatmentAsync();
        await s.GenerateAsync(id, "135135");
        var dentist = await s.DentistAsync();
        var tasks = Enumerable.Range(0, 12).Select(i => Task.Run(async () =>
            await s.Handler<ValidateTokenHandler>().HandleAsync(new(id, $"9{i:D5}"), dentist))).ToArray();
        var results = await Task.WhenAll(tasks);
        Assert.All(results, r => Assert.True(r.IsOk));

        await using var db = await s.ContextAsync();
        var token = await db.Tokens.SingleAsync(t => t.TreatmentId == id);
        Assert.Equal(5, token.WrongAttempts);
        Assert.Equal(TokenStatus.Locked, token.Status);
        Assert.Equal(5, (await db.Treatments.SingleAsync(t => t.Id == id)).WrongCodeCount);
    }
}
