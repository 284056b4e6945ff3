using DentistPortal.Domain.Messaging;
using DentistPortal.Domain.Tokens;
using DentistPortal.Features.CallCenter;
using DentistPortal.Features.Common;
using DentistPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Tests.CallCenter;

/// <summary>Listing, reading out, resending and revoking active tokens from the Central (real SQLite, real handlers).</summary>
public class TokenActionRules(TestDatabase database) : IClassFixture<TestDatabase>
{
    private readonly CallScenario s = new(database);

    private async Task<Result<RevealedCode>> RevealAsync(string call, int caller, int tokenId, string? reason = "Paciente sem acesso ao celular") =>
        await s.Handler<RevealTokenCodeHandler>().HandleAsync(new(call, caller, tokenId, reason), await s.AgentAsync());

    private async Task<Result<ResentToken>> ResendAsync(string call, int caller, int tokenId, DeliveryChannel channel, string? reason = "Paciente não recebeu o token") =>
        await s.Handler<ResendTokenHandler>().HandleAsync(new(call, caller, tokenId, channel, reason), await s.AgentAsync());

    private async Task<Result<IReadOnlyList<ActiveTokenView>>> ListAsync(string call, int caller) =>
        await s.Handler<ListActiveTokensHandler>().HandleAsync(new(call, caller), await s.AgentAsync());

    private async Task<(string Call, int Id)> CallAsync(string cpf, string birth)
    {
        var call = CallScenario.NewCall();
        var id = await s.IdAsync(cpf);
        Assert.Equal(CallerIdentityState.Passed, (await s.CheckAsync(call, id, birth, cpf[..3])).State);
        return (call, id);
    }

    // ---- listing -------------------------------------------------------------------------------------------

    [Fact]
    public async Task AHolderSeesOwnAndDependentsActiveTokensADependentOnlyOwn()
    {
        var mine = await s.ActiveTokenAsync(TokenScenario.MariaCpf, "110001");
        var pedros = await s.ActiveTokenAsync(TokenScenario.PedroCard, "110002");
        var validated = await s.ActiveTokenAsync(TokenScenario.MariaCpf, "110003");
        await s.Tokens.ValidateAsync(validated.TreatmentId, "110003");

        var (call, maria) = await s.MariaCallAsync();
        var list = (await ListAsync(call, maria)).Value!;
        Assert.Contains(list, t => t.TokenId == mine.TokenId && !t.ForDependent);
        var pedro = Assert.Single(list, t => t.TokenId == pedros.TokenId);
        Assert.True(pedro.ForDependent);
        Assert.Equal("Pedro Henrique da Silva", pedro.BeneficiaryName);
        Assert.DoesNotContain(list, t => t.TokenId == validated.TokenId);

        var view = list.Single(t => t.TokenId == mine.TokenId);
        Assert.Equal(mine.Number, view.TreatmentNumber);
        Assert.Equal("Dra. Ana Beatriz Ferreira", view.DentistName);
        Assert.Equal("Clínica Sorriso Paulista", view.ClinicName);
        Assert.Equal(1, view.Sequence);
        Assert.Equal(view.CreatedAtUtc.AddHours(48), view.ExpiresAtUtc);
        Assert.Equal(["(11) *****-4321", "m***@e***.com.br"], view.Deliveries.Select(d => d.MaskedDestination));
        Assert.All(view.Deliveries, d => Assert.Equal(DeliveryStatus.Pending, d.Status));
        Assert.Equal([DeliveryChannel.Sms, DeliveryChannel.Email], view.Channels.Select(c => c.Channel));
        Assert.True(pedro.Channels.All(c => c.ThroughHolder)); // Pedro has no contacts: the holder's

        // Pedro's own call (e.g. the child's data answered by the mother) covers Pedro only.
        var pedroCall = CallScenario.NewCall();
        var pedroId = await s.IdAsync(TokenScenario.PedroCard);
        await s.CheckAsync(pedroCall, pedroId, "20/07/2016", "271");
        var own = (await ListAsync(pedroCall, pedroId)).Value!;
        Assert.Contains(own, t => t.TokenId == pedros.TokenId);
        Assert.DoesNotContain(own, t => t.TokenId == mine.TokenId);
    }

