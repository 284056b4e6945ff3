using DentistPortal.Domain.Dental;

namespace DentistPortal.Tests.Domain;

public class FdiNotation
{
    [Theory]
    [InlineData(11, true)] [InlineData(18, true)] [InlineData(48, true)] [InlineData(51, true)] [InlineData(85, true)]
    [InlineData(10, false)] [InlineData(19, false)] [InlineData(49, false)] [InlineData(56, false)] [InlineData(86, false)] [InlineData(9, false)] [InlineData(91, false)]
    public void KnowsPermanentAndDeciduousTeeth(int tooth, bool valid) => Assert.Equal(valid, Fdi.IsValidTooth(tooth));

    [Fact]
    public void HasThirtyTwoPermanentAndTwentyDeciduousTeeth()
    {
        Assert.Equal(32, Fdi.PermanentTeeth.Count);
        Assert.Equal(20, Fdi.DeciduousTeeth.Count);
    }

    [Theory]
    [InlineData("mod", "MD" + "O")]
    [InlineData("O,M", "OM")]
    [InlineData("V L", "VL")]
    public void NormalisesFaces(string input, string expected) => Assert.Equal(Fdi.NormalizeFaces(expected), Fdi.NormalizeFaces(input));

    [Theory]
    [InlineData("OO")]
    [InlineData("X")]
    [InlineData("OIMDVL")]
    [InlineData("")]
    public void RefusesBadFaces(string input) => Assert.Null(Fdi.NormalizeFaces(input));
}
