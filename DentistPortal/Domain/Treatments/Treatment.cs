using DentistPortal.Domain.Beneficiaries;
using DentistPortal.Domain.Plans;
using DentistPortal.Domain.Procedures;
using DentistPortal.Domain.Tokens;

namespace DentistPortal.Domain.Treatments;

public enum TreatmentStatus
{
    /// <summary>Being put together by the dentist.</summary>
    Draft = 0,
    /// <summary>Sent for authorization; items decided (some may be under review).</summary>
    Submitted = 1,
    /// <summary>Patient had no phone: the code will be told later on the late-token screen.</summary>
    AwaitingLateToken = 2,
    /// <summary>Attendance confirmed by the patient's token.</summary>
    Validated = 3,
    /// <summary>Attendance confirmed by the printed guide signed per procedure.</summary>
    ValidatedBySignedGuide = 4,
    /// <summary>A signed guide was registered and waits for the auditor (issue 9 §1): not validated yet.</summary>
    SignedGuideUnderReview = 5,
    /// <summary>The auditor sent the signed guide back with a reason; the clinic may send it again (up to the cap).</summary>
    SignedGuideRejected = 6,
}

public enum ItemAuthorization
{
    Pending = 0,
    Authorized = 1,
    Denied = 2,
    UnderReview = 3,
}

/// <summary>
/// A treatment request (guide): one beneficiary, one dentist, one clinic, its procedures and their
/// authorization. Counts wrong token codes across all its tokens (TR-7: re-issue does not reset them).
/// </summary>
public sealed partial class Treatment
{
    public int Id { get; set; }
    /// <summary>The number patients see in messages (e.g. 2026000123).</summary>
    public string Number { get; set; } = "";
    public int BeneficiaryId { get; set; }
    public required string DentistUserId { get; set; }
    public int ClinicId { get; set; }
    public DateTimeOffset CreatedAtUtc { get; set; }
    public DateTimeOffset? SubmittedAtUtc { get; set; }
    public TreatmentStatus Status { get; private set; }
    public List<TreatmentItem> Items { get; set; } = [];

    /// <summary>Wrong codes typed for this treatment, whatever token they were meant for.</summary>
    public int WrongCodeCount { get; private set; }
    /// <summary>Highest token sequence issued (TR-2).</summary>
    public int LastTokenSequence { get; private set; }
    /// <summary>TUSS table 74 reason recorded when the attendance goes on without a token at the chair.</summary>
    public string? MissingTokenReason { get; set; }
    public DateTimeOffset? ValidatedAtUtc { get; set; }
    /// <summary>
    /// The validation reference of a token validation (TISS <c>codValidacao</c>, st_texto10; issue 11, TISS export):
    /// drawn by an injected generator when the code is accepted, unique (unique index), never the code nor derived from it.
    /// Null for every other path (signed guide, contingency number), which bill <c>ausenciaCodValidacao</c> instead.
    /// </summary>
    public string? ValidationReference { get; private set; }
    /// <summary>Optimistic concurrency: bumped on every change.</summary>
    public int Version { get; set; }

    private readonly List<AttendanceToken> tokens = [];

    /// <summary>
    /// The treatment's tokens (TR-2…TR-7), owned by this aggregate: load them with the treatment
    /// (<c>Include(t =&gt; t.Tokens)</c>) before calling the token methods in <c>Treatment.Tokens.cs</c>.
    /// </summary>
    public IReadOnlyList<AttendanceToken> Tokens => tokens;

    public bool HasAuthorizedItem => Items.Any(i => i.Authorization == ItemAuthorization.Authorized);

    public bool IsClosed => Status is TreatmentStatus.Validated or TreatmentStatus.ValidatedBySignedGuide;

    public void Touch() => Version++;

    /// <summary>AR-1 for every item; partial authorization is normal (AR-2).</summary>
    public void Submit<TProcedure>(Beneficiary beneficiary, Plan plan, IReadOnlyDictionary<string, TProcedure> catalogue,
        IReadOnlyList<PriorUse> priorUses, DateTimeOffset now)
        where TProcedure : class, IProcedureRules
    {
        if (Status != TreatmentStatus.Draft) throw new InvalidOperationException("Only a draft treatment can be submitted.");
        if (Items.Count == 0) throw new InvalidOperationException("A treatment needs at least one procedure.");
        var uses = priorUses.ToList();
        foreach (var item in Items)
        {
            var decision = AuthorizationPolicy.Decide(beneficiary, plan, catalogue.GetValueOrDefault(item.TussCode), item, uses, now);
            item.Authorization = decision.Outcome;
            item.Reason = decision.Reason;
            item.DecidedAtUtc = decision.Outcome == ItemAuthorization.UnderReview ? null : now;
            if (decision.Outcome == ItemAuthorization.Authorized)
                uses.Add(new PriorUse(item.TussCode, now, item.Quantity));
        }
        Status = TreatmentStatus.Submitted;
        SubmittedAtUtc = now;
        Touch();
    }