    [Fact]
    public async Task NothingIsListedWithoutAPassedCheck()
    {
        var maria = await s.IdAsync(TokenScenario.MariaCpf);
        var result = await ListAsync(CallScenario.NewCall(), maria);
        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Equal(IdentityGate.NotCheckedMessage, result.Errors[0]);
    }

    // ---- read it out ---------------------------------------------------------------------------------------

    [Fact]
    public async Task WithAPassedCheckAndAReasonTheCodeIsShownAndTheRevealAuditedWithoutIt()
    {
        const string code = "482913";
        var token = await s.ActiveTokenAsync(CallScenario.BeatrizCpf, code);
        var (call, beatriz) = await CallAsync(CallScenario.BeatrizCpf, CallScenario.BeatrizBirth);

        var result = await RevealAsync(call, beatriz, token.TokenId, "Paciente na clínica sem o celular");
        Assert.True(result.IsOk, string.Join(";", result.Errors));
        Assert.Equal(code, result.Value!.Code);
        Assert.Equal(token.Number, result.Value.TreatmentNumber);
        Assert.DoesNotContain(code, result.Value.ToString());

        await using var db = await s.Tokens.ContextAsync();
        var entry = await db.AuditEntries.SingleAsync(a => a.Action == RevealTokenCodeHandler.Action && a.Outcome == "ok"
                                                          && a.SubjectId == token.TreatmentId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("CallCenterAgent", entry.ActorRole);
        Assert.Contains("motivo: Paciente na clínica sem o celular", entry.Detail);
        Assert.Contains($"ligação {call[..8]}", entry.Detail);
        Assert.DoesNotContain(code, entry.Detail);
        Assert.DoesNotContain(database.Logs.Lines, l => l.Contains(code, StringComparison.Ordinal));
        // Reading out does not consume the token.
        Assert.Equal(TokenStatus.Active, (await db.Tokens.SingleAsync(t => t.Id == token.TokenId)).Status);
    }

    [Theory]
    [InlineData(null, RevealTokenCodeHandler.ReasonMessage)]
    [InlineData("", RevealTokenCodeHandler.ReasonMessage)]
    [InlineData("ok", RevealTokenCodeHandler.ReasonMessage)]
    [InlineData("cliente pediu o 555 666", CallCenterAccess.CodeLikeMessage)]
    public async Task ARevealNeedsAReasonThatHoldsNoCode(string? reason, string message)
    {
        var token = await s.ActiveTokenAsync(CallScenario.GustavoCpf, "220001");
        var (call, gustavo) = await CallAsync(CallScenario.GustavoCpf, CallScenario.GustavoBirth);
        var result = await RevealAsync(call, gustavo, token.TokenId, reason);
        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Equal(message, result.Errors[0]);
    }

    [Fact]
    public async Task NoRevealWithoutACheckAndTheAttemptIsAudited()
    {
        var token = await s.ActiveTokenAsync(CallScenario.GustavoCpf, "220002");
        var gustavo = await s.IdAsync(CallScenario.GustavoCpf);
        var call = CallScenario.NewCall();
        var result = await RevealAsync(call, gustavo, token.TokenId);
        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Equal(IdentityGate.NotCheckedMessage, result.Errors[0]);
        Assert.Null(result.Value);
        await using var db = await s.Tokens.ContextAsync();
        Assert.Contains(await db.AuditEntries.Where(a => a.Action == RevealTokenCodeHandler.Action && a.Outcome == "refused").ToListAsync(),
            a => a.Detail!.Contains(call[..8], StringComparison.Ordinal));
    }

    [Fact]
    public async Task AFailedCheckBlocksRevealAndResendForTheCallEvenAfterAPassedOne()
    {
        var token = await s.ActiveTokenAsync(TokenScenario.MariaCpf, "330001");
        var maria = await s.IdAsync(TokenScenario.MariaCpf);
        var call = CallScenario.NewCall();
        await s.CheckAsync(call, maria, "12/03/1984", "529");
        await s.CheckAsync(call, maria, CallScenario.MariaBirth, CallScenario.MariaCpfStart);

        var reveal = await RevealAsync(call, maria, token.TokenId);
        Assert.Equal(ResultStatus.Invalid, reveal.Status);
        Assert.Equal(IdentityGate.BlockedMessage, reveal.Errors[0]);
        var resend = await ResendAsync(call, maria, token.TokenId, DeliveryChannel.Email);
        Assert.Equal(IdentityGate.BlockedMessage, resend.Errors[0]);
        var report = await s.Handler<ReportUnsolicitedCodeHandler>().HandleAsync(new(call, maria, token.TokenId, null), await s.AgentAsync());
        Assert.Equal(IdentityGate.BlockedMessage, report.Errors[0]);
        Assert.Equal(ResultStatus.Invalid, (await ListAsync(call, maria)).Status);

        await using var db = await s.Tokens.ContextAsync();
        Assert.Equal(2, await db.Deliveries.CountAsync(d => d.TokenId == token.TokenId)); // only the generation's
        Assert.Equal(TokenStatus.Active, (await db.Tokens.SingleAsync(t => t.Id == token.TokenId)).Status);

        // The next call, checked again, may.
        var (next, _) = await s.MariaCallAsync();
        Assert.True((await RevealAsync(next, maria, token.TokenId)).IsOk);
    }

    [Fact]
    public async Task AnExpiredCheckMustBeRedone()
    {
        var token = await s.ActiveTokenAsync(CallScenario.GustavoCpf, "220003");
        var (call, gustavo) = await CallAsync(CallScenario.GustavoCpf, CallScenario.GustavoBirth);
        database.Clock.Advance(TimeSpan.FromMinutes(31));
        var result = await RevealAsync(call, gustavo, token.TokenId);
        Assert.Equal(IdentityGate.ExpiredMessage, result.Errors[0]);
        await s.CheckAsync(call, gustavo, CallScenario.GustavoBirth, "173");
        Assert.True((await RevealAsync(call, gustavo, token.TokenId)).IsOk);
    }

    [Fact]
    public async Task NoRevealOrResendOfATokenThatIsNotActive()
    {
        var validated = await s.ActiveTokenAsync(CallScenario.BeatrizCpf, "440001");
        await s.Tokens.ValidateAsync(validated.TreatmentId, "440001");
        var superseded = await s.ActiveTokenAsync(CallScenario.BeatrizCpf, "440002");
        await s.Tokens.GenerateAsync(superseded.TreatmentId, "440003");
        var (call, beatriz) = await CallAsync(CallScenario.BeatrizCpf, CallScenario.BeatrizBirth);

        foreach (var (tokenId, state) in new[] { (validated.TokenId, "validado"), (superseded.TokenId, "substituído") })
        {
            var reveal = await RevealAsync(call, beatriz, tokenId);
            Assert.Equal(ResultStatus.Invalid, reveal.Status);
            Assert.Contains("não está mais ativo", reveal.Errors[0]);
            Assert.Contains(state, reveal.Errors[0]);
            Assert.Null(reveal.Value);
            Assert.Equal(ResultStatus.Invalid, (await ResendAsync(call, beatriz, tokenId, DeliveryChannel.Email)).Status);
        }
    }

    [Fact]
    public async Task ACallerActsOnlyOnTokensInTheirScope()
    {
        var marias = await s.ActiveTokenAsync(TokenScenario.MariaCpf, "550001");
        var pedros = await s.ActiveTokenAsync(TokenScenario.PedroCard, "550002");
        var (joaoCall, joao) = await CallAsync(CallScenario.JoaoCpf, CallScenario.JoaoBirth);
        var (beatrizCall, beatriz) = await CallAsync(CallScenario.BeatrizCpf, CallScenario.BeatrizBirth);

        // A spouse (dependent) does not reach the holder's or the child's token; another family reaches nothing.
        Assert.Equal(ResultStatus.NotFound, (await RevealAsync(joaoCall, joao, marias.TokenId)).Status);
        Assert.Equal(ResultStatus.NotFound, (await RevealAsync(joaoCall, joao, pedros.TokenId)).Status);
        Assert.Equal(ResultStatus.NotFound, (await RevealAsync(beatrizCall, beatriz, marias.TokenId)).Status);
        Assert.Equal(ResultStatus.NotFound, (await ResendAsync(beatrizCall, beatriz, marias.TokenId, DeliveryChannel.Email)).Status);
        Assert.Equal(ResultStatus.NotFound, (await RevealAsync(beatrizCall, beatriz, 999_999)).Status);

        // The holder reaches the child's.
        var (mariaCall, maria) = await s.MariaCallAsync();
        Assert.Equal("550002", (await RevealAsync(mariaCall, maria, pedros.TokenId)).Value!.Code);
    }

    // ---- resend --------------------------------------------------------------------------------------------

    [Fact]
    public async Task AResendQueuesANewDeliveryOfTheSameTokenAndIsAuditedWithTheReason()
    {
        var token = await s.ActiveTokenAsync(CallScenario.BeatrizCpf, "660001");
        var (call, beatriz) = await CallAsync(CallScenario.BeatrizCpf, CallScenario.BeatrizBirth);
        var before = (await ListAsync(call, beatriz)).Value!.Single(t => t.TokenId == token.TokenId);

        var result = await ResendAsync(call, beatriz, token.TokenId, DeliveryChannel.Email, "E-mail foi para o spam");
        Assert.True(result.IsOk, string.Join(";", result.Errors));
        Assert.Equal("b***@e***.com", result.Value!.MaskedDestination);
        Assert.Equal(before.ResendsLeft - 1, result.Value.ResendsLeft);

        await using var db = await s.Tokens.ContextAsync();
        var delivery = await db.Deliveries.SingleAsync(d => d.Id == result.Value.DeliveryId);
        Assert.Equal((token.TokenId, token.TreatmentId, DeliveryChannel.Email, DeliveryStatus.Pending), (delivery.TokenId, delivery.TreatmentId, delivery.Channel, delivery.Status));
        Assert.Equal("bia.araujo@exemplo.com", delivery.Destination);
        Assert.False(delivery.ThroughHolder);
        Assert.Equal(1, await db.Tokens.CountAsync(t => t.TreatmentId == token.TreatmentId)); // no new token, no new code

        var entry = await db.AuditEntries.SingleAsync(a => a.Action == ResendTokenHandler.Action && a.Outcome == "ok"
                                                          && a.SubjectId == token.TreatmentId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("motivo: E-mail foi para o spam", entry.Detail);
        Assert.Contains("E-mail para b***@e***.com", entry.Detail);
        Assert.DoesNotContain("bia.araujo", entry.Detail);

        var after = (await ListAsync(call, beatriz)).Value!.Single(t => t.TokenId == token.TokenId);
        Assert.Equal(before.Deliveries.Count + 1, after.Deliveries.Count);
        Assert.All(before.Deliveries, d => Assert.False(d.IsResend));
        Assert.True(after.Deliveries.Single(d => d.Id == delivery.Id).IsResend);
    }

    [Fact]
    public async Task ADependentWithoutContactsGetsTheResendAtTheHoldersPhone()
    {
        var token = await s.ActiveTokenAsync(TokenScenario.PedroCard, "660002");
        var (call, maria) = await s.MariaCallAsync();
        var result = await ResendAsync(call, maria, token.TokenId, DeliveryChannel.Sms);
        Assert.True(result.IsOk, string.Join(";", result.Errors));
        Assert.True(result.Value!.ThroughHolder);
        Assert.Equal("(11) *****-4321", result.Value.MaskedDestination);
        await using var db = await s.Tokens.ContextAsync();
        Assert.Equal("+5511987654321", (await db.Deliveries.SingleAsync(d => d.Id == result.Value.DeliveryId)).Destination);
    }

    [Fact]
    public async Task OnlyARegisteredChannelCanBeChosen()
    {
        var token = await s.ActiveTokenAsync(TokenScenario.RobertoCpf, "660003");
        var (call, roberto) = await CallAsync(TokenScenario.RobertoCpf, "02/11/1970");
        var sms = await ResendAsync(call, roberto, token.TokenId, DeliveryChannel.Sms);
        Assert.Equal(ResultStatus.Invalid, sms.Status);
        Assert.Contains("Não há celular cadastrado", sms.Errors[0]);
        Assert.Equal(ResultStatus.Invalid, (await ResendAsync(call, roberto, token.TokenId, (DeliveryChannel)7)).Status);
        Assert.Equal(ResultStatus.Invalid, (await ResendAsync(call, roberto, token.TokenId, DeliveryChannel.Email, " ")).Status);
        Assert.True((await ResendAsync(call, roberto, token.TokenId, DeliveryChannel.Email)).IsOk);
    }

    // ---- unsolicited code ----------------------------------------------------------------------------------

    [Fact]
    public async Task AnUnsolicitedReportRevokesTheTokenAndOpensACaseFromTheCentral()
    {
        var token = await s.ActiveTokenAsync(CallScenario.GustavoCpf, "770001");
        var (call, gustavo) = await CallAsync(CallScenario.GustavoCpf, CallScenario.GustavoBirth);
        var result = await s.Handler<ReportUnsolicitedCodeHandler>().HandleAsync(new(call, gustavo, token.TokenId, "Não tem consulta marcada"), await s.AgentAsync());
        Assert.True(result.IsOk, string.Join(";", result.Errors));

        await using var db = await s.Tokens.ContextAsync();
        var t = await db.Tokens.SingleAsync(x => x.Id == token.TokenId);
        Assert.Equal(TokenStatus.Revoked, t.Status);
        Assert.Null(t.EncryptedCode);
        var report = await db.UnsolicitedReports.SingleAsync(r => r.Id == result.Value);
        Assert.Equal(("central", ReportStatus.Open, token.TreatmentId), (report.ReportedVia, report.Status, report.TreatmentId));
        Assert.Contains("Não tem consulta marcada", report.Notes);
        Assert.Contains(call[..8], report.Notes);
        Assert.Contains(await db.AuditEntries.Where(a => a.Action == "token.revoked").ToListAsync(), a => a.Detail!.Contains("(central)", StringComparison.Ordinal));

        Assert.DoesNotContain((await ListAsync(call, gustavo)).Value!, v => v.TokenId == token.TokenId);
        Assert.Contains("não está mais ativo", (await RevealAsync(call, gustavo, token.TokenId)).Errors[0]);
        Assert.Equal(ResultStatus.Invalid, (await s.Handler<ReportUnsolicitedCodeHandler>().HandleAsync(new(call, gustavo, token.TokenId, null), await s.AgentAsync())).Status);
    }

    [Fact]
    public async Task AnUnsolicitedReportNeedsAPassedCheck()
    {
        var token = await s.ActiveTokenAsync(CallScenario.GustavoCpf, "770002");
        var gustavo = await s.IdAsync(CallScenario.GustavoCpf);
        var result = await s.Handler<ReportUnsolicitedCodeHandler>().HandleAsync(new(CallScenario.NewCall(), gustavo, token.TokenId, null), await s.AgentAsync());
        Assert.Equal(IdentityGate.NotCheckedMessage, result.Errors[0]);
        await using var db = await s.Tokens.ContextAsync();
        Assert.Equal(TokenStatus.Active, (await db.Tokens.SingleAsync(t => t.Id == token.TokenId)).Status);
    }
}
