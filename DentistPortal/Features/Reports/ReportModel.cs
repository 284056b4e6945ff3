using DentistPortal.Domain.Common;

namespace DentistPortal.Features.Reports;

/// <summary>The filters of every report: a period of whole days in Brasília time (both ends included) and optionally one clinic.</summary>
public sealed record ReportQuery(DateOnly From, DateOnly To, int? ClinicId = null)
{
    public const int MaxDays = 366;

    public int Days => To.DayNumber - From.DayNumber + 1;

    /// <summary>[start, end) in UTC: from midnight of <see cref="From"/> to midnight after <see cref="To"/>, São Paulo time.</summary>
    public (DateTimeOffset StartUtc, DateTimeOffset EndUtc) UtcRange() => (MidnightUtc(From), MidnightUtc(To.AddDays(1)));

    private static DateTimeOffset MidnightUtc(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, BrazilTime.Zone), TimeSpan.Zero);
    }

    /// <summary>pt-BR reason the filters cannot be used, or null.</summary>
    public string? Problem()
    {
        if (To < From) return "A data final deve ser igual ou posterior à data inicial.";
        if (Days > MaxDays) return $"Escolha um período de até {MaxDays} dias.";
        return null;
    }

    /// <summary>"2026-11-01_a_2026-11-25", for file names.</summary>
    public string Slug => $"{From:yyyy-MM-dd}_a_{To:yyyy-MM-dd}";
}

public enum ReportChartKind
{
    Bar,
    Line,
    Donut,
}

/// <summary>One named row of numbers plotted on a chart and shown as a table column.</summary>
public sealed record ReportSeries(string Name, IReadOnlyList<int> Values);

/// <summary>
/// One report: a chart and the table under it carry the same figures (categories × series), and the CSV export
/// is exactly that table.
/// </summary>
public sealed record ReportSection(
    string Key, string Title, string Description, string CategoryHeader, IReadOnlyList<string> Categories, IReadOnlyList<ReportSeries> Series,
    ReportChartKind Chart, bool HasTotals = false)
{
    public IReadOnlyList<string> Columns => [CategoryHeader, .. Series.Select(s => s.Name)];

    public int Total(int seriesIndex) => Series[seriesIndex].Values.Sum();

    public bool IsEmpty => Series.All(s => s.Values.All(v => v == 0));
}

public sealed record TokenReport(ReportQuery Query, string ClinicName, DateTimeOffset AtUtc, IReadOnlyList<ReportSection> Sections)
{
    public ReportSection Section(string key) => Sections.Single(s => s.Key == key);
}

/// <summary>Keys of the sections (and of their CSV files).</summary>
public static class ReportKeys
{
    public const string Tokens = "tokens";
    public const string Daily = "por-dia";
    public const string UnsolicitedByClinic = "nao-solicitados-clinica";
    public const string UnsolicitedByDentist = "nao-solicitados-dentista";
    public const string DeliveryFailures = "falhas-envio";

    public static readonly IReadOnlyList<string> All = [Tokens, Daily, UnsolicitedByClinic, UnsolicitedByDentist, DeliveryFailures];
}
