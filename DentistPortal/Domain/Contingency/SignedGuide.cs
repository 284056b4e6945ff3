namespace DentistPortal.Domain.Contingency;

/// <summary>Where a registered signed guide stands in the auditor's review (issue 9 §1, SPEC §9).</summary>
public enum SignedGuideStatus
{
    /// <summary>Registered by the clinic; the treatment is "guia assinada em conferência".</summary>
    UnderReview = 0,
    /// <summary>The auditor confirmed at least one authorized row as dated and signed.</summary>
    Accepted = 1,
    /// <summary>Sent back to the clinic with a reason; the clinic may send the guide again.</summary>
    Rejected = 2,
}

/// <summary>Why the auditor sends a signed guide back (the clinic reads it on the treatment and in its list).</summary>
public enum SignedGuideRejection
{
    MissingSignature = 1,
    Illegible = 2,
    MissingDate = 3,
    DifferentBeneficiary = 4,
    /// <summary>Needs a note saying what is wrong.</summary>
    Other = 5,
}

/// <summary>How many times a clinic may send a treatment's signed guide (configuration section <c>SignedGuides</c>).</summary>
public sealed class SignedGuidePolicy
{
    public const string Section = "SignedGuides";

    /// <summary>Submissions allowed per treatment, the first included; past it the clinic talks to the Central.</summary>
    public int MaxSubmissions { get; set; } = 3;

    public const int MaxNoteLength = 300;
}

/// <summary>The scan a clinic uploads, already checked to be a readable PDF/JPEG/PNG and stored under <see cref="StoredFileName"/>.</summary>
public sealed record SignedGuideScan(string StoredFileName, string OriginalFileName, string ContentType, long SizeBytes, string Sha256);

/// <summary>One authorized procedure the auditor found dated and signed on the scan, with the date written on it.</summary>
public sealed record PerformedRow(int TreatmentItemId, DateOnly PerformedOn);

/// <summary>
/// One submission of the guide signed per procedure by the beneficiary, owned by its <see cref="Treatments.Treatment"/>:
/// the scan (stored outside the web root), who sent it and when, and the auditor's outcome. Changed only through the
/// treatment's methods (issue 9 §1).
/// </summary>
public sealed class SignedGuide
{
    private readonly List<SignedGuideConfirmation> confirmations = [];

    private SignedGuide()
    {
    }

    internal SignedGuide(int submission, SignedGuideScan scan, string reasonCode, string? contingencyNumber, string byUserId, string byName, DateTimeOffset now)
    {
        Submission = submission;
        StoredFileName = scan.StoredFileName;
        OriginalFileName = scan.OriginalFileName;
        ContentType = scan.ContentType;
        SizeBytes = scan.SizeBytes;
        Sha256 = scan.Sha256;
        ReasonCode = reasonCode;
        ContingencyNumber = contingencyNumber;
        UploadedByUserId = byUserId;
        UploadedByName = byName;
        UploadedAtUtc = now;
        Status = SignedGuideStatus.UnderReview;
    }

    public int Id { get; private set; }
    public int TreatmentId { get; private set; }
    /// <summary>1 for the first guide sent for the treatment, 2 for the next after a rejection…</summary>
    public int Submission { get; private set; }
    /// <summary>Random file name in the scans folder; the uploaded name is never used on disk.</summary>
    public string StoredFileName { get; private set; } = "";
    public string OriginalFileName { get; private set; } = "";
    public string ContentType { get; private set; } = "";
    public long SizeBytes { get; private set; }
    public string Sha256 { get; private set; } = "";
    /// <summary>The TUSS 74 reason the treatment will carry if this guide is accepted.</summary>
    public string ReasonCode { get; private set; } = "";
    public string? ContingencyNumber { get; private set; }
    public string UploadedByUserId { get; private set; } = "";
    public string UploadedByName { get; private set; } = "";
    public DateTimeOffset UploadedAtUtc { get; private set; }

    public SignedGuideStatus Status { get; private set; }
    public string? ReviewedByUserId { get; private set; }
    public string? ReviewedByName { get; private set; }
    public DateTimeOffset? ReviewedAtUtc { get; private set; }
    public SignedGuideRejection? Rejection { get; private set; }
    public string? RejectionNote { get; private set; }

    /// <summary>The rows the auditor confirmed: the performed procedures.</summary>
    public IReadOnlyList<SignedGuideConfirmation> Confirmations => confirmations;

    public bool IsDecided => Status != SignedGuideStatus.UnderReview;

    public bool IsImage => ContentType.StartsWith("image/", StringComparison.Ordinal);

    internal void Accept(IEnumerable<PerformedRow> rows, string byUserId, string byName, DateTimeOffset now)
    {
        if (IsDecided) throw new InvalidOperationException("This signed guide was already reviewed.");
        foreach (var row in rows)
            confirmations.Add(new SignedGuideConfirmation(row.TreatmentItemId, row.PerformedOn));
        Status = SignedGuideStatus.Accepted;
        (ReviewedByUserId, ReviewedByName, ReviewedAtUtc) = (byUserId, byName, now);
    }

    internal void Reject(SignedGuideRejection reason, string? note, string byUserId, string byName, DateTimeOffset now)
    {
        if (IsDecided) throw new InvalidOperationException("This signed guide was already reviewed.");
        Status = SignedGuideStatus.Rejected;
        Rejection = reason;
        RejectionNote = note;
        (ReviewedByUserId, ReviewedByName, ReviewedAtUtc) = (byUserId, byName, now);
    }
}

/// <summary>An authorized procedure confirmed on a signed guide: dated and signed by the beneficiary on <see cref="PerformedOn"/>.</summary>
public sealed class SignedGuideConfirmation
{
    private SignedGuideConfirmation()
    {
    }

    internal SignedGuideConfirmation(int treatmentItemId, DateOnly performedOn) => (TreatmentItemId, PerformedOn) = (treatmentItemId, performedOn);

    public int Id { get; private set; }
    public int SignedGuideId { get; private set; }
    public int TreatmentItemId { get; private set; }
    /// <summary>"Data de realização" as written on the guide (Brasília calendar date).</summary>
    public DateOnly PerformedOn { get; private set; }
}
