using System.Text;
using DentistPortal.Infrastructure.Tiss;
using static DentistPortal.Tests.Tiss.TissSamples;
using static DentistPortal.Tests.Tiss.TissSchemas;

namespace DentistPortal.Tests.Tiss;

/// <summary>Issue 11 (TISS export): ISO-8859-1 as the standard requires, characters escaped, names within their maximum
/// lengths, never broken XML.</summary>
public class TissFileEncoding
{
    private static readonly byte[] Declaration = Encoding.ASCII.GetBytes("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>");

    [Fact]
    public void TheFileDeclaresIso88591AndItsBytesAreIso88591()
    {
        var file = TissBatchWriter.Write(Header(), [Guide(dentist: Dentist("João São"))]);
        Assert.Equal(Declaration, file.Content.Take(Declaration.Length));
        Assert.Equal("application/xml", file.ContentType);
        var name = Encoding.Latin1.GetBytes("<ans:nomeProfExec2>João São</ans:nomeProfExec2>");
        Assert.True(file.Content.AsSpan().IndexOf(name) >= 0, "the name is not in ISO-8859-1 bytes");
        Assert.Contains((byte)0xE3, file.Content); // ã
        Assert.True(file.Content.AsSpan().IndexOf([(byte)0xC3, (byte)0xA3]) < 0, "UTF-8 bytes of 'ã' found");
        Assert.DoesNotContain((byte)'\n', file.Content);
    }

    [Fact]
    public void AmpersandsAndAngleBracketsAreEscapedAndReadBackAsWritten()
    {
        var file = TissBatchWriter.Write(Header(), [Guide(plan: "A&B <Top> \"VIP\" 'x'")]);
        var text = Encoding.Latin1.GetString(file.Content);
        Assert.Contains("A&amp;B &lt;Top&gt;", text);
        Assert.Equal("A&B <Top> \"VIP\" 'x'", Value(Guides(Parse(file)).Single(), "planoBeneficiario"));
        AssertValid(file);
    }

    [Fact]
    public void CharactersLatin1LacksBecomeTheirEquivalentNeverAQuestionMark()
    {
        var file = TissBatchWriter.Write(Header(), [Guide(dentist: Dentist("“Zoë” O’Brien – Łukasz Nguyễn 😀 李"),
            plan: "Plano\u0007 \u200bOdonto\t\r\n  Plus…")]);
        var guide = Guides(Parse(file)).Single();
        Assert.Equal("\"Zoë\" O'Brien - Lukasz Nguyen", Value(guide, "nomeProfExec2"));
        Assert.Equal("Plano Odonto Plus...", Value(guide, "planoBeneficiario"));
        Assert.DoesNotContain((byte)'?', file.Content.Skip(Declaration.Length));
        AssertValid(file);
    }

    [Fact]
    public void LongNamesAreTruncatedAtTheRightToTheirFieldWithoutATrailingSpace()
    {
        var name = new string('A', 69) + " Bcdef";
        var description = string.Concat(Enumerable.Repeat("Descrição ", 20));
        var file = TissBatchWriter.Write(Header(), [Guide(dentist: Dentist(name), plan: "Plano   Odonto " + new string('z', 40),
            procedures: [Procedure(description: description)])]);
        var guide = Guides(Parse(file)).Single();
        Assert.Equal(new string('A', 69), Value(guide, "nomeProfExec2"));
        Assert.Equal(("Plano Odonto " + new string('z', 40))[..40], Value(guide, "planoBeneficiario"));
        var written = Value(guide, "descricaoProcedimento")!;
        Assert.True(written.Length <= 150);
        Assert.Equal(description[..150].TrimEnd(), written);
        Assert.False(written.EndsWith(' '));
        AssertValid(file);
    }

    [Fact]
    public void TheSameInputGivesTheSameBytes() =>
        Assert.Equal(TissBatchWriter.Write(Header(), Many(30)).Content, TissBatchWriter.Write(Header(), Many(30)).Content);
}
