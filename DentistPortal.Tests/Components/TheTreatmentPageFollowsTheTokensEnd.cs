using Bunit;
using DentistPortal.Components.Pages.Treatments;
using DentistPortal.Tests.Infrastructure;

namespace DentistPortal.Tests.Components;

/// <summary>
/// TR-5 on the open treatment page: an outside tester saw "Ativo · faltam menos de 1 min" for 30 s after the token's
/// end (the page read the status at load and redrew on a 30 s clock), and a right code typed then was refused as
/// expired. The page now loads again the moment the token expires, and its countdown redraws itself at each minute.
/// Own database with 2-minute tokens: these tests move its clock.
/// </summary>
public class TheTreatmentPageFollowsTheTokensEnd(TheTreatmentPageFollowsTheTokensEnd.Database database) : IClassFixture<TheTreatmentPageFollowsTheTokensEnd.Database>
{
    /// <summary>Tokens of 2 minutes, so the clock moves by minutes, not by 48 hours.</summary>
    public sealed class Database : TestDatabase
    {
        protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings => [new("Tokens:LifetimeMinutes", "2")];
    }

    private readonly TokenScenario scenario = new(database);

    [Fact]
    public async Task TheTokenReadsExpiredTheMomentItsTimeIsUpAndLessThanAMinuteOnceUnderOne()
    {
        var treatment = await scenario.SubmittedTreatmentAsync(TokenScenario.RobertoCpf);
        var token = await scenario.GenerateAsync(treatment, "141421");
        await using var ctx = ComponentContext.Create(database, signedIn: await scenario.DentistAsync());
        var page = ctx.Render<TreatmentPage>(p => p.Add(x => x.Numero, scenario.NumberOf(treatment)));
        const string current = "[data-testid=current-token]";
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll($"{current} [data-token-status=active]")));

        // 50 s left: the countdown says less than a minute (the tester read "faltam 1 min" there, the page's 30 s clock).
        database.Clock.Advance(token.ExpiresAtUtc - database.Clock.GetUtcNow() - TimeSpan.FromSeconds(50));
        page.WaitForAssertion(() => Assert.Equal("faltam menos de 1 min", page.Find($"{current} [data-testid=countdown]").TextContent));

        // One second past the end: expired at once, no countdown beside it, without waiting for the next 30 s tick.
        database.Clock.Advance(TimeSpan.FromSeconds(51));
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll($"{current} [data-token-status=expired]")));
        Assert.Empty(page.FindAll($"{current} [data-testid=countdown]"));
    }
}
