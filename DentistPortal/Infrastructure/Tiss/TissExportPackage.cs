using System.IO.Compression;
using DentistPortal.Domain.Tiss;

namespace DentistPortal.Infrastructure.Tiss;

/// <summary>
/// Splits an export into batches of at most <see cref="TissBatchWriter.MaxGuidesPerBatch"/> guides, in order, and packages
/// them: one batch is handed out as its .xml file, several as one .zip of .xml files (issue 11, TISS export: "several files
/// zipped when more").
/// </summary>
public static class TissExportPackage
{
    /// <summary>ceil(<paramref name="guideCount"/> / 100). Zero or fewer guides throws <see cref="ArgumentException"/>:
    /// an export without guides has no file (the caller tells the user there is nothing to export).</summary>
    public static int BatchCount(int guideCount)
    {
        if (guideCount <= 0) throw new ArgumentException("Uma exportação TISS tem ao menos uma guia.", nameof(guideCount));
        return (guideCount + TissBatchWriter.MaxGuidesPerBatch - 1) / TissBatchWriter.MaxGuidesPerBatch;
    }

    /// <summary>
    /// 1 batch: the .xml file itself ("application/xml", named as <see cref="TissBatchWriter"/> names it). More: one .zip
    /// ("application/zip", "lote-tiss-&lt;first sequencialTransacao&gt;.zip") holding one valid mensagemTISS per batch of
    /// at most 100 guides, in order: batch k holds guides [100k, 100k + 100) and uses <paramref name="headers"/>[k].
    /// <paramref name="headers"/>.Count must equal <see cref="BatchCount"/>(guides.Count), else <see cref="ArgumentException"/>.
    /// The zip is deterministic: entries in batch order, each dated with its header's registration time.
    /// </summary>
    public static TissFile Build(IReadOnlyList<TissDentalGuide> guides, IReadOnlyList<TissBatchHeader> headers)
    {
        ArgumentNullException.ThrowIfNull(guides);
        ArgumentNullException.ThrowIfNull(headers);
        var batches = BatchCount(guides.Count);
        if (headers.Count != batches)
            throw new ArgumentException($"{guides.Count} guias pedem {batches} cabeçalhos de lote, vieram {headers.Count}.", nameof(headers));

        var files = new List<TissFile>(batches);
        for (var k = 0; k < batches; k++)
        {
            var batch = guides.Skip(k * TissBatchWriter.MaxGuidesPerBatch).Take(TissBatchWriter.MaxGuidesPerBatch).ToList();
            files.Add(TissBatchWriter.Write(headers[k], batch));
        }
        if (batches == 1) return files[0];

        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            for (var k = 0; k < batches; k++)
            {
                var entry = archive.CreateEntry(files[k].FileName, CompressionLevel.Optimal);
                entry.LastWriteTime = ZipTime(headers[k].RegisteredAt);
                using var content = entry.Open();
                content.Write(files[k].Content);
            }
        }
        var first = new string(headers[0].TransactionSequence.Where(char.IsAsciiLetterOrDigit).ToArray());
        return new TissFile($"lote-tiss-{first}.zip", "application/zip", zip.ToArray());
    }

    /// <summary>Zip stores local times between 1980 and 2107; the registration time is one, written without an offset
    /// so the bytes do not depend on the server's time zone.</summary>
    private static DateTimeOffset ZipTime(DateTime registeredAt)
    {
        var clamped = registeredAt < new DateTime(1980, 1, 1) ? new DateTime(1980, 1, 1) : registeredAt;
        return new DateTimeOffset(DateTime.SpecifyKind(clamped, DateTimeKind.Unspecified), TimeSpan.Zero);
    }
}
