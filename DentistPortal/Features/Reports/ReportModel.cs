using DentistPortal.Domain.Common;
using DentistPortal.Domain.Oversight;

namespace DentistPortal.Features.Reports;

/// <summary>The filters of every report: a period of whole days in Brasília time (both ends included) and optionally one clinic.</summary>
public sealed record ReportQuery(DateOnly From, DateOnly To, int? ClinicId = null)
{
    public const int MaxDays = 366;

    public int Days => To.DayNumber - From.DayNumber + 1;

    /// <summary>The start of the default period (the 30 days up to <paramref name="to"/>), never before the first representable day.</summary>
    public static DateOnly DefaultStart(DateOnly to) => to.DayNumber >= 29 ? to.AddDays(-29) : DateOnly.MinValue;

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
        // The period ends at midnight after To, which the last representable day does not have (issue 10).
        if (To == DateOnly.MaxValue) return "Data final inválida.";
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

    /// <summary>The fraud signal: validation paths per clinic and per dentist against the network's median.</summary>
    public IReadOnlyList<ValidationShareTable> Shares { get; init; } = [];

    public ValidationShareTable Share(string key) => Shares.Single(s => s.Key == key);
}

/// <summary>Keys of the sections (and of their CSV files).</summary>
public static class ReportKeys
{
    public const string Tokens = "tokens";
    public const string Daily = "por-dia";
    public const string UnsolicitedByClinic = "nao-solicitados-clinica";
    public const string UnsolicitedByDentist = "nao-solicitados-dentista";
    public const string DeliveryFailures = "falhas-envio";

    public const string PathsByClinic = "vias-validacao-clinica";
    public const string PathsByDentist = "vias-validacao-dentista";

    public static readonly IReadOnlyList<string> All = [Tokens, Daily, UnsolicitedByClinic, UnsolicitedByDentist, DeliveryFailures];

    /// <summary>The fraud-signal tables (<see cref="ValidationShareTable"/>).</summary>
    public static readonly IReadOnlyList<string> Shares = [PathsByClinic, PathsByDentist];
}

/// <summary>One clinic or dentist in the fraud signal: attendances per validation path and the paths where it stands out.</summary>
public sealed record ValidationShareRow(string Name, PathCounts Counts, bool IsJudged, IReadOnlyList<ValidationPath> Outliers)
{
    public bool IsOutlier => Outliers.Count > 0;
}

/// <summary>
/// The operator's fraud signal (issue 9 §1): per clinic or per dentist, the share of attendances validated in the period by
/// each path, beside the network's median share, with outliers marked by <see cref="OutlierRule"/>.
/// </summary>
public sealed record ValidationShareTable(
    string Key, string Title, string Description, string UnitHeader, IReadOnlyList<ValidationShareRow> Rows,
    IReadOnlyDictionary<ValidationPath, double> NetworkMedians, OutlierRule Rule)
{
    public bool IsEmpty => Rows.Count == 0;
}

/// <summary>pt-BR names of the validation paths and the percentage format of the fraud signal.</summary>
public static class ValidationPathText
{
    private static readonly System.Globalization.CultureInfo PtBr = System.Globalization.CultureInfo.GetCultureInfo("pt-BR");

    public static string Label(ValidationPath path) => path switch
    {
        ValidationPath.ChairToken => "Token na cadeira",
        ValidationPath.LateToken => "Token tardio",
        ValidationPath.SignedGuide => "Guia assinada",
        ValidationPath.ContingencyNumber => "Número de contingência",
        _ => path.ToString(),
    };

    /// <summary>"33,3 %".</summary>
    public static string Percent(double share) => (share * 100).ToString("0.0", PtBr) + " %";

    /// <summary>"2" or "1,5", for "acima de 2× a mediana".</summary>
    public static string Factor(double factor) => factor.ToString("0.##", PtBr);
}
