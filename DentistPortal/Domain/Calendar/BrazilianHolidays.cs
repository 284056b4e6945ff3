namespace DentistPortal.Domain.Calendar;

public sealed record Holiday(DateOnly Date, string Name);

/// <summary>
/// National holidays on which the operator's Central de Atendimento closes: the fixed national ones
/// (Lei 662/1949, 6.802/1980, 10.607/2002, 14.759/2023) plus Carnival (Monday and Tuesday), Good Friday
/// and Corpus Christi, which move with Easter.
/// </summary>
public static class BrazilianHolidays
{
    public static IReadOnlyList<Holiday> For(int year)
    {
        var easter = EasterSunday(year);
        var list = new List<Holiday>
        {
            new(new DateOnly(year, 1, 1), "Confraternização Universal"),
            new(easter.AddDays(-48), "Carnaval (segunda-feira)"),
            new(easter.AddDays(-47), "Carnaval (terça-feira)"),
            new(easter.AddDays(-2), "Sexta-feira Santa"),
            new(new DateOnly(year, 4, 21), "Tiradentes"),
            new(new DateOnly(year, 5, 1), "Dia do Trabalho"),
            new(easter.AddDays(60), "Corpus Christi"),
            new(new DateOnly(year, 9, 7), "Independência do Brasil"),
            new(new DateOnly(year, 10, 12), "Nossa Senhora Aparecida"),
            new(new DateOnly(year, 11, 2), "Finados"),
            new(new DateOnly(year, 11, 15), "Proclamação da República"),
            new(new DateOnly(year, 12, 25), "Natal"),
        };
        if (year >= 2024) list.Add(new(new DateOnly(year, 11, 20), "Dia Nacional de Zumbi e da Consciência Negra"));
        list.Sort((a, b) => a.Date.CompareTo(b.Date));
        return list;
    }

    public static Holiday? Find(DateOnly date) => For(date.Year).FirstOrDefault(h => h.Date == date);

    public static bool IsHoliday(DateOnly date) => Find(date) is not null;

    /// <summary>Gregorian Easter Sunday (anonymous Gregorian algorithm, Meeus/Jones/Butcher).</summary>
    public static DateOnly EasterSunday(int year)
    {
        var a = year % 19;
        var b = year / 100;
        var c = year % 100;
        var d = b / 4;
        var e = b % 4;
        var f = (b + 8) / 25;
        var g = (b - f + 1) / 3;
        var h = (19 * a + b - d - g + 15) % 30;
        var i = c / 4;
        var k = c % 4;
        var l = (32 + 2 * e + 2 * i - h - k) % 7;
        var m = (a + 11 * h + 22 * l) / 451;
        var month = (h + l - 7 * m + 114) / 31;
        var day = (h + l - 7 * m + 114) % 31 + 1;
        return new DateOnly(year, month, day);
    }
}
