using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using DentistPortal.Infrastructure.Tiss;

namespace DentistPortal.Tests.Tiss;

/// <summary>
/// The official ANS TISS 4.01.00 schemas, as copied to the test output (Tiss/Schemas/tissV4_01_00.xsd and its includes),
/// and the reading helpers the TISS tests share. Nothing is fetched from the network: the one external reference
/// (the W3C XMLSchema DTD named by xmldsig-core-schema.xsd) resolves to an empty document.
/// </summary>
public static class TissSchemas
{
    public static readonly XNamespace Ans = TissBatchWriter.Namespace;

    private static readonly Lazy<XmlSchemaSet> Set = new(Load);

    private static XmlSchemaSet Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Tiss", "Schemas", "tissV4_01_00.xsd");
        var resolver = new LocalOnlyResolver();
        var set = new XmlSchemaSet { XmlResolver = resolver };
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Parse, XmlResolver = resolver };
        using (var reader = XmlReader.Create(path, settings)) set.Add(null, reader);
        set.Compile();
        return set;
    }

    /// <summary>Every schema error and warning of <paramref name="file"/> (empty when valid).</summary>
    public static List<string> Validate(byte[] file)
    {
        var errors = new List<string>();
        var settings = new XmlReaderSettings
        {
            ValidationType = ValidationType.Schema,
            Schemas = Set.Value,
            ValidationFlags = XmlSchemaValidationFlags.ReportValidationWarnings,
            DtdProcessing = DtdProcessing.Prohibit,
        };
        settings.ValidationEventHandler += (_, e) =>
            errors.Add($"{e.Severity} line {e.Exception?.LineNumber}:{e.Exception?.LinePosition}: {e.Message}");
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(file), settings);
            while (reader.Read()) { }
        }
        catch (XmlException e)
        {
            errors.Add($"Not well formed: {e.Message}");
        }
        return errors;
    }

    /// <summary>Asserts <paramref name="file"/> is a valid mensagemTISS, listing every error otherwise.</summary>
    public static void AssertValid(TissFile file)
    {
        var errors = Validate(file.Content);
        Assert.True(errors.Count == 0, $"{file.FileName} is not valid TISS 4.01.00:\n{string.Join("\n", errors)}");
    }

    /// <summary>The file parsed from its bytes (the declared ISO-8859-1 decoding).</summary>
    public static XDocument Parse(TissFile file) => XDocument.Load(new MemoryStream(file.Content));

    public static IReadOnlyList<XElement> Guides(XDocument doc) => doc.Descendants(Ans + "guiaOdonto").ToList();

    /// <summary>Value of the one descendant named <paramref name="name"/> (ans namespace), null when absent.</summary>
    public static string? Value(XElement element, string name) => element.Descendants(Ans + name).SingleOrDefault()?.Value;

    private sealed class LocalOnlyResolver : XmlUrlResolver
    {
        public override object? GetEntity(Uri absoluteUri, string? role, Type? ofObjectToReturn) =>
            absoluteUri.IsFile ? base.GetEntity(absoluteUri, role, ofObjectToReturn) : new MemoryStream();
    }
}
