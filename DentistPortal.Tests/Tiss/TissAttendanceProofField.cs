using DentistPortal.Domain.Tiss;
using DentistPortal.Infrastructure.Tiss;
using static DentistPortal.Tests.Tiss.TissSamples;
using static DentistPortal.Tests.Tiss.TissSchemas;

namespace DentistPortal.Tests.Tiss;

/// <summary>Issue 11 (TISS export): every guide carries exactly one of codValidacao (token paths, ≤ 10 characters) or
/// ausenciaCodValidacao (signed guide, contingency: the two-character TUSS 74 code), never both, never neither.</summary>
public class TissAttendanceProofField
{
    public static TheoryData<string> Tuss74Codes => new(Tuss74.Table.Select(r => r.Code));

    [Theory]
    [InlineData("V1")]
    [InlineData("ABCDEFGHIJ")]
    public void ATokenValidationWritesOnlyCodValidacao(string reference)
    {
        var file = TissBatchWriter.Write(Header(), [Guide(proof: new TissAttendanceProof.Validation(reference))]);
        var guide = Guides(Parse(file)).Single();
        Assert.Equal(reference, Assert.Single(guide.Elements(Ans + "codValidacao")).Value);
        Assert.InRange(reference.Length, 1, 10);
        Assert.Empty(guide.Elements(Ans + "ausenciaCodValidacao"));
        AssertValid(file);
    }

    [Theory]
    [MemberData(nameof(Tuss74Codes))]
    public void AnAttendanceWithoutTokenWritesOnlyTheTwoCharacterTuss74Code(string code)
    {
        var file = TissBatchWriter.Write(Header(), [Guide(proof: new TissAttendanceProof.Absence(code))]);
        var guide = Guides(Parse(file)).Single();
        var absence = Assert.Single(guide.Elements(Ans + "ausenciaCodValidacao")).Value;
        Assert.Equal(code, absence);
        Assert.Equal(2, absence.Length);
        Assert.Empty(guide.Elements(Ans + "codValidacao"));
        AssertValid(file);
    }

    [Fact]
    public void EveryGuideOfAMixedBatchHasExactlyOneOfTheTwo()
    {
        var guides = Guides(Parse(TissBatchWriter.Write(Header(), Many(40))));
        Assert.All(guides, g => Assert.Equal(1, g.Elements(Ans + "codValidacao").Count() + g.Elements(Ans + "ausenciaCodValidacao").Count()));
        Assert.Equal(20, guides.Count(g => g.Element(Ans + "codValidacao") is not null));
    }

    [Fact]
    public void AGuideWithoutAProofIsRefused() =>
        Assert.Throws<ArgumentException>(() => TissBatchWriter.Write(Header(), [Guide() with { Proof = null! }]));
}
