using DentistPortal.Domain.Tiss;

namespace DentistPortal.Infrastructure.Tiss;

/// <summary>Splits an export into batches of at most 100 guides and packages them.</summary>
public static class TissExportPackage
{
    /// <summary>ceil(count / 100); 0 guides throws <see cref="ArgumentException"/> (an export without guides has no file).</summary>
    public static int BatchCount(int guideCount)
    {
        if (guideCount <= 0) throw new ArgumentException("An export has at least one guide.", nameof(guideCount));
        return (guideCount + TissBatchWriter.MaxGuidesPerBatch - 1) / TissBatchWriter.MaxGuidesPerBatch;
    }

    /// <summary>1 batch: the .xml file itself ("application/xml"); more: one .zip ("application/zip") holding one valid
    /// mensagemTISS per batch of at most 100 guides, in order. <paramref name="headers"/>.Count must equal
    /// <see cref="BatchCount"/>(guides.Count).</summary>
    public static TissFile Build(IReadOnlyList<TissDentalGuide> guides, IReadOnlyList<TissBatchHeader> headers)
    {
        ArgumentNullException.ThrowIfNull(guides);
        ArgumentNullException.ThrowIfNull(headers);
        throw new NotImplementedException();
    }
}
