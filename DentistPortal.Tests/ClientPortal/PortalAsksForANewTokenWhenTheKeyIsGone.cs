using DentistPortal.Domain.Tokens;
using DentistPortal.Features.ClientPortal;
using DentistPortal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace DentistPortal.Tests.ClientPortal;

/// <summary>
/// Issue 10 (Keys and secrets): once the HMAC key a token was made with is removed, the dentist's screen answers "token
/// precisa ser reemitido"; the Portal do Cliente must not keep showing that code as usable (the patient would read out a
/// code the portal can no longer check): no code, and a plain instruction to ask for a new token.
/// </summary>
public class PortalAsksForANewTokenWhenTheKeyIsGone(TestDatabase database) : IClassFixture<TestDatabase>
{
    private readonly PortalScenario s = new(database);

    [Fact]
    public async Task AnActiveTokenWhoseKeyIsGoneShowsNoCodeAndAsksForANewToken()
    {
        var token = await s.TokenForAsync(TokenScenario.MariaCpf, "150001");
        var maria = await s.MariaAsync();

        var withKey = (await s.MyTokensAsync(maria)).Recent.Single(t => t.TokenId == token.TokenId);
        Assert.Equal("150001", withKey.Code);
        Assert.False(withKey.NeedsReissue);

        await using var withoutItsKey = database.ServicesWith(TestKeys.FirstKeyRemoved);
        using var scope = withoutItsKey.CreateScope();
        var view = await scope.ServiceProvider.GetRequiredService<GetMyTokensHandler>().HandleAsync(maria);

        var shown = view.Value!.Recent.Single(t => t.TokenId == token.TokenId);
        Assert.Equal(TokenStatus.Active, shown.Status);
        Assert.True(shown.NeedsReissue);
        Assert.Null(shown.Code);
    }
}
