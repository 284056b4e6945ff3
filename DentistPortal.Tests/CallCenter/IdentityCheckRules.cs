using DentistPortal.Features.CallCenter;
using DentistPortal.Features.Common;
using DentistPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Tests.CallCenter;

/// <summary>The identity check: compared on the server, only the outcome kept, a failure blocks the call.</summary>
public class IdentityCheckRules(TestDatabase database) : IClassFixture<TestDatabase>
{
    private readonly CallScenario s = new(database);

    private async Task<CallerIdentity> StateAsync(string call, int beneficiaryId) =>
        (await s.Handler<GetCallerIdentityHandler>().HandleAsync(new(call, beneficiaryId), await s.AgentAsync())).Value!;

    [Theory]
    [InlineData("12/03/1985", "529")]
    [InlineData("12031985", "529")]
    [InlineData("12-03-1985", " 529 ")]
    [InlineData("1985-03-12", "529")]
    public async Task TheRightAnswersPassForThirtyMinutes(string birth, string cpf)
    {
        var call = CallScenario.NewCall();
        var maria = await s.IdAsync(TokenScenario.MariaCpf);
        Assert.Equal(CallerIdentityState.NotChecked, (await StateAsync(call, maria)).State);

        var identity = await s.CheckAsync(call, maria, birth, cpf);
        Assert.Equal(CallerIdentityState.Passed, identity.State);
        Assert.Equal(database.Clock.GetUtcNow().AddMinutes(30), identity.ValidUntilUtc);
        Assert.Equal(CallerIdentityState.Passed, (await StateAsync(call, maria)).State);
        // Another call of the same agent starts unchecked.
        Assert.Equal(CallerIdentityState.NotChecked, (await StateAsync(CallScenario.NewCall(), maria)).State);
    }

    [Fact]
    public async Task APassedCheckExpiresAfterThirtyMinutesAndCanBeRedone()
    {
        var (call, maria) = await s.MariaCallAsync();
        database.Clock.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(CallerIdentityState.Passed, (await StateAsync(call, maria)).State);
        database.Clock.Advance(TimeSpan.FromMinutes(1));
        var expired = await StateAsync(call, maria);
        Assert.Equal(CallerIdentityState.Expired, expired.State);
        Assert.Equal(IdentityGate.ExpiredMessage, expired.Message);
        Assert.Equal(CallerIdentityState.Passed, (await s.CheckAsync(call, maria, CallScenario.MariaBirth, CallScenario.MariaCpfStart)).State);
    }

    [Theory]
    [InlineData("13/03/1985", "529")]
    [InlineData("12/03/1985", "528")]
    [InlineData("12/03/1986", "000")]
    public async Task AWrongAnswerFailsAndBlocksTheCallEvenIfALaterCheckPasses(string birth, string cpf)
    {
        var call = CallScenario.NewCall();
        var maria = await s.IdAsync(TokenScenario.MariaCpf);
        var failed = await s.CheckAsync(call, maria, birth, cpf);
        Assert.Equal(CallerIdentityState.Blocked, failed.State);
        Assert.Equal(IdentityGate.BlockedMessage, failed.Message);
        Assert.Contains("Nova ligação", failed.Message);

        var later = await s.CheckAsync(call, maria, CallScenario.MariaBirth, CallScenario.MariaCpfStart);
        Assert.Equal(CallerIdentityState.Blocked, later.State);
        Assert.Equal(CallerIdentityState.Blocked, (await StateAsync(call, maria)).State);

        // A new call starts clean.
        Assert.Equal(CallerIdentityState.Passed, (await s.CheckAsync(CallScenario.NewCall(), maria, CallScenario.MariaBirth, CallScenario.MariaCpfStart)).State);
    }

    [Fact]
    public async Task AFailureForOneFamilyMemberBlocksTheWholeFamilyInThatCallButNotOtherFamilies()
    {
        var call = CallScenario.NewCall();
        var maria = await s.IdAsync(TokenScenario.MariaCpf);
        var joao = await s.IdAsync(CallScenario.JoaoCpf);
        var beatriz = await s.IdAsync(CallScenario.BeatrizCpf);
        Assert.Equal(CallerIdentityState.Blocked, (await s.CheckAsync(call, maria, "01/01/1980", "529")).State);

        // Claiming to be the spouse right after failing as the holder does not help…
        Assert.Equal(CallerIdentityState.Blocked, (await s.CheckAsync(call, joao, CallScenario.JoaoBirth, "314")).State);
        // …but a wrongly picked beneficiary of another family does not block the right one.
        Assert.Equal(CallerIdentityState.Passed, (await s.CheckAsync(call, beatriz, CallScenario.BeatrizBirth, "161")).State);
    }

