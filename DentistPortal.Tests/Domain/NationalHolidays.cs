using DentistPortal.Domain.Calendar;
using DentistPortal.Domain.Support;

namespace DentistPortal.Tests.Domain;

public class NationalHolidays
{
    [Theory]
    [InlineData(2024, 3, 31)]
    [InlineData(2025, 4, 20)]
    [InlineData(2026, 4, 5)]
    [InlineData(2027, 3, 28)]
    [InlineData(2038, 4, 25)]
    public void ComputesEasterSunday(int year, int month, int day) =>
        Assert.Equal(new DateOnly(year, month, day), BrazilianHolidays.EasterSunday(year));

    [Theory]
    [InlineData("2026-02-16", "Carnaval (segunda-feira)")]
    [InlineData("2026-02-17", "Carnaval (terça-feira)")]
    [InlineData("2026-04-03", "Sexta-feira Santa")]
    [InlineData("2026-06-04", "Corpus Christi")]
    [InlineData("2025-03-04", "Carnaval (terça-feira)")]
    [InlineData("2025-06-19", "Corpus Christi")]
    [InlineData("2026-11-20", "Dia Nacional de Zumbi e da Consciência Negra")]
    [InlineData("2026-04-21", "Tiradentes")]
    [InlineData("2026-12-25", "Natal")]
    public void KnowsMovableAndFixedNationalHolidays(string date, string name) =>
        Assert.Equal(name, BrazilianHolidays.Find(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture))?.Name);

    [Theory]
    [InlineData("2026-02-18")] // Ash Wednesday: the Central opens in the afternoon in real life, not a holiday here
    [InlineData("2026-11-25")]
    [InlineData("2026-01-25")] // São Paulo city anniversary is municipal, not national
    public void OrdinaryDaysAreNotHolidays(string date) =>
        Assert.False(BrazilianHolidays.IsHoliday(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture)));
}

public class CentralOpeningHours
{
    private static readonly ServiceHours Central = new()
    {
        Days = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday],
        Opens = new TimeOnly(9, 0),
        Closes = new TimeOnly(18, 0),
        ClosedOnNationalHolidays = true,
    };

    private static DateTimeOffset Utc(string iso) => DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void IsOpenOnAWeekdayMorningInBrasiliaTime() => Assert.True(Central.StatusAt(Utc("2026-11-25T13:00:00Z")).IsOpen); // 10:00 BRT

    [Fact]
    public void OpensAtNineBrasiliaTimeNotNineUtc()
    {
        Assert.False(Central.StatusAt(Utc("2026-11-25T11:59:00Z")).IsOpen); // 08:59 BRT
        Assert.True(Central.StatusAt(Utc("2026-11-25T12:00:00Z")).IsOpen);  // 09:00 BRT
    }

    [Fact]
    public void ClosesAtSixInTheEvening() => Assert.False(Central.StatusAt(Utc("2026-11-25T21:00:00Z")).IsOpen); // 18:00 BRT

    [Fact]
    public void IsClosedOnSaturday() => Assert.False(Central.StatusAt(Utc("2026-11-28T14:00:00Z")).IsOpen);

    [Fact]
    public void IsClosedOnGoodFridayAndSaysWhy()
    {
        var status = Central.StatusAt(Utc("2026-04-03T14:00:00Z"));
        Assert.False(status.IsOpen);
        Assert.Contains("Sexta-feira Santa", status.Text);
    }

    [Fact]
    public void IsClosedOnCarnivalTuesday() => Assert.False(Central.StatusAt(Utc("2026-02-17T14:00:00Z")).IsOpen);
}
