using DentistPortal.Domain.Tiss;

namespace DentistPortal.Tests.Tiss;

/// <summary>Issue 11 (TISS export: "names within their maximum lengths, truncate by the standard's rule, never break the
/// XML"): the text rules of <see cref="TissText"/>.</summary>
public class TissTextRules
{
    [Theory]
    [InlineData("  Ana \t\r\n Souza  ", "Ana Souza")]
    [InlineData("D'Ávila São João", "D'Ávila São João")]
    [InlineData("O’Brien “Zé”", "O'Brien \"Zé\"")]
    [InlineData("A – B — C", "A - B - C")]
    [InlineData("Espera…", "Espera...")]
    [InlineData("Łódź Dvořák Nguyễn", "Lódz Dvorák Nguyen")]
    [InlineData("e\u0301", "é")]
    [InlineData("a\u0000b\u0007c\u0085d", "abc d")]
    [InlineData("zero\u200bwidth\u202eRTL\ufeff", "zerowidthRTL")]
    [InlineData("😀 emoji 李 only", "emoji only")]
    [InlineData("ﬁm ＡＢＣ", "fim ABC")]
    [InlineData("\ud800lone\udfff", "lone")]
    [InlineData(null, "")]
    public void TextIsLatin1WithoutControlsAndWithCollapsedWhitespace(string? input, string expected) =>
        Assert.Equal(expected, TissText.Clean(input));

    [Fact]
    public void TruncationCutsAtTheRightWithoutATrailingSpace()
    {
        Assert.Equal("Ana", TissText.Truncate("Ana Souza", 4));
        Assert.Equal("Ana S", TissText.Truncate("Ana Souza", 5));
        Assert.Equal("Ana Souza", TissText.Truncate("  Ana   Souza  ", 9));
    }

    [Fact]
    public void TruncationNeverSplitsAnAstralCharacter()
    {
        var text = TissText.Truncate(new string('a', 39) + "😀bc", 40);
        Assert.Equal(new string('a', 39) + "b", text);
        Assert.DoesNotContain(text, char.IsSurrogate);
    }

    [Fact]
    public void DigitsKeepsOnlyDigits() => Assert.Equal("12345678000195", TissText.Digits("12.345.678/0001-95"));
}
