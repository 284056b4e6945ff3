using DentistPortal.Components.Shared;
using Microsoft.Extensions.Time.Testing;

namespace DentistPortal.Tests.Components;

/// <summary>
/// The one-shot timer behind the screens that change when something ends (a token's end on the treatment page, a late
/// token turning urgent, a countdown's next text): it fires once at its moment, at once for a moment already past, and
/// never after it is cleared or moved.
/// </summary>
public class MomentTimerFiresAtItsMoment
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 12, 1, 13, 0, 0, TimeSpan.Zero));
    private int fired;

    private MomentTimer NewTimer() => new(clock, () => Interlocked.Increment(ref fired));

    [Fact]
    public void ItFiresOnceAtTheMomentNotBefore()
    {
        using var timer = NewTimer();
        timer.At(clock.GetUtcNow().AddMinutes(2));

        clock.Advance(TimeSpan.FromSeconds(119));
        Assert.Equal(0, fired);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, fired);
        clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(1, fired);
    }

    [Fact]
    public void AMomentAlreadyPastFiresAtOnce()
    {
        using var timer = NewTimer();
        timer.At(clock.GetUtcNow().AddSeconds(-30));
        clock.Advance(TimeSpan.Zero);
        Assert.Equal(1, fired);
    }

    [Fact]
    public void ClearedOrMovedItDoesNotFireAtTheOldMoment()
    {
        using var timer = NewTimer();
        timer.At(clock.GetUtcNow().AddMinutes(1));
        timer.At(null);
        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(0, fired);

        timer.At(clock.GetUtcNow().AddMinutes(1));
        timer.At(clock.GetUtcNow().AddMinutes(5));
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(0, fired);
        clock.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(1, fired);
    }
}
