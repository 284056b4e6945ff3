using DentistPortal.Domain.Messaging;
using DentistPortal.Features.CallCenter;
using DentistPortal.Features.Common;
using DentistPortal.Features.Tokens;
using DentistPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Tests.CallCenter;

/// <summary>A database with small send caps: 3 SMS per phone per day, 2 tokens (and 2 resends) per treatment in 48 h.</summary>
public sealed class SmallCapsDatabase : TestDatabase
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings =>
    [
        new("Tokens:MaxSmsPerBeneficiaryPerDay", "3"),
        new("Tokens:MaxTokensPerTreatmentPer48Hours", "2"),
    ];
}

/// <summary>Resends stay within the send caps (SMS per phone per 24 h; resends per treatment per 48 h).</summary>
public class ResendCaps(SmallCapsDatabase database) : IClassFixture<SmallCapsDatabase>
{
    private readonly CallScenario s = new(database);

    private async Task<Result<ResentToken>> ResendAsync(string call, int caller, int tokenId, DeliveryChannel channel) =>
        await s.Handler<ResendTokenHandler>().HandleAsync(new(call, caller, tokenId, channel, "Paciente não recebeu o token"), await s.AgentAsync());

    [Fact]
    public async Task ResendsPerTreatmentAreCappedAndCountedApartFromNewTokens()
    {
        var token = await s.ActiveTokenAsync(TokenScenario.RobertoCpf, "810001");
        var call = CallScenario.NewCall();
        var roberto = await s.IdAsync(TokenScenario.RobertoCpf);
        await s.CheckAsync(call, roberto, "02/11/1970", "111");

        Assert.Equal(1, (await ResendAsync(call, roberto, token.TokenId, DeliveryChannel.Email)).Value!.ResendsLeft);
        Assert.Equal(0, (await ResendAsync(call, roberto, token.TokenId, DeliveryChannel.Email)).Value!.ResendsLeft);
        var refused = await ResendAsync(call, roberto, token.TokenId, DeliveryChannel.Email);
        Assert.Equal(ResultStatus.Invalid, refused.Status);
        Assert.StartsWith("Limite de 2 reenvios em 48 horas para este tratamento", refused.Errors[0]);
        Assert.Contains("Informe o código por telefone", refused.Errors[0]);

        await using (var db = await s.Tokens.ContextAsync())
        {
            Assert.Equal(3, await db.Deliveries.CountAsync(d => d.TokenId == token.TokenId)); // generation + 2 resends
            Assert.Contains(await db.AuditEntries.Where(a => a.Action == ResendTokenHandler.Action).ToListAsync(), a => a.Outcome == "refused");
        }

        // The clinic's own budget is untouched: it may still issue a new token (1 of 2 used)…
        var reissued = await s.Handler<GenerateTokenHandler>().HandleAsync(new(token.TreatmentId), await s.Tokens.DentistAsync());
        Assert.True(reissued.IsOk);
        // …and 48 hours later the Central may resend again.
        database.Clock.Advance(TimeSpan.FromHours(48).Add(TimeSpan.FromMinutes(1)));
        var fresh = await s.ActiveTokenAsync(TokenScenario.RobertoCpf, "810002");
        var later = CallScenario.NewCall();
        await s.CheckAsync(later, roberto, "02/11/1970", "111");
        Assert.True((await ResendAsync(later, roberto, fresh.TokenId, DeliveryChannel.Email)).IsOk);

        // The re-issued token is past its 48 h (still "Active" in the table until someone touches it): not listed, not readable.
        var listed = (await s.Handler<ListActiveTokensHandler>().HandleAsync(new(later, roberto), await s.AgentAsync())).Value!;
        Assert.Contains(listed, t => t.TokenId == fresh.TokenId);
        Assert.DoesNotContain(listed, t => t.TokenId == reissued.Value!.TokenId);
        var reveal = await s.Handler<RevealTokenCodeHandler>().HandleAsync(new(later, roberto, reissued.Value!.TokenId, "Paciente sem celular"), await s.AgentAsync());
        Assert.Equal(ResultStatus.Invalid, reveal.Status);
        Assert.Contains("expirado", reveal.Errors[0]);
    }

    [Fact]
    public async Task TheSmsCapPerPhoneCountsResendsAndRefusesOverIt()
    {
        var gustavo = await s.IdAsync(CallScenario.GustavoCpf);
        var first = await s.ActiveTokenAsync(CallScenario.GustavoCpf, "820001");   // SMS 1
        var second = await s.ActiveTokenAsync(CallScenario.GustavoCpf, "820002");  // SMS 2
        var call = CallScenario.NewCall();
        await s.CheckAsync(call, gustavo, CallScenario.GustavoBirth, "173");

        Assert.True((await ResendAsync(call, gustavo, first.TokenId, DeliveryChannel.Sms)).IsOk); // SMS 3
        var refused = await ResendAsync(call, gustavo, second.TokenId, DeliveryChannel.Sms);
        Assert.Equal(ResultStatus.Invalid, refused.Status);
        Assert.Equal("Limite de 3 SMS por dia para este celular atingido: SMS não reenviado. Reenvie por e-mail ou informe o código por telefone.", refused.Errors[0]);
        // E-mail is not capped by the phone's limit.
        Assert.True((await ResendAsync(call, gustavo, second.TokenId, DeliveryChannel.Email)).IsOk);

        await using var db = await s.Tokens.ContextAsync();
        Assert.Equal(3, await db.Deliveries.CountAsync(d => d.Destination == "+5531987651234"));
        // The resend used up what generation may send too: a new token today gets no SMS.
        var third = await s.ActiveTokenAsync(CallScenario.GustavoCpf, "820003");
        var sms = await db.Deliveries.SingleAsync(d => d.TokenId == third.TokenId && d.Channel == DeliveryChannel.Sms);
        Assert.Equal(DeliveryStatus.Failed, sms.Status);
    }
}
