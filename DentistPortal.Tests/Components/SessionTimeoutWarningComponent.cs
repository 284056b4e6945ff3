using Bunit;
using DentistPortal.Components.Layout;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.JSInterop;

namespace DentistPortal.Tests.Components;

/// <summary>
/// Issue 14 ("Language and time", WCAG 2.2.1): before the session ends the user is warned, can extend it with
/// "Continuar conectado" (the cookie is renewed from the page), and is told when it ended.
/// </summary>
public class SessionTimeoutWarningComponent
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 13, 0, 0, TimeSpan.Zero);

    private static (BunitContext Ctx, FakeTimeProvider Clock, JSRuntimeInvocationHandler<string> Renewal) Create(TimeSpan lifetime, string answer = SessionTimeoutWarning.RenewedAnswer)
    {
        var ctx = new BunitContext();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        var clock = new FakeTimeProvider(Start);
        ctx.Services.AddSingleton<TimeProvider>(clock);
        ctx.Services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme).Configure(o => o.ExpireTimeSpan = lifetime);
        // wwwroot/session.js: dpSession.renew() POSTs /Account/RenovarSessao and answers its body.
        var renewal = ctx.JSInterop.Setup<string>("dpSession.renew");
        renewal.SetResult(answer);
        ctx.SetRendererInfo(new RendererInfo("Server", true));
        return (ctx, clock, renewal);
    }

    private static int Renewals(BunitContext ctx) => ctx.JSInterop.Invocations["dpSession.renew"].Count;

    [Fact]
    public async Task TwoMinutesBeforeTheEndItWarnsAndContinuarConectadoExtendsTheSession()
    {
        var (ctx, clock, _) = Create(TimeSpan.FromMinutes(30));
        await using var _ctx = ctx;
        var cut = ctx.Render<SessionTimeoutWarning>();
        cut.WaitForAssertion(() => Assert.Equal(1, Renewals(ctx))); // the end is made known when the page opens

        clock.Advance(TimeSpan.FromMinutes(27));
        Assert.Empty(cut.FindAll("[data-testid=session-warning]"));
        clock.Advance(TimeSpan.FromMinutes(1));
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=session-warning]")));
        var warning = cut.Find("[data-testid=session-warning]");
        Assert.Equal("alertdialog", warning.GetAttribute("role"));
        Assert.Contains("Sua sessão termina às", warning.TextContent);
        Assert.Equal(cut.Find("[data-testid=session-warning] button").GetAttribute("blazor:elementReference"),
            ctx.JSInterop.VerifyFocusAsyncInvoke().Arguments[0] is ElementReference r ? r.Id : null);

        await cut.Find("[data-testid=session-warning] button").ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=session-warning]")));
        Assert.Equal(2, Renewals(ctx));
        Assert.StartsWith("Sessão renovada até", cut.Find("[data-testid=session-live]").TextContent);

        // The new end is 30 min after the renewal: no warning 27 min later, one at 28.
        clock.Advance(TimeSpan.FromMinutes(27));
        Assert.Empty(cut.FindAll("[data-testid=session-warning]"));
        clock.Advance(TimeSpan.FromMinutes(1));
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=session-warning]")));
    }

    [Fact]
    public async Task WithoutAnAnswerTheSessionEndsAndThePageSaysSo()
    {
        var (ctx, clock, _) = Create(TimeSpan.FromMinutes(30));
        await using var _ctx = ctx;
        var cut = ctx.Render<SessionTimeoutWarning>();
        cut.WaitForAssertion(() => Assert.Equal(1, Renewals(ctx)));
        clock.Advance(TimeSpan.FromMinutes(28));
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=session-warning]")));
        clock.Advance(TimeSpan.FromMinutes(2));
        cut.WaitForAssertion(() =>
        {
            Assert.Empty(cut.FindAll("[data-testid=session-warning]"));
            Assert.Equal("alert", cut.Find("[data-testid=session-ended]").GetAttribute("role"));
            Assert.Contains("Sua sessão terminou", cut.Find("[data-testid=session-live]").TextContent);
        });
    }

    [Fact]
    public async Task WhenTheServerNoLongerRenewsItNothingIsScheduled()
    {
        var (ctx, clock, _) = Create(TimeSpan.FromMinutes(30), answer: "");
        await using var _ctx = ctx;
        var cut = ctx.Render<SessionTimeoutWarning>();
        cut.WaitForAssertion(() => Assert.Equal(1, Renewals(ctx)));
        clock.Advance(TimeSpan.FromHours(1));
        Assert.Empty(cut.FindAll("[data-testid=session-warning]"));
        Assert.Empty(cut.FindAll("[data-testid=session-ended]"));
    }

    [Fact]
    public async Task UntilTheWarningItDrawsNothingAndHoldsNoJsObject()
    {
        // Issue 13 (memory per circuit): the component is in every signed-in page; before the warning it draws nothing
        // and keeps no JS object reference (the renewal is a call by name to wwwroot/session.js).
        var (ctx, clock, _) = Create(TimeSpan.FromMinutes(30));
        await using var _ctx = ctx;
        var cut = ctx.Render<SessionTimeoutWarning>();
        cut.WaitForAssertion(() => Assert.Equal(1, Renewals(ctx)));
        clock.Advance(TimeSpan.FromMinutes(20));
        Assert.Equal("", cut.Markup.Trim());
        Assert.DoesNotContain(ctx.JSInterop.Invocations, i => i.ResultType == typeof(IJSObjectReference));
        clock.Advance(TimeSpan.FromMinutes(8));
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=session-warning]")));
        Assert.Single(cut.FindAll("[data-testid=session-live]"));
    }
}
