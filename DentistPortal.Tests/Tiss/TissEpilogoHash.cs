using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using DentistPortal.Infrastructure.Tiss;
using static DentistPortal.Tests.Tiss.TissSamples;
using static DentistPortal.Tests.Tiss.TissSchemas;

namespace DentistPortal.Tests.Tiss;

/// <summary>Issue 11 (TISS export; Tests: "the hash checked by recomputing it"): the epilogo hash is the MD5 of the
/// contents of every element before the epilogo, in ISO-8859-1, and names the file.</summary>
public class TissEpilogoHash
{
    /// <summary>Recomputed from the parsed document: the text of every leaf element, in document order, epilogo excluded.</summary>
    public static string FromParsedDocument(XDocument doc)
    {
        var contents = string.Concat(doc.Root!.Descendants()
            .Where(e => !e.HasElements && !e.AncestorsAndSelf(Ans + "epilogo").Any())
            .Select(e => e.Value));
        return Convert.ToHexStringLower(MD5.HashData(Encoding.Latin1.GetBytes(contents)));
    }

    /// <summary>Recomputed from the raw file the way operators' validators describe it: every character between the
    /// tags up to the epilogo.</summary>
    public static string FromRawText(byte[] file)
    {
        var text = Encoding.Latin1.GetString(file);
        var body = text[text.IndexOf("?>", StringComparison.Ordinal)..text.IndexOf("<ans:epilogo>", StringComparison.Ordinal)];
        var contents = WebUtility.HtmlDecode(Regex.Replace(body[2..], "<[^>]+>", ""));
        return Convert.ToHexStringLower(MD5.HashData(Encoding.Latin1.GetBytes(contents)));
    }

    private static string Epilogo(TissFile file) => Parse(file).Root!.Element(Ans + "epilogo")!.Element(Ans + "hash")!.Value;

    [Fact]
    public void TheEpilogoHashIsTheMd5OfTheContentsRecomputedFromTheParsedDocument()
    {
        var file = TissBatchWriter.Write(Header(), [Guide(dentist: Dentist("Ana D'Ávila São João & <Cia>")), .. Many(3)]);
        var hash = Epilogo(file);
        Assert.Matches("^[0-9a-f]{32}$", hash);
        Assert.Equal(FromParsedDocument(Parse(file)), hash);
        Assert.Equal(FromRawText(file.Content), hash);
    }

    [Fact]
    public void TheHashIsComputedOverIso88591BytesOfTheAccentedText()
    {
        var file = TissBatchWriter.Write(Header(), [Guide(dentist: Dentist("São João"))]);
        var doc = Parse(file);
        var contents = string.Concat(doc.Root!.Descendants().Where(e => !e.HasElements && e.Name != Ans + "hash").Select(e => e.Value));
        Assert.Equal(Convert.ToHexStringLower(MD5.HashData(Encoding.Latin1.GetBytes(contents))), Epilogo(file));
        Assert.NotEqual(Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(contents))), Epilogo(file));
    }

    [Fact]
    public void ChangingOneCharacterOfAnyValueChangesTheHash()
    {
        var original = Epilogo(TissBatchWriter.Write(Header(), [Guide(dentist: Dentist("Ana Souza"))]));
        Assert.NotEqual(original, Epilogo(TissBatchWriter.Write(Header(), [Guide(dentist: Dentist("Ana Souze"))])));
        Assert.NotEqual(original, Epilogo(TissBatchWriter.Write(Header(), [Guide(dentist: Dentist("Ana Souza"), procedures: [Procedure(unitPrice: 150.51m)])])));
        Assert.NotEqual(original, Epilogo(TissBatchWriter.Write(Header(43), [Guide(dentist: Dentist("Ana Souza"))])));
    }

    [Fact]
    public void TheFileIsNamedByItsSequenceLeftPaddedToTwentyDigitsAndItsHash()
    {
        var file = TissBatchWriter.Write(Header(42), [Guide()]);
        Assert.Equal($"00000000000000000042_{Epilogo(file)}.xml", file.FileName);
        Assert.Matches("^[0-9]{20}_[0-9a-f]{32}\\.xml$", file.FileName);
    }
}
