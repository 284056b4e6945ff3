using System.Reflection;
using DentistPortal.Domain.Audit;
using DentistPortal.Features.AuditLog;

namespace DentistPortal.Tests.AuditLog;

/// <summary>
/// One definition each (issue 9, "Design and code health"): every audit action is an <see cref="AuditActions"/>
/// constant with its own stored code and its own pt-BR label in <see cref="AuditLabels"/>.
/// </summary>
public class AuditActionLabels
{
    /// <summary>Every <c>const string</c> of <see cref="AuditActions"/>, by name.</summary>
    public static IReadOnlyList<(string Name, string Code)> Constants() =>
        [.. typeof(AuditActions).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (f.Name, (string)f.GetRawConstantValue()!))];

    [Fact]
    public void EveryAuditActionHasAPtBrLabel()
    {
        var missing = Constants()
            .Where(c => !AuditLabels.KnownActions.Contains(c.Code) || AuditLabels.Action(c.Code) == c.Code
                || string.IsNullOrWhiteSpace(AuditLabels.Action(c.Code)))
            .Select(c => $"{c.Name} ({c.Code})")
            .ToList();
        Assert.True(missing.Count == 0, "Audit actions without a label in AuditLabels: " + string.Join(", ", missing));
    }

    [Fact]
    public void EveryLabelledActionIsAnAuditActionsConstant()
    {
        var codes = Constants().Select(c => c.Code).ToHashSet(StringComparer.Ordinal);
        var strays = AuditLabels.KnownActions.Where(a => !codes.Contains(a)).ToList();
        Assert.True(strays.Count == 0, "Labels for codes that are not AuditActions constants: " + string.Join(", ", strays));
    }

    [Fact]
    public void NoTwoAuditActionsShareAStoredCode()
    {
        var shared = Constants()
            .GroupBy(c => c.Code, StringComparer.Ordinal)
            .Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(" = ", g.Select(c => c.Name))}")
            .ToList();
        Assert.True(shared.Count == 0, "Audit actions sharing a stored code: " + string.Join("; ", shared));
    }

    [Fact]
    public void StoredCodesKeepTheirValues()
    {
        // Existing trail rows keep their meaning only if the codes never change (no data migration).
        Assert.Equal("token.generated", AuditActions.TokenGenerated);
        Assert.Equal("token.validate", AuditActions.TokenCodeEntered);
        Assert.Equal("contingency.signed-guide", AuditActions.SignedGuideRegistered);
        Assert.Equal("signed-guide.reviewed", AuditActions.SignedGuideReviewed);
        Assert.Equal("callcenter.unsolicited-report", AuditActions.UnsolicitedCodeReported);
        Assert.Equal("admin.account.password-reset", AuditActions.AccountPasswordReset);
    }

    [Fact]
    public void EveryValidationOutcomeAndSignedGuideDecisionReadsInPortuguese()
    {
        var codes = Enum.GetNames<DentistPortal.Domain.Tokens.ValidationOutcome>().Concat(["accepted", "rejected", "send-failed"]);
        Assert.All(codes, code => Assert.NotEqual(code, AuditLabels.Outcome(code)));
    }
}
