namespace DentistPortal.Domain.Tiss;

/// <summary>What an export held: a clinic's batch for a period, or one treatment's guide from its page (issue 11, TISS export).</summary>
public enum TissExportKind
{
    Batch = 1,
    SingleTreatment = 2,
}

/// <summary>
/// One TISS file (an XML, or a zip of several batches) handed to a clinic: who, when, which period, which sequence numbers,
/// and the guides it carried (<see cref="Guides"/>), so a guide already exported is known and shown with its date. The file
/// itself is kept, so the history downloads exactly what was sent (same numbers, same hash). Immutable once recorded.
/// </summary>
public sealed class TissExport
{
    private readonly List<TissExportedGuide> guides = [];

    private TissExport()
    {
    }

    public int Id { get; private set; }
    public int ClinicId { get; private set; }
    public TissExportKind Kind { get; private set; }
    /// <summary>Period of a batch (Brasília calendar dates, inclusive); null for a single treatment.</summary>
    public DateOnly? PeriodFrom { get; private set; }
    public DateOnly? PeriodTo { get; private set; }
    public string ByUserId { get; private set; } = "";
    public string ByName { get; private set; } = "";
    public DateTimeOffset AtUtc { get; private set; }
    /// <summary>At least one guide had been exported before: the user asked for it explicitly.</summary>
    public bool IsReexport { get; private set; }
    public string FileName { get; private set; } = "";
    public string ContentType { get; private set; } = "";
    public byte[] Content { get; private set; } = [];
    public int GuideCount { get; private set; }
    /// <summary>First and last <c>sequencialTransacao</c>/<c>numeroLote</c> of the file (one per batch, contiguous).</summary>
    public long FirstSequence { get; private set; }
    public long LastSequence { get; private set; }

    public IReadOnlyList<TissExportedGuide> Guides => guides;

    /// <summary>Records an export of <paramref name="treatments"/> (treatment id and the batch number it went in).</summary>
    public static TissExport Record(int clinicId, TissExportKind kind, DateOnly? from, DateOnly? to, string byUserId, string byName, DateTimeOffset now,
        bool isReexport, string fileName, string contentType, byte[] content, long firstSequence, long lastSequence,
        IReadOnlyCollection<(int TreatmentId, long BatchNumber)> treatments)
    {
        if (treatments.Count == 0) throw new ArgumentException("An export carries at least one guide.", nameof(treatments));
        if (lastSequence < firstSequence) throw new ArgumentException("Sequence numbers go up.", nameof(lastSequence));
        if (treatments.Select(t => t.TreatmentId).Distinct().Count() != treatments.Count)
            throw new ArgumentException("A guide goes once in an export.", nameof(treatments));
        var export = new TissExport
        {
            ClinicId = clinicId,
            Kind = kind,
            PeriodFrom = from,
            PeriodTo = to,
            ByUserId = byUserId,
            ByName = byName,
            AtUtc = now,
            IsReexport = isReexport,
            FileName = fileName,
            ContentType = contentType,
            Content = content,
            GuideCount = treatments.Count,
            FirstSequence = firstSequence,
            LastSequence = lastSequence,
        };
        foreach (var (treatmentId, batch) in treatments)
            export.guides.Add(new TissExportedGuide(treatmentId, batch));
        return export;
    }
}

/// <summary>One treatment's guide in an export, with the batch (<c>numeroLote</c>) it went in.</summary>
public sealed class TissExportedGuide
{
    private TissExportedGuide()
    {
    }

    internal TissExportedGuide(int treatmentId, long batchNumber) => (TreatmentId, BatchNumber) = (treatmentId, batchNumber);

    public int Id { get; private set; }
    public int TissExportId { get; private set; }
    public int TreatmentId { get; private set; }
    public long BatchNumber { get; private set; }
}

/// <summary>
/// The counter behind <c>sequencialTransacao</c>/<c>numeroLote</c> (st_texto12): one row, taken with optimistic concurrency
/// (<see cref="Version"/>) inside the export's serialized transaction, so two exports never get the same number and numbers
/// only go up (no MAX + 1 race); the unique index on <see cref="TissExport.FirstSequence"/> is the last guard.
/// </summary>
public sealed class TissSequenceCounter
{
    public const int SingletonId = 1;

    /// <summary>st_texto12: at most 12 digits.</summary>
    public const long MaxValue = 999_999_999_999;

    public int Id { get; private set; } = SingletonId;
    public long LastValue { get; private set; }
    public int Version { get; private set; }

    /// <summary>Takes <paramref name="count"/> consecutive numbers; answers the first.</summary>
    public long Take(int count)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count));
        if (LastValue + count > MaxValue) throw new InvalidOperationException("TISS sequence numbers exhausted (st_texto12).");
        var first = LastValue + 1;
        LastValue += count;
        Version++;
        return first;
    }
}
