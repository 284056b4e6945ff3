using System.Security.Claims;
using Bunit;
using DentistPortal.Components.Pages.CallCenter;
using DentistPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MudBlazor.Services;

namespace DentistPortal.Tests.CallCenter;

/// <summary>The /central page as one call goes: search → identity → tokens, the 30-minute expiry and "Nova ligação" (bUnit).</summary>
public class CallCenterPageFlow(TestDatabase database) : IClassFixture<TestDatabase>
{
    private readonly CallScenario s = new(database);

    private async Task<(BunitContext Ctx, FakeTimeProvider Clock)> ContextAsync()
    {
        // As ComponentContext.Create, with a clock the test moves (registered first: the portal only adds one when missing).
        var ctx = new BunitContext();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        var clock = new FakeTimeProvider(database.Clock.GetUtcNow());
        ctx.Services.AddSingleton<TimeProvider>(clock);
        ctx.Services.AddMudServices();
        TestDatabase.AddPortal(ctx.Services, database.Configuration);
        var agent = await s.AgentAsync();
        var auth = ctx.AddAuthorization();
        auth.SetAuthorized("central@demo.local");
        auth.SetRoles([.. agent.Roles]);
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, agent.UserId));
        ctx.SetRendererInfo(new RendererInfo("Server", true));
        return (ctx, clock);
    }

    private static async Task SearchAsync(IRenderedComponent<CallCenterHome> cut, string term)
    {
        await cut.Find("input#cc-term").InputAsync(new ChangeEventArgs { Value = term });
        await cut.Find("form[data-testid=cc-search]").SubmitAsync();
    }

    private static async Task AnswerAsync(IRenderedComponent<CallCenterHome> cut, string birth, string cpf)
    {
        await cut.Find("input#identity-birth").InputAsync(new ChangeEventArgs { Value = birth });
        await cut.Find("input#identity-cpf").InputAsync(new ChangeEventArgs { Value = cpf });
        await cut.Find("form.cc-identity-form").SubmitAsync();
    }

    private static string IdentityState(IRenderedComponent<CallCenterHome> cut) =>
        cut.Find("[data-testid=identity-panel]").GetAttribute("data-identity-state")!;

    [Fact]
    public async Task ACallGoesFromSearchToTokensExpiresAfterThirtyMinutesAndNovaLigacaoStartsClean()
    {
        var token = await s.ActiveTokenAsync(CallScenario.BeatrizCpf, "990001");
        var (ctx, clock) = await ContextAsync();
        await using var _ = ctx;
        var cut = ctx.Render<CallCenterHome>();
        Assert.Contains("central/contingencia", cut.Markup);
        Assert.Empty(cut.FindAll("[data-testid=identity-panel]"));

        await SearchAsync(cut, "161.803.398-05");
        cut.WaitForAssertion(() => Assert.Equal("notchecked", IdentityState(cut)));
        Assert.Empty(cut.FindAll("[data-testid=cc-tokens]"));

        await AnswerAsync(cut, CallScenario.BeatrizBirth, "161");
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find($"[data-testid=cc-token][data-number='{token.Number}']")));
        Assert.Equal("passed", IdentityState(cut));
        var firstCall = cut.Find("[data-testid=call-bar]").GetAttribute("data-call");

        // Thirty minutes later the screen asks again by itself and hides the tokens.
        clock.Advance(TimeSpan.FromMinutes(30).Add(TimeSpan.FromSeconds(2)));
        cut.WaitForAssertion(() => Assert.Equal("expired", IdentityState(cut)));
        Assert.Empty(cut.FindAll("[data-testid=cc-tokens]"));

        // "Nova ligação": a new call id, nothing of the previous caller left on screen.
        await cut.FindAll("button").First(b => b.TextContent.Contains("Nova ligação", StringComparison.Ordinal)).ClickAsync(new());
        Assert.NotEqual(firstCall, cut.Find("[data-testid=call-bar]").GetAttribute("data-call"));
        Assert.Empty(cut.FindAll("[data-testid=identity-panel]"));
        Assert.Empty(cut.FindAll("[data-testid=cc-match]"));
        Assert.DoesNotContain("Beatriz", cut.Markup);
    }

    [Fact]
    public async Task ANameSearchListsCandidatesAndTheAgentPicksOne()
    {
        var (ctx, _) = await ContextAsync();
        await using var __ = ctx;
        var cut = ctx.Render<CallCenterHome>();
        await SearchAsync(cut, "da silva");
        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("[data-testid=cc-match]").Count));
        Assert.Empty(cut.FindAll("[data-testid=identity-panel]"));
        Assert.Contains("ano 2016", cut.Markup);
        Assert.DoesNotContain("20/07/2016", cut.Markup);

        await cut.FindAll("button").First(b => b.GetAttribute("aria-label") == "Atender Pedro Henrique da Silva").ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Contains("Em atendimento: Pedro Henrique da Silva", cut.Find("[data-testid=identity-panel]").TextContent));
    }

    [Fact]
    public async Task ABadSearchTermShowsItsMessage()
    {
        var (ctx, _) = await ContextAsync();
        await using var __ = ctx;
        var cut = ctx.Render<CallCenterHome>();
        await SearchAsync(cut, "jo");
        cut.WaitForAssertion(() => Assert.Contains("Digite ao menos 3 letras do nome.", cut.Markup));
    }
}
