using System.Globalization;
using DentistPortal.Domain.Common;
using DentistPortal.Domain.Contingency;

namespace DentistPortal.Domain.Treatments;

/// <summary>
/// The signed-guide path (SPEC §5, §9; issue 9 §1): a registered scan puts the treatment "em conferência"; only the
/// auditor's per-row confirmation validates it, and only for authorized rows; a rejected guide goes back to the clinic,
/// which may send it again up to a cap.
/// </summary>
public sealed partial class Treatment
{
    private readonly List<SignedGuide> signedGuides = [];

    /// <summary>Every submission of the signed guide, oldest first.</summary>
    public IReadOnlyList<SignedGuide> SignedGuides => signedGuides;

    /// <summary>The latest submission, if any.</summary>
    public SignedGuide? CurrentSignedGuide => signedGuides.Count == 0 ? null : signedGuides.MaxBy(g => g.Submission);

    /// <summary>Procedures that can be signed on the printed guide: the authorized ones only (denied and under review never).</summary>
    public IEnumerable<TreatmentItem> SignableItems => Items.Where(i => i.Authorization == ItemAuthorization.Authorized);

    /// <summary>The same scan sent again while its first copy waits for review (a double click, a retry): that first copy.</summary>
    public SignedGuide? RepeatedSubmission(string sha256) =>
        CurrentSignedGuide is { Status: SignedGuideStatus.UnderReview } pending && pending.Sha256 == sha256 ? pending : null;

    /// <summary>Why a signed guide cannot be registered now (pt-BR, shown to the clinic), or null when it can.</summary>
    public string? WhyNoSignedGuide(int maxSubmissions)
    {
        if (Status == TreatmentStatus.Draft) return "Envie o tratamento para autorização antes de registrar a guia.";
        if (IsClosed) return "Este tratamento já foi validado.";
        if (Status == TreatmentStatus.SignedGuideUnderReview)
            return "Já há uma guia assinada deste tratamento em conferência pela auditoria. Aguarde a decisão.";
        if (!HasAuthorizedItem) return "Nenhum procedimento deste tratamento está autorizado: não há o que assinar na guia.";
        if (signedGuides.Count >= maxSubmissions)
            return $"Esta guia já foi enviada {signedGuides.Count} vezes, o limite. Fale com a Central de Atendimento.";
        return null;
    }

    /// <summary>
    /// Registers a checked scan as the next submission; the treatment waits for the auditor (not validated). The paper path
    /// is now under way: an active token can no longer be used (needs the tokens loaded).
    /// </summary>
    public SignedGuide SubmitSignedGuide(SignedGuideScan scan, string reasonCode, string? contingencyNumber, string byUserId, string byName,
        int maxSubmissions, DateTimeOffset now)
    {
        if (!Tiss.Tuss74.IsCode(reasonCode)) throw new ArgumentException("Only TUSS table 74 codes are stored as absence reasons (issue 9 §8).", nameof(reasonCode));
        if (WhyNoSignedGuide(maxSubmissions) is { } why) throw new InvalidOperationException(why);
        var guide = new SignedGuide(signedGuides.Count + 1, scan, reasonCode, contingencyNumber, byUserId, byName, now);
        signedGuides.Add(guide);
        EndActiveTokens(now);
        Status = TreatmentStatus.SignedGuideUnderReview;
        Touch();
        return guide;
    }

    /// <summary>
    /// The auditor confirms the rows found dated and signed, each with its "data de realização" (not in the future, not
    /// before the treatment was submitted). The treatment is validated by signed guide; the confirmed rows are the
    /// performed procedures. Answers why not (pt-BR) and changes nothing when the input is wrong.
    /// </summary>
    public string? ConfirmSignedGuide(int guideId, IReadOnlyCollection<PerformedRow> rows, string byUserId, string byName, DateTimeOffset now)
    {
        var guide = PendingGuide(guideId);
        if (rows.Count == 0) return "Marque ao menos um procedimento datado e assinado, ou devolva a guia à clínica com o motivo.";
        if (rows.Select(r => r.TreatmentItemId).Distinct().Count() != rows.Count) return "Cada procedimento só pode ser confirmado uma vez.";
        var today = BrazilTime.Today(now);
        var earliest = BrazilTime.Today(SubmittedAtUtc ?? CreatedAtUtc);
        foreach (var row in rows)
        {
            var item = Items.FirstOrDefault(i => i.Id == row.TreatmentItemId);
            if (item is null || item.Authorization != ItemAuthorization.Authorized)
                return "Somente procedimentos autorizados podem ser confirmados na guia assinada.";
            if (row.PerformedOn > today)
                return $"A data de realização do procedimento {item.TussCode} está no futuro. Confira a data escrita na guia.";
            if (row.PerformedOn < earliest)
                return $"A data de realização do procedimento {item.TussCode} é anterior ao envio do tratamento ({earliest.ToString("dd'/'MM'/'yyyy", CultureInfo.InvariantCulture)}). Confira a data escrita na guia.";
        }

        guide.Accept(rows, byUserId, byName, now);
        Status = TreatmentStatus.ValidatedBySignedGuide;
        MissingTokenReason = guide.ReasonCode;
        ValidatedAtUtc = now;
        Touch();
        return null;
    }

    /// <summary>The auditor sends the guide back with a reason ("outro" needs a note); the clinic may send it again.</summary>
    public string? RejectSignedGuide(int guideId, SignedGuideRejection reason, string? note, string byUserId, string byName, DateTimeOffset now)
    {
        var guide = PendingGuide(guideId);
        if (!Enum.IsDefined(reason)) return "Escolha o motivo da devolução.";
        note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        if (reason == SignedGuideRejection.Other && note is null) return "Descreva o motivo da devolução: a clínica lerá este texto.";
        if (note is { Length: > SignedGuidePolicy.MaxNoteLength }) return $"Texto muito longo (máximo {SignedGuidePolicy.MaxNoteLength} caracteres).";

        guide.Reject(reason, note, byUserId, byName, now);
        Status = TreatmentStatus.SignedGuideRejected;
        Touch();
        return null;
    }

    /// <summary>The procedures confirmed on the accepted signed guide, with their dates.</summary>
    public IReadOnlyList<(TreatmentItem Item, DateOnly PerformedOn)> PerformedBySignedGuide() =>
        signedGuides.FirstOrDefault(g => g.Status == SignedGuideStatus.Accepted) is { } accepted
            ? [.. accepted.Confirmations.Select(c => (Items.Single(i => i.Id == c.TreatmentItemId), c.PerformedOn))]
            : [];

    private SignedGuide PendingGuide(int guideId)
    {
        var guide = signedGuides.SingleOrDefault(g => g.Id == guideId)
            ?? throw new InvalidOperationException("The signed guide does not belong to this treatment.");
        if (guide.IsDecided || Status != TreatmentStatus.SignedGuideUnderReview || guide != CurrentSignedGuide)
            throw new InvalidOperationException("Only the signed guide under review can be decided.");
        return guide;
    }
}
