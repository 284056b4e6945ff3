using System.Globalization;

namespace DentistPortal.Features.Billing;

/// <summary>The period of a TISS batch: Brasília calendar days, both inclusive (issue 11, TISS export).</summary>
public static class TissPeriod
{
    /// <summary>A batch covers at most this many days (a year and a day for leap years).</summary>
    public const int MaxDays = 366;

    /// <summary>Why the period is wrong (pt-BR), or null.</summary>
    public static string? Check(DateOnly from, DateOnly to)
    {
        if (from == default || to == default) return "Informe o período (de / até).";
        if (from.Year < 2000 || to.Year > 2100) return "Período fora do intervalo aceito (anos 2000 a 2100).";
        if (from > to) return "Período inválido: a data inicial é posterior à data final.";
        if (to.DayNumber - from.DayNumber >= MaxDays) return "Escolha um período de até 12 meses.";
        return null;
    }

    public static string Display(DateOnly from, DateOnly to) =>
        $"{from.ToString("dd'/'MM'/'yyyy", CultureInfo.InvariantCulture)} a {to.ToString("dd'/'MM'/'yyyy", CultureInfo.InvariantCulture)}";

    /// <summary>Treatment numbers for an audit line, cut so the line stays within the audit trail's 500 characters.</summary>
    public static string Numbers(IEnumerable<string> numbers, int max = 15)
    {
        var list = numbers.ToList();
        var shown = string.Join(", ", list.Take(max));
        return list.Count > max ? $"{shown} e mais {list.Count - max}" : shown;
    }
}
