using DentistPortal.Domain.Messaging;
using DentistPortal.Domain.Tokens;
using DentistPortal.Features.CallCenter;
using DentistPortal.Features.Common;
using DentistPortal.Features.Tokens;
using DentistPortal.Features.Treatments;
using DentistPortal.Tests.CallCenter;
using DentistPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Tests.Features.Tokens;

/// <summary>
/// Issue 9 §3: a double click (or a repeated request over a slow connection) carries the same idempotency key and is
/// answered with the first result; nothing is issued, counted, sent or revoked twice.
/// </summary>
public class RepeatedActionsCountOnce(TestDatabase database) : IClassFixture<TestDatabase>
{
    private readonly TokenScenario s = new(database);

    [Fact]
    public async Task AGenerateRepeatedWithTheSameKeyIssuesOneTokenAndOneSetOfMessages()
    {
        var id = await s.SubmittedTreatmentAsync();
        var dentist = await s.DentistAsync();
        var key = Guid.NewGuid();
        database.Codes.Enqueue("111222", "333444");

        var first = await s.Handler<GenerateTokenHandler>().HandleAsync(new(id, key, SeenSequence: 0), dentist);
        var second = await s.Handler<GenerateTokenHandler>().HandleAsync(new(id, key, SeenSequence: 0), dentist);

        Assert.True(first.IsOk, string.Join(";", first.Errors));
        Assert.Equal(first.Value!.TokenId, second.Value!.TokenId);
        Assert.Equal(first.Value.Sequence, second.Value.Sequence);
        Assert.Equal(first.Value.Deliveries.Count, second.Value.Deliveries.Count);
        await using var db = await s.ContextAsync();
        var token = await db.Tokens.SingleAsync(t => t.TreatmentId == id);
        Assert.Equal(TokenStatus.Active, token.Status);
        Assert.Equal(2, await db.Deliveries.CountAsync(d => d.TreatmentId == id)); // one SMS, one e-mail
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == "token.generated" && a.SubjectId == id.ToString()));
    }

    [Fact]
    public async Task TwoParallelGeneratesWithTheSameKeyIssueOneToken()
    {
        var id = await s.SubmittedTreatmentAsync();
        var dentist = await s.DentistAsync();
        var key = Guid.NewGuid();
        var results = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
            s.Handler<GenerateTokenHandler>().HandleAsync(new(id, key), dentist))));

        Assert.All(results, r => Assert.True(r.IsOk));
        Assert.Equal(results[0].Value!.TokenId, results[1].Value!.TokenId);
        await using var db = await s.ContextAsync();
        Assert.Equal(1, await db.Tokens.CountAsync(t => t.TreatmentId == id));
        Assert.Equal(2, await db.Deliveries.CountAsync(d => d.TreatmentId == id));
    }

    [Fact]
    public async Task AGenerateFromAStaleScreenReturnsTheNewerTokenInsteadOfIssuingAnother()
    {
        var id = await s.SubmittedTreatmentAsync();
        var dentist = await s.DentistAsync();
        var first = await s.Handler<GenerateTokenHandler>().HandleAsync(new(id, Guid.NewGuid(), SeenSequence: 0), dentist);
        // Another click rendered before token nº 1 existed, with a fresh key: the sequence it saw says it is a repeat.
        var stale = await s.Handler<GenerateTokenHandler>().HandleAsync(new(id, Guid.NewGuid(), SeenSequence: 0), dentist);

        Assert.Equal(first.Value!.TokenId, stale.Value!.TokenId);
        await using var db = await s.ContextAsync();
        Assert.Equal(1, await db.Tokens.CountAsync(t => t.TreatmentId == id));
        Assert.Equal(2, await db.Deliveries.CountAsync(d => d.TreatmentId == id));
    }

    [Fact]
    public async Task AWrongCodeSentTwiceWithTheSameKeyCountsOnce()
    {
        var id = await s.SubmittedTreatmentAsync();
        await s.GenerateAsync(id, "567890");
        var dentist = await s.DentistAsync();
        var key = Guid.NewGuid();

        var first = await s.Handler<ValidateTokenHandler>().HandleAsync(new(id, "000001", ValidationChannel.Chair, key), dentist);
        var second = await s.Handler<ValidateTokenHandler>().HandleAsync(new(id, "000001", ValidationChannel.Chair, key), dentist);

        Assert.Equal(ValidationOutcome.WrongCode, first.Value!.Outcome);
        Assert.Equal(first.Value, second.Value);
        Assert.Contains("Restam 4 tentativas", second.Value!.Message);
        await using var db = await s.ContextAsync();
        Assert.Equal(1, (await db.Tokens.SingleAsync(t => t.TreatmentId == id)).WrongAttempts);
        Assert.Equal(1, (await db.Treatments.SingleAsync(t => t.Id == id)).WrongCodeCount);
        Assert.Equal(1, await db.TokenAttempts.CountAsync(a => a.TreatmentId == id));

        // A new action (new key) is a new guess.
        var third = await s.Handler<ValidateTokenHandler>().HandleAsync(new(id, "000001", ValidationChannel.Chair, Guid.NewGuid()), dentist);
        Assert.Contains("Restam 3 tentativas", third.Value!.Message);
    }

    [Fact]
    public async Task ARevokeRepeatedWithTheSameKeyOpensOneCase()
    {
        var id = await s.SubmittedTreatmentAsync();
        var token = await s.GenerateAsync(id, "246810");
        var maria = await DemoActors.ForAsync(database.Services, "paciente@demo.local");
        var key = Guid.NewGuid();

        var first = await s.Handler<RevokeTokenHandler>().HandleAsync(new(token.TokenId, "não pedi", key), maria);
        var second = await s.Handler<RevokeTokenHandler>().HandleAsync(new(token.TokenId, "não pedi", key), maria);

        Assert.True(first.IsOk, string.Join(";", first.Errors));
        Assert.True(second.IsOk, string.Join(";", second.Errors)); // the same answer, not "não está mais ativo"
        Assert.Equal(first.Value, second.Value);
        await using var db = await s.ContextAsync();
        Assert.Equal(1, await db.UnsolicitedReports.CountAsync(r => r.TokenId == token.TokenId));
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == "token.revoked" && a.SubjectId == id.ToString()));
    }

    [Fact]
    public async Task AResendRepeatedWithTheSameKeySendsOnce()
    {
        var call = new CallScenario(database);
        var (treatmentId, tokenId, _) = await call.ActiveTokenAsync(TokenScenario.RobertoCpf, "135790");
        var roberto = await call.IdAsync(TokenScenario.RobertoCpf);
        var callId = CallScenario.NewCall();
        await call.CheckAsync(callId, roberto, "02/11/1970", "111");
        var agent = await call.AgentAsync();
        var key = Guid.NewGuid();
        ResendTokenCommand command = new(callId, roberto, tokenId, DeliveryChannel.Email, "Paciente não recebeu o token", key);

        var first = await s.Handler<ResendTokenHandler>().HandleAsync(command, agent);
        var second = await s.Handler<ResendTokenHandler>().HandleAsync(command, agent);

        Assert.True(first.IsOk, string.Join(";", first.Errors));
        Assert.Equal(first.Value, second.Value);
        await using var db = await s.ContextAsync();
        Assert.Equal(1, await db.Deliveries.CountAsync(d => d.TreatmentId == treatmentId && d.IsResend));
    }

    [Fact]
    public async Task CreatingAndSubmittingTwiceWithTheSameKeyOpensOneTreatment()
    {
        var dentist = await s.DentistAsync();
        var maria = await s.ReferenceAsync(TokenScenario.MariaCpf, dentist);
        var key = Guid.NewGuid();
        CreateAndSubmitTreatmentCommand command = new(maria, [new("81000030", null, null, null), new("85400157", 16, null, null)], key);
        await using (var before = await s.ContextAsync())
        {
            var count = await before.Treatments.CountAsync();
            var first = await s.Handler<CreateAndSubmitTreatmentHandler>().HandleAsync(command, dentist);
            var second = await s.Handler<CreateAndSubmitTreatmentHandler>().HandleAsync(command, dentist);

            Assert.True(first.IsOk, string.Join(";", first.Errors));
            Assert.Equal(first.Value!.Number, second.Value!.Number);
            await using var db = await s.ContextAsync();
            Assert.Equal(count + 1, await db.Treatments.CountAsync());
            var t = await db.Treatments.SingleAsync(x => x.Id == first.Value.Id);
            Assert.Equal(DentistPortal.Domain.Treatments.TreatmentStatus.Submitted, t.Status);
        }
    }

    [Fact]
    public async Task ARefusedCreateAndSubmitLeavesNoDraft()
    {
        var dentist = await s.DentistAsync();
        await using var db = await s.ContextAsync();
        var count = await db.Treatments.CountAsync();
        var refused = await s.Handler<CreateAndSubmitTreatmentHandler>().HandleAsync(
            new(await s.ReferenceAsync(TokenScenario.MariaCpf, dentist), [new("99999999", null, null, null)], Guid.NewGuid()), dentist);
        Assert.Equal(ResultStatus.Invalid, refused.Status);
        Assert.Equal(count, await db.Treatments.CountAsync());
    }

    [Fact]
    public async Task MarkingTheLateTokenTwiceRecordsItOnce()
    {
        var id = await s.SubmittedTreatmentAsync();
        await s.GenerateAsync(id, "424242");
        var dentist = await s.DentistAsync();

        var first = await s.Handler<MarkAwaitingLateTokenHandler>().HandleAsync(new(id), dentist);
        var second = await s.Handler<MarkAwaitingLateTokenHandler>().HandleAsync(new(id), dentist);

        Assert.True(first.IsOk, string.Join(";", first.Errors));
        Assert.Equal(first.Value, second.Value);
        await using var db = await s.ContextAsync();
        var subject = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.SubjectId == subject && a.Action == DentistPortal.Domain.Audit.AuditActions.TreatmentAwaitingLateToken));
    }
}
