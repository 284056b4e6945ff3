using DentistPortal.Domain.Messaging;
using DentistPortal.Features.CallCenter;
using DentistPortal.Features.Common;
using DentistPortal.Tests.Infrastructure;

namespace DentistPortal.Tests.CallCenter;

/// <summary>
/// Issue 9 §7 (SPEC §9): the Central reads a token to the holder only for a dependent who is a minor or has no contact
/// of their own; João (adult spouse, own mobile) is read his code only when João himself is the caller identified.
/// </summary>
public class AdultDependentsArePrivate(TestDatabase database) : IClassFixture<TestDatabase>
{
    private readonly CallScenario s = new(database);

    private async Task<Result<RevealedCode>> RevealAsync(string call, int caller, int tokenId) =>
        await s.Handler<RevealTokenCodeHandler>().HandleAsync(new(call, caller, tokenId, "Paciente sem acesso ao celular"), await s.AgentAsync());

    [Fact]
    public async Task TheHolderIsNotReadAnAdultDependentsCodeButTheDependentIs()
    {
        var joaos = await s.ActiveTokenAsync(CallScenario.JoaoCpf, "710001");
        var pedros = await s.ActiveTokenAsync(TokenScenario.PedroCard, "710002");

        var (mariaCall, maria) = await s.MariaCallAsync();
        var refused = await RevealAsync(mariaCall, maria, joaos.TokenId);
        Assert.Equal((ResultStatus.NotFound, CallTokenAccess.TokenNotFound), (refused.Status, refused.Errors.Single()));
        Assert.Null(refused.Value);
        Assert.Equal(ResultStatus.NotFound, (await s.Handler<ResendTokenHandler>().HandleAsync(
            new(mariaCall, maria, joaos.TokenId, DeliveryChannel.Sms, "Paciente não recebeu"), await s.AgentAsync())).Status);
        var listed = (await s.Handler<ListActiveTokensHandler>().HandleAsync(new(mariaCall, maria), await s.AgentAsync())).Value!;
        Assert.DoesNotContain(listed, t => t.TokenId == joaos.TokenId);
        Assert.Contains(listed, t => t.TokenId == pedros.TokenId);
        Assert.Equal("710002", (await RevealAsync(mariaCall, maria, pedros.TokenId)).Value!.Code);

        var joaoCall = CallScenario.NewCall();
        var joao = await s.IdAsync(CallScenario.JoaoCpf);
        Assert.Equal(CallerIdentityState.Passed, (await s.CheckAsync(joaoCall, joao, CallScenario.JoaoBirth, "314")).State);
        Assert.Equal("710001", (await RevealAsync(joaoCall, joao, joaos.TokenId)).Value!.Code);
    }
}
