using DentistPortal.Domain.Messaging;
using DentistPortal.Features.CallCenter;
using DentistPortal.Features.Common;
using DentistPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DentistPortal.Tests.CallCenter;

/// <summary>
/// Issue 10 attack: after the HMAC key a token was made with is removed, the dentist is told to re-issue it, but the
/// Central could still read the dead code out or send it again. Both now answer "token precisa ser reemitido" and
/// nothing is sent or recorded as revealed.
/// </summary>
public class CentralNeverPassesOnACodeWhoseKeyIsGone(TestDatabase database) : IClassFixture<TestDatabase>
{
    private readonly CallScenario s = new(database);

    [Fact]
    public async Task RevealAndResendAnswerReissueAndSendNothing()
    {
        var (call, mariaId) = await s.MariaCallAsync();
        var token = await s.ActiveTokenAsync(TokenScenario.MariaCpf, "160001");
        await using var withoutItsKey = database.ServicesWith(TestKeys.FirstKeyRemoved);
        using var scope = withoutItsKey.CreateScope();
        var agent = await s.AgentAsync();
        int deliveriesBefore;
        await using (var db = await s.Tokens.ContextAsync()) deliveriesBefore = await db.Deliveries.CountAsync();

        var revealed = await scope.ServiceProvider.GetRequiredService<RevealTokenCodeHandler>()
            .HandleAsync(new(call, mariaId, token.TokenId, "Paciente sem acesso ao celular"), agent);
        var resent = await scope.ServiceProvider.GetRequiredService<ResendTokenHandler>()
            .HandleAsync(new(call, mariaId, token.TokenId, DeliveryChannel.Sms, "Paciente não recebeu o token"), agent);

        Assert.Equal(ResultStatus.Invalid, revealed.Status);
        Assert.Equal(CallTokenAccess.ReissueMessage, revealed.Errors.Single());
        Assert.Equal(ResultStatus.Invalid, resent.Status);
        Assert.Equal(CallTokenAccess.ReissueMessage, resent.Errors.Single());
        await using (var db = await s.Tokens.ContextAsync()) Assert.Equal(deliveriesBefore, await db.Deliveries.CountAsync());

        // With its key configured the same reading works (the refusal is about the key, not the call).
        var withKey = await s.Handler<RevealTokenCodeHandler>().HandleAsync(new(call, mariaId, token.TokenId, "Paciente sem acesso ao celular"), agent);
        Assert.Equal("160001", withKey.Value!.Code);
    }
}
