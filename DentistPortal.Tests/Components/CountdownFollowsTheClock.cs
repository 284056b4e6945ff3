using Bunit;
using DentistPortal.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace DentistPortal.Tests.Components;

/// <summary>
/// A live countdown (issue 13: it redraws itself once a minute) never stays stale because the clock moved between its
/// render and the moment it set its timer: a fresh-clone run on a loaded machine kept "faltam 48h00" on the late-token
/// screen after three minutes had passed, the timer counting one more minute from the late moment it was set.
/// </summary>
public class CountdownFollowsTheClock
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>The fake clock, moved by <paramref name="lag"/> once the render has read it: whatever reads it next sees the later time.</summary>
    private sealed class ClockThatMovesAfterTheRender(FakeTimeProvider clock, TimeSpan lag) : TimeProvider
    {
        private int readings;
        public override DateTimeOffset GetUtcNow()
        {
            if (++readings == 2) clock.Advance(lag);
            return clock.GetUtcNow();
        }
        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            clock.CreateTimer(callback, state, dueTime, period);
    }

    [Fact]
    public async Task ACountdownDrawnBeforeTheClockMovedIsRedrawnAtOnceWithTheTimeLeftNow()
    {
        await using var ctx = Context(lag: TimeSpan.FromMinutes(3));

        var cut = ctx.Render<Countdown>(p => p.Add(x => x.Until, Start.AddHours(48)).Add(x => x.Live, true));

        cut.WaitForAssertion(() => Assert.Equal("faltam 47h57", cut.Find("[data-testid=countdown]").TextContent));
    }

    [Fact]
    public async Task ACountdownWhoseMomentPassedMeanwhileShowsItEnded()
    {
        await using var ctx = Context(lag: TimeSpan.FromMinutes(5));

        var cut = ctx.Render<Countdown>(p => p.Add(x => x.Until, Start.AddMinutes(2)).Add(x => x.Live, true));

        cut.WaitForAssertion(() => Assert.Equal("yes", cut.Find("[data-testid=countdown]").GetAttribute("data-ended")));
    }

    /// <summary>An interactive bUnit context whose clock starts at <see cref="Start"/> and moves by <paramref name="lag"/> right after the first render read it.</summary>
    private static BunitContext Context(TimeSpan lag)
    {
        var ctx = new BunitContext();
        ctx.Services.AddSingleton<TimeProvider>(new ClockThatMovesAfterTheRender(new FakeTimeProvider(Start), lag));
        ctx.SetRendererInfo(new RendererInfo("Server", true));
        return ctx;
    }
}