    /// <summary>Why a token cannot be generated now (TR-3, TR-7), or null when it can.</summary>
    public string? WhyNoToken(int maxWrongCodesPerTreatment)
    {
        if (Status == TreatmentStatus.Draft) return "Envie o tratamento para autorização antes de gerar o token.";
        if (IsClosed) return "Este tratamento já foi validado.";
        if (Status == TreatmentStatus.SignedGuideUnderReview) return "A guia assinada deste tratamento está em conferência pela auditoria: aguarde a decisão.";
        if (!HasAuthorizedItem)
            return Items.Any(i => i.Authorization == ItemAuthorization.UnderReview)
                ? "Nenhum procedimento autorizado ainda: há procedimentos em análise pela auditoria. O token poderá ser gerado quando ao menos um for autorizado."
                : "Nenhum procedimento deste tratamento foi autorizado, por isso não é possível gerar token.";
        if (WrongCodeCount >= maxWrongCodesPerTreatment)
            return "Este tratamento atingiu o limite de códigos incorretos. Ligue para a Central de Atendimento ou use a guia de tratamento impressa.";
        return null;
    }

    /// <summary>
    /// The patient will tell the code later (manual Q6). Idempotent: marking again with the same reason changes nothing
    /// and answers false (a double click, a second tab: issue 9 §3).
    /// </summary>
    public bool MarkAwaitingLateToken(string reason)
    {
        if (IsClosed) throw new InvalidOperationException("Treatment already validated.");
        if (!Tiss.Tuss74.IsCode(reason)) throw new ArgumentException("Only TUSS table 74 codes are stored as absence reasons.", nameof(reason));
        if (Status == TreatmentStatus.AwaitingLateToken && MissingTokenReason == reason) return false;
        Status = TreatmentStatus.AwaitingLateToken;
        MissingTokenReason = reason;
        Touch();
        return true;
    }

    /// <summary>
    /// The attendance was confirmed by a token (at the chair or late). <paramref name="validationReference"/> is the new
    /// validation's reference (1–10 characters, issue 11): the TISS guide carries it as <c>codValidacao</c>.
    /// </summary>
    public void MarkValidated(DateTimeOffset now, string validationReference)
    {
        if (string.IsNullOrWhiteSpace(validationReference) || validationReference.Length > MaxValidationReferenceLength)
            throw new ArgumentException("A validation reference has 1 to 10 characters (TISS st_texto10).", nameof(validationReference));
        Status = TreatmentStatus.Validated;
        MissingTokenReason = null; // validated with a token (chair or late): no TUSS 74 absence reason (SPEC §9)
        ValidatedAtUtc = now;
        ValidationReference = validationReference;
        Touch();
    }

    /// <summary>TISS <c>codValidacao</c> is st_texto10.</summary>
    public const int MaxValidationReferenceLength = 10;

    /// <summary>A dentist-facing number: year + 6-digit id.</summary>
    public static string NumberFor(int id, DateTimeOffset createdUtc) => $"{createdUtc.Year}{id:D6}";
}

public sealed class TreatmentItem
{
    public int Id { get; set; }
    public int TreatmentId { get; set; }
    public required string TussCode { get; set; }
    public required string Description { get; set; }
    public int? Tooth { get; set; }
    public string? Region { get; set; }
    public string? Faces { get; set; }
    public int Quantity { get; set; } = 1;
    public ItemAuthorization Authorization { get; set; }
    /// <summary>pt-BR reason of a denial or review.</summary>
    public string? Reason { get; set; }
    public DateTimeOffset? DecidedAtUtc { get; set; }
    /// <summary>The auditor who decided an item that was under review.</summary>
    public string? DecidedByUserId { get; set; }

    /// <summary>The dental auditor's decision on an item under review (AR-1); never touches tokens (TR-3).</summary>
    public void Decide(bool approve, string? reason, string auditorUserId, DateTimeOffset now)
    {
        if (Authorization != ItemAuthorization.UnderReview) throw new InvalidOperationException("Only items under review can be decided.");
        Authorization = approve ? ItemAuthorization.Authorized : ItemAuthorization.Denied;
        Reason = approve ? null : reason;
        DecidedAtUtc = now;
        DecidedByUserId = auditorUserId;
    }
}

/// <summary>An earlier authorized use of a procedure by the same beneficiary (frequency limits).</summary>
public sealed record PriorUse(string TussCode, DateTimeOffset AtUtc, int Quantity);
