using System.IO.Compression;
using DentistPortal.Domain.Tiss;
using DentistPortal.Infrastructure.Tiss;
using static DentistPortal.Tests.Tiss.TissSamples;
using static DentistPortal.Tests.Tiss.TissSchemas;

namespace DentistPortal.Tests.Tiss;

/// <summary>Issue 11 (TISS export): at most 100 guides per batch, several files zipped when more, every guide once and
/// in order.</summary>
public class TissExportPackaging
{
    private static List<TissBatchHeader> Headers(int count) => Enumerable.Range(0, count).Select(k => Header(100 + k)).ToList();

    [Theory]
    [InlineData(1, 1)]
    [InlineData(100, 1)]
    [InlineData(101, 2)]
    [InlineData(200, 2)]
    [InlineData(250, 3)]
    public void TheBatchCountIsTheGuidesDividedByAHundredRoundedUp(int guides, int batches) =>
        Assert.Equal(batches, TissExportPackage.BatchCount(guides));

    [Fact]
    public void AnExportWithoutGuidesIsRefused()
    {
        Assert.Throws<ArgumentException>(() => TissExportPackage.BatchCount(0));
        Assert.Throws<ArgumentException>(() => TissExportPackage.Build([], []));
        Assert.Throws<ArgumentException>(() => TissBatchWriter.Write(Header(), []));
    }

    [Fact]
    public void ABatchWriterRefusesMoreThanAHundredGuides() =>
        Assert.Throws<ArgumentException>(() => TissBatchWriter.Write(Header(), Many(101)));

    [Fact]
    public void HeadersNotMatchingTheBatchCountAreRefused()
    {
        Assert.Throws<ArgumentException>(() => TissExportPackage.Build(Many(101), Headers(1)));
        Assert.Throws<ArgumentException>(() => TissExportPackage.Build(Many(100), Headers(2)));
    }

    [Fact]
    public void AHundredGuidesAreOneXmlFile()
    {
        var file = TissExportPackage.Build(Many(100), Headers(1));
        Assert.Equal("application/xml", file.ContentType);
        Assert.EndsWith(".xml", file.FileName);
        Assert.Equal(100, Guides(Parse(file)).Count);
        AssertValid(file);
    }

    [Theory]
    [InlineData(101, 2)]
    [InlineData(250, 3)]
    public void MoreThanAHundredGuidesAreAZipOfValidBatchesHoldingEveryGuideOnceInOrder(int count, int batches)
    {
        var guides = Many(count);
        var file = TissExportPackage.Build(guides, Headers(batches));
        Assert.Equal("application/zip", file.ContentType);
        Assert.Equal("lote-tiss-100.zip", file.FileName);

        using var zip = new ZipArchive(new MemoryStream(file.Content), ZipArchiveMode.Read);
        Assert.Equal(batches, zip.Entries.Count);
        var numbers = new List<string>();
        for (var k = 0; k < batches; k++)
        {
            var entry = zip.Entries[k];
            using var content = new MemoryStream();
            using (var stream = entry.Open()) stream.CopyTo(content);
            var batch = new TissFile(entry.FullName, "application/xml", content.ToArray());
            AssertValid(batch);
            var doc = Parse(batch);
            Assert.Equal((100 + k).ToString(System.Globalization.CultureInfo.InvariantCulture), Value(doc.Root!, "sequencialTransacao"));
            Assert.Matches($"^{100 + k:D20}_[0-9a-f]{{32}}\\.xml$", entry.FullName);
            var inBatch = Guides(doc);
            Assert.InRange(inBatch.Count, 1, 100);
            numbers.AddRange(inBatch.Select(g => Value(g, "numeroGuiaPrestador")!));
        }
        Assert.Equal(guides.Select(g => g.GuideNumber), numbers);
    }

    [Fact]
    public void TheSameExportGivesTheSameZipBytes() =>
        Assert.Equal(TissExportPackage.Build(Many(150), Headers(2)).Content, TissExportPackage.Build(Many(150), Headers(2)).Content);
}
