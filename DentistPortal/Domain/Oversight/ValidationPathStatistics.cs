namespace DentistPortal.Domain.Oversight;

/// <summary>How an attendance was confirmed (issue 9 §1, the operator's fraud signal).</summary>
public enum ValidationPath
{
    /// <summary>Token typed at the chair (alone or with the Central reading it to the patient).</summary>
    ChairToken = 0,
    /// <summary>Token told later (late token).</summary>
    LateToken = 1,
    /// <summary>Printed guide signed by the patient, validated.</summary>
    SignedGuide = 2,
    /// <summary>Signed guide entered with a contingency number from the Central (portal down).</summary>
    ContingencyNumber = 3,
}

/// <summary>
/// The outlier rule of the fraud signal: a clinic or dentist with at least <see cref="MinimumAttendances"/> attendances
/// is marked when a path's share is above <see cref="Factor"/> × the network's median share for that path. A median of
/// 0 makes any use of the path stand out (most of the network never needed it).
/// </summary>
public sealed record OutlierRule(double Factor, int MinimumAttendances)
{
    public static readonly OutlierRule Default = new(2.0, 5);

    public bool IsJudged(int attendances) => attendances >= MinimumAttendances && attendances > 0;

    public bool IsOutlier(double share, int attendances, double networkMedian) =>
        IsJudged(attendances) && share > Factor * networkMedian;
}

/// <summary>Attendances of one clinic or dentist, counted per validation path.</summary>
public sealed record PathCounts(IReadOnlyDictionary<ValidationPath, int> ByPath)
{
    public int Total => ByPath.Values.Sum();

    public int Count(ValidationPath path) => ByPath.GetValueOrDefault(path);

    /// <summary>Share in [0, 1]; 0 when there is no attendance.</summary>
    public double Share(ValidationPath path) => Total == 0 ? 0 : (double)Count(path) / Total;
}

/// <summary>Median, and the shares/medians/outliers of a set of clinics or dentists (one unit per key).</summary>
public static class ValidationPathStatistics
{
    public static IReadOnlyList<ValidationPath> Paths { get; } = Enum.GetValues<ValidationPath>();

    /// <summary>Median of a set (mean of the two middle values for an even count); 0 for an empty set.</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        if (sorted.Length == 0) return 0;
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /// <summary>
    /// The network's median share per path, over the units with enough attendances to be judged
    /// (a clinic with one attendance would pull the median to 0 % or 100 %).
    /// </summary>
    public static IReadOnlyDictionary<ValidationPath, double> NetworkMedians(IEnumerable<PathCounts> units, OutlierRule rule)
    {
        var judged = units.Where(u => rule.IsJudged(u.Total)).ToList();
        return Paths.ToDictionary(p => p, p => Median(judged.Select(u => u.Share(p))));
    }

    /// <summary>
    /// The path of one validated attendance: a token validated late is a late token, any other validated token a chair token;
    /// a signed guide entered with a contingency number is a contingency; otherwise a signed guide.
    /// Null for a treatment not validated (e.g. a signed guide still under review).
    /// </summary>
    public static ValidationPath? Classify(Treatments.TreatmentStatus status, Tokens.ValidationChannel? tokenVia, bool usedContingencyNumber) => status switch
    {
        Treatments.TreatmentStatus.Validated => tokenVia == Tokens.ValidationChannel.Late ? ValidationPath.LateToken : ValidationPath.ChairToken,
        Treatments.TreatmentStatus.ValidatedBySignedGuide => usedContingencyNumber ? ValidationPath.ContingencyNumber : ValidationPath.SignedGuide,
        _ => null,
    };

    /// <summary>Paths on which this unit is an outlier.</summary>
    public static IReadOnlyList<ValidationPath> Outliers(PathCounts unit, IReadOnlyDictionary<ValidationPath, double> medians, OutlierRule rule) =>
        [.. Paths.Where(p => rule.IsOutlier(unit.Share(p), unit.Total, medians.GetValueOrDefault(p)))];
}

/// <summary>Settings of the fraud signal (<c>Reports</c> section of appsettings.json).</summary>
public sealed class FraudSignalOptions
{
    public const string Section = "Reports";

    /// <summary>A share above this many times the network's median is marked (default 2).</summary>
    public double OutlierFactor { get; set; } = OutlierRule.Default.Factor;

    /// <summary>Fewer attendances than this in the period: shown, not judged (default 5).</summary>
    public int OutlierMinimumAttendances { get; set; } = OutlierRule.Default.MinimumAttendances;

    public OutlierRule Rule => new(OutlierFactor > 0 ? OutlierFactor : OutlierRule.Default.Factor, Math.Max(1, OutlierMinimumAttendances));
}
