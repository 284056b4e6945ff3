using DentistPortal.Components.Shared;

namespace DentistPortal.Tests.Domain;

/// <summary>The one countdown wording every screen uses for a token's time left (issue 9 "one definition each").</summary>
public class CountdownFormatting
{
    [Theory]
    [InlineData(48 * 60, "faltam 48h00")]
    [InlineData(47 * 60 + 59, "faltam 47h59")]
    [InlineData(2 * 60 + 5, "faltam 2h05")]
    [InlineData(60, "faltam 1h00")]
    [InlineData(59, "faltam 59 min")]
    [InlineData(1, "faltam 1 min")]
    public void WholeMinutesReadAsHoursAndMinutesOrMinutes(int minutes, string expected) =>
        Assert.Equal(expected, CountdownText.Format(TimeSpan.FromMinutes(minutes)));

    [Fact]
    public void SecondsNeverRoundUpIntoTheNextMinute() =>
        Assert.Equal("faltam 4 min", CountdownText.Format(TimeSpan.FromSeconds(4 * 60 + 59)));

    [Fact]
    public void TheLastMinuteSaysLessThanOneMinute() =>
        Assert.Equal("faltam menos de 1 min", CountdownText.Format(TimeSpan.FromSeconds(30)));

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(-3600)]
    public void AtOrAfterTheEndItSaysExpirado(int seconds) =>
        Assert.Equal("expirado", CountdownText.Format(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void FromTwoMomentsItCountsTheDifference()
    {
        var now = new DateTimeOffset(2026, 11, 25, 13, 0, 0, TimeSpan.Zero);
        Assert.Equal("faltam 1h30", CountdownText.Format(now.AddMinutes(90), now));
    }
}
