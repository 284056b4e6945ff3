using DentistPortal.Domain.Oversight;
using DentistPortal.Domain.Tokens;
using DentistPortal.Domain.Treatments;

namespace DentistPortal.Tests.Domain;

/// <summary>The statistic behind the operator's fraud signal (issue 9 §1): median, outlier factor, minimum volume.</summary>
public class FraudSignalStatistics
{
    private static PathCounts Counts(int chair = 0, int late = 0, int guide = 0, int contingency = 0) => new(new Dictionary<ValidationPath, int>
    {
        [ValidationPath.ChairToken] = chair, [ValidationPath.LateToken] = late,
        [ValidationPath.SignedGuide] = guide, [ValidationPath.ContingencyNumber] = contingency,
    });

    [Theory]
    [InlineData(new double[] { 0.3, 0.1, 0.2 }, 0.2)]
    [InlineData(new double[] { 0.5 }, 0.5)]
    [InlineData(new double[] { 0.4, 0.1, 0.3, 0.2 }, 0.25)]
    [InlineData(new double[] { 0.0, 1.0 }, 0.5)]
    [InlineData(new double[] { }, 0.0)]
    public void TheMedianIsTheMiddleValueOrTheMeanOfTheTwoMiddleOnes(double[] values, double expected) =>
        Assert.Equal(expected, ValidationPathStatistics.Median(values), 10);

    [Fact]
    public void AShareAboveFactorTimesTheMedianIsAnOutlierAndOneAtExactlyThatIsNot()
    {
        var rule = new OutlierRule(2, 5);
        Assert.True(rule.IsOutlier(0.41, 10, 0.2));
        Assert.False(rule.IsOutlier(0.40, 10, 0.2));
        Assert.False(rule.IsOutlier(0.39, 10, 0.2));
        Assert.True(new OutlierRule(1.5, 5).IsOutlier(0.31, 10, 0.2));
    }

    [Fact]
    public void BelowTheMinimumVolumeNobodyIsJudged()
    {
        var rule = new OutlierRule(2, 5);
        Assert.False(rule.IsOutlier(1.0, 4, 0.1));
        Assert.True(rule.IsOutlier(1.0, 5, 0.1));
        Assert.False(rule.IsJudged(0));
    }

    [Fact]
    public void WhenTheNetworkNeverUsesAPathAnyUseStandsOutButNoUseDoesNot()
    {
        var rule = new OutlierRule(2, 5);
        Assert.True(rule.IsOutlier(0.1, 10, 0));
        Assert.False(rule.IsOutlier(0, 10, 0));
    }

    [Fact]
    public void TheNetworkMedianLeavesOutUnitsTooSmallToJudgeAndOnlyTheOddOneIsMarked()
    {
        var rule = new OutlierRule(2, 5);
        var normalA = Counts(chair: 8, guide: 2);      // guide 20 %
        var normalB = Counts(chair: 9, guide: 1);      // guide 10 %
        var suspicious = Counts(chair: 3, guide: 7);   // guide 70 %
        var tiny = Counts(guide: 2);                   // 100 %, but only 2 attendances
        var medians = ValidationPathStatistics.NetworkMedians([normalA, normalB, suspicious, tiny], rule);

        Assert.Equal(0.2, medians[ValidationPath.SignedGuide], 10);
        Assert.Equal(0.8, medians[ValidationPath.ChairToken], 10);
        Assert.Equal([ValidationPath.SignedGuide], ValidationPathStatistics.Outliers(suspicious, medians, rule));
        Assert.Empty(ValidationPathStatistics.Outliers(normalA, medians, rule));
        Assert.Empty(ValidationPathStatistics.Outliers(tiny, medians, rule));
    }

    [Fact]
    public void SharesAreCountsOverAllAttendances()
    {
        var c = Counts(chair: 6, late: 2, guide: 1, contingency: 1);
        Assert.Equal(10, c.Total);
        Assert.Equal(0.6, c.Share(ValidationPath.ChairToken), 10);
        Assert.Equal(0, Counts().Share(ValidationPath.ChairToken));
    }

    [Theory]
    [InlineData(TreatmentStatus.Validated, ValidationChannel.Chair, false, ValidationPath.ChairToken)]
    [InlineData(TreatmentStatus.Validated, ValidationChannel.CallCenterAssisted, false, ValidationPath.ChairToken)]
    [InlineData(TreatmentStatus.Validated, ValidationChannel.Late, false, ValidationPath.LateToken)]
    [InlineData(TreatmentStatus.ValidatedBySignedGuide, null, false, ValidationPath.SignedGuide)]
    [InlineData(TreatmentStatus.ValidatedBySignedGuide, null, true, ValidationPath.ContingencyNumber)]
    public void EachValidatedAttendanceHasOnePath(TreatmentStatus status, ValidationChannel? via, bool contingency, ValidationPath expected) =>
        Assert.Equal(expected, ValidationPathStatistics.Classify(status, via, contingency));

    [Theory]
    [InlineData(TreatmentStatus.Submitted)]
    [InlineData(TreatmentStatus.AwaitingLateToken)]
    public void AnAttendanceNotValidatedHasNoPath(TreatmentStatus status) =>
        Assert.Null(ValidationPathStatistics.Classify(status, null, false));

    [Fact]
    public void OptionsFallBackToTheDefaultRuleOnNonsense()
    {
        Assert.Equal(new OutlierRule(2, 5), new FraudSignalOptions().Rule);
        Assert.Equal(new OutlierRule(2, 1), new FraudSignalOptions { OutlierFactor = 0, OutlierMinimumAttendances = -3 }.Rule);
    }
}