    [Fact]
    public async Task AChildWithoutCpfIsCheckedWithTheHoldersCpf()
    {
        var child = await s.ChildWithoutCpfUnderRobertoAsync();
        var match = (await s.Handler<FindBeneficiaryHandler>().HandleAsync(new("ana clara"), await s.AgentAsync())).Value!.Matches.Single();
        Assert.True(match.UsesHolderCpf);
        Assert.Null(match.MaskedCpf);

        var call = CallScenario.NewCall();
        Assert.Equal(CallerIdentityState.Passed, (await s.CheckAsync(call, child, "05/05/2021", "111")).State);
        await using var db = await s.Tokens.ContextAsync();
        var check = await db.IdentityChecks.SingleAsync(c => c.CallId == call);
        Assert.Equal(RecordIdentityCheckHandler.HolderCpfMethod, check.Method);
    }

    [Fact]
    public async Task OnlyTheOutcomeIsKeptAndAuditedNeverTheAnswers()
    {
        var agent = await s.AgentAsync();
        var call = CallScenario.NewCall();
        var gustavo = await s.IdAsync(CallScenario.GustavoCpf);
        await s.CheckAsync(call, gustavo, "02/12/1995", "173", agent);

        await using var db = await s.Tokens.ContextAsync();
        var check = await db.IdentityChecks.SingleAsync(c => c.CallId == call);
        Assert.False(check.Passed);
        Assert.Equal(agent.UserId, check.AgentUserId);
        Assert.Equal(gustavo, check.BeneficiaryId);
        Assert.Equal(RecordIdentityCheckHandler.OwnCpfMethod, check.Method);

        var audit = await db.AuditEntries.Where(a => a.Action == RecordIdentityCheckHandler.Action && a.SubjectId == gustavo.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToListAsync();
        var entry = Assert.Single(audit);
        Assert.Equal("failed", entry.Outcome);
        Assert.Contains(call[..8], entry.Detail);
        var detail = entry.Detail!.Replace(call[..8], "", StringComparison.Ordinal);
        foreach (var answer in new[] { "1995", "02/12", "173" })
        {
            Assert.DoesNotContain(answer, detail);
            Assert.DoesNotContain(answer, check.Method);
        }
        Assert.DoesNotContain(database.Logs.Lines, l => l.Contains("02/12/1995", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null, "529", CallerAnswers.BirthDateEmptyMessage)]
    [InlineData("31/02/1985", "529", CallerAnswers.BirthDateInvalidMessage)]
    [InlineData("12/03/85x", "529", CallerAnswers.BirthDateInvalidMessage)]
    [InlineData("12/03/1985", "", CallerAnswers.CpfStartMessage)]
    [InlineData("12/03/1985", "52", CallerAnswers.CpfStartMessage)]
    [InlineData("12/03/1985", "5299", CallerAnswers.CpfStartMessage)]
    [InlineData("12/03/1985", "52a", CallerAnswers.CpfStartMessage)]
    public async Task MalformedAnswersAreRefusedAndAreNotAFailedCheck(string? birth, string? cpf, string message)
    {
        var call = CallScenario.NewCall();
        var maria = await s.IdAsync(TokenScenario.MariaCpf);
        var result = await s.TryCheckAsync(call, maria, birth, cpf);
        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Contains(message, result.Errors);
        Assert.Equal(CallerIdentityState.NotChecked, (await StateAsync(call, maria)).State);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ligação-1")]
    [InlineData("00000000-0000-0000-0000-000000000000")]
    public async Task ACheckNeedsAValidCall(string? call)
    {
        var result = await s.TryCheckAsync(call!, await s.IdAsync(TokenScenario.MariaCpf), CallScenario.MariaBirth, CallScenario.MariaCpfStart);
        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Contains(CallerAnswers.CallIdMessage, result.Errors);
    }

    [Fact]
    public async Task ChecksBelongToTheAgentWhoMadeThem()
    {
        var (call, maria) = await s.MariaCallAsync();
        var admin = await s.AdminAsync();
        var other = await s.Handler<GetCallerIdentityHandler>().HandleAsync(new(call, maria), admin);
        Assert.Equal(CallerIdentityState.NotChecked, other.Value!.State);
    }
}
