using DentistPortal.Domain.Messaging;
using DentistPortal.Domain.Tokens;
using DentistPortal.Features.Tokens;
using DentistPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Tests.ScaleOut;

/// <summary>
/// Issue 12 ("Caps and single use hold across instances: prove it"): two real portal instances on one PostgreSQL
/// database, requests spread over both and released together behind one gate. Single use (TR-6), the wrong-code cap
/// and the per-phone send cap (TR-7) and idempotent repeats (issue 9 §3) are database rules, so they hold whichever
/// instance a request lands on; and a code hashed on one instance checks on the other (one key ring, key id stored).
/// </summary>
public sealed class RulesHoldAcrossInstances : ScaleOutTest
{
    /// <summary>Runs <paramref name="count"/> calls, alternating between the instances, all released at once.</summary>
    private static async Task<T[]> TogetherAsync<T>(int count, PortalInstance[] on, Func<PortalInstance, int, Task<T>> call)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var ready = new CountdownEvent(count);
        var tasks = Enumerable.Range(0, count).Select(i => Task.Run(async () =>
        {
            ready.Signal();
            await gate.Task;
            return await call(on[i % on.Length], i);
        })).ToArray();
        await Task.Run(() => ready.Wait(TimeSpan.FromSeconds(60)));
        gate.SetResult();
        return await Task.WhenAll(tasks);
    }

    [Fact]
    public async Task ATokenGeneratedOnOneInstanceValidatesOnTheOther()
    {
        var a = Start();
        var b = Start();
        var id = await Scenario.SubmittedTreatmentAsync();
        db.SharedCodes.Enqueue("318318");
        var generated = await a.Handler<GenerateTokenHandler>().HandleAsync(new(id, Guid.NewGuid()), await a.ActorAsync("dentista@demo.local"));
        Assert.True(generated.IsOk, string.Join("; ", generated.Errors));

        var validated = await b.Handler<ValidateTokenHandler>().HandleAsync(new(id, "318318", ValidationChannel.Chair, Guid.NewGuid()), await b.ActorAsync("dentista@demo.local"));

        Assert.True(validated.IsOk, string.Join("; ", validated.Errors));
        Assert.Equal(ValidationOutcome.Validated, validated.Value!.Outcome);
        await using var ctx = await db.ContextAsync();
        Assert.Equal(TestKeys.HmacKeyId, (await ctx.Tokens.SingleAsync(t => t.TreatmentId == id)).HmacKeyId);
    }

    [Fact]
    public async Task OfAHundredRightAnswersSpreadOverTwoInstancesExactlyOneValidates()
    {
        var instances = new[] { Start(), Start() };
        var id = await Scenario.SubmittedTreatmentAsync();
        await Scenario.GenerateAsync(id, "424242");
        var dentist = await Scenario.DentistAsync();

        var results = await TogetherAsync(100, instances, (instance, _) =>
            instance.Handler<ValidateTokenHandler>().HandleAsync(new(id, "424242", ValidationChannel.Chair, Guid.NewGuid()), dentist));

        Assert.All(results, r => Assert.True(r.IsOk, string.Join("; ", r.Errors)));
        Assert.Equal(1, results.Count(r => r.Value!.Outcome == ValidationOutcome.Validated));
        Assert.Equal(99, results.Count(r => r.Value!.Outcome == ValidationOutcome.AlreadyValidated));
        Assert.All(results.Where(r => !r.Value!.Succeeded), r => Assert.Equal("Este tratamento já foi validado.", r.Value!.Message));
        await using var ctx = await db.ContextAsync();
        Assert.Equal(1, await ctx.TokenAttempts.CountAsync(t => t.TreatmentId == id)); // the repeats count nothing
        Assert.Equal(TokenStatus.Validated, (await ctx.Tokens.SingleAsync(t => t.TreatmentId == id)).Status);
        Assert.Equal(1, await ctx.AuditEntries.CountAsync(e => e.Action == ValidateTokenHandler.Action && e.Outcome == nameof(ValidationOutcome.Validated)
                                                             && e.SubjectId == id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task WrongCodesSpreadOverTwoInstancesAreCountedUpToTheTokensCapAndNoFurther()
    {
        var instances = new[] { Start(), Start() };
        var id = await Scenario.SubmittedTreatmentAsync();
        await Scenario.GenerateAsync(id, "135135");
        var dentist = await Scenario.DentistAsync();

        var results = await TogetherAsync(12, instances, (instance, i) =>
            instance.Handler<ValidateTokenHandler>().HandleAsync(new(id, $"9{i:D5}", ValidationChannel.Chair, Guid.NewGuid()), dentist));

        Assert.All(results, r => Assert.True(r.IsOk, string.Join("; ", r.Errors)));
        await using var ctx = await db.ContextAsync();
        var token = await ctx.Tokens.SingleAsync(t => t.TreatmentId == id);
        Assert.Equal(TokenStatus.Locked, token.Status);
        Assert.Equal(5, token.WrongAttempts); // TR-7: 5 wrong codes per token, then it locks
        Assert.Equal(5, (await ctx.Treatments.SingleAsync(t => t.Id == id)).WrongCodeCount);
        Assert.Equal(5, await ctx.TokenAttempts.CountAsync(t => t.TreatmentId == id && t.Outcome == AttemptOutcome.Wrong));
    }

    [Fact]
    public async Task ThirtyGenerationsForAFamilySharingOnePhoneSpreadOverTwoInstancesQueueExactlyTheDailyCap()
    {
        // Each instance with the real caps (the shared test portal raises them): 10 SMS per phone, 10 e-mails per address a day.
        Dictionary<string, string?> caps = new() { ["Tokens:MaxSmsPerBeneficiaryPerDay"] = "10", ["Tokens:MaxEmailsPerAddressPerDay"] = "10" };
        var instances = new[] { Start(caps), Start(caps) };
        var ids = new List<int>();
        for (var i = 0; i < 30; i++)
            ids.Add(await Scenario.SubmittedTreatmentAsync(i % 2 == 0 ? TokenScenario.MariaCpf : TokenScenario.PedroCard));
        var dentist = await Scenario.DentistAsync();

        var results = await TogetherAsync(30, instances, (instance, i) =>
            instance.Handler<GenerateTokenHandler>().HandleAsync(new(ids[i], Guid.NewGuid()), dentist));

        Assert.All(results, r => Assert.True(r.IsOk, string.Join("; ", r.Errors)));
        await using var ctx = await db.ContextAsync();
        var queued = await ctx.Deliveries.Where(d => ids.Contains(d.TreatmentId) && d.Status != DeliveryStatus.Failed).ToListAsync();
        Assert.Equal(10, queued.Count(d => d.Channel == DeliveryChannel.Sms));
        Assert.Equal(10, queued.Count(d => d.Channel == DeliveryChannel.Email));
        Assert.Single(queued.Where(d => d.Channel == DeliveryChannel.Sms).Select(d => d.Destination).Distinct());
        Assert.Equal(40, await ctx.Deliveries.CountAsync(d => ids.Contains(d.TreatmentId) && d.Status == DeliveryStatus.Failed && d.LastError!.StartsWith("Limite de 10")));
        Assert.Equal(20, results.Sum(r => r.Value!.Deliveries.Count(d => d.Status == DeliveryStatus.Pending)));
    }

    [Fact]
    public async Task ADoubleClickWhoseTwoRequestsLandOnDifferentInstancesIssuesOneToken()
    {
        var instances = new[] { Start(), Start() };
        var id = await Scenario.SubmittedTreatmentAsync();
        var dentist = await Scenario.DentistAsync();
        var click = Guid.NewGuid();

        var results = await TogetherAsync(2, instances, (instance, _) =>
            instance.Handler<GenerateTokenHandler>().HandleAsync(new(id, click, SeenSequence: 0), dentist));

        Assert.All(results, r => Assert.True(r.IsOk, string.Join("; ", r.Errors)));
        Assert.Equal(results[0].Value!.TokenId, results[1].Value!.TokenId);
        await using var ctx = await db.ContextAsync();
        Assert.Equal(1, await ctx.Tokens.CountAsync(t => t.TreatmentId == id));
        Assert.Equal(2, await ctx.Deliveries.CountAsync(d => d.TreatmentId == id)); // one SMS, one e-mail
        Assert.Equal(1, await ctx.AuditEntries.CountAsync(e => e.Action == DentistPortal.Domain.Audit.AuditActions.TokenGenerated
                                                             && e.SubjectId == id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }
}
