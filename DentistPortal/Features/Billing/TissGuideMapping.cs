using System.Globalization;
using DentistPortal.Domain.Beneficiaries;
using DentistPortal.Domain.Clinics;
using DentistPortal.Domain.Common;
using DentistPortal.Domain.Contingency;
using DentistPortal.Domain.Plans;
using DentistPortal.Domain.Tiss;
using DentistPortal.Domain.Treatments;

namespace DentistPortal.Features.Billing;

/// <summary>What a validated treatment becomes in a TISS export: its guide, or why it cannot be billed yet (pt-BR).</summary>
/// <param name="Guide">The guide, or null when <paramref name="Problems"/> is not empty.</param>
/// <param name="Problems">Why the guide is not exportable (missing price, clinic without CNES…), for the user to fix.</param>
/// <param name="LastExportedAtUtc">When the guide was last exported, or null when never.</param>
public sealed record TissGuideCandidate(int TreatmentId, string TreatmentNumber, DateTimeOffset ValidatedAtUtc, TissDentalGuide? Guide,
    IReadOnlyList<string> Problems, DateTimeOffset? LastExportedAtUtc)
{
    public bool IsExportable => Guide is not null;
    public bool WasExported => LastExportedAtUtc is not null;
}

/// <summary>
/// Validated treatment → <see cref="TissDentalGuide"/> (issue 11, TISS export). The one place that decides what is billed:
/// <list type="bullet">
/// <item>token (at the chair or late, <see cref="TreatmentStatus.Validated"/>): <c>codValidacao</c> = the validation
/// reference; the authorized procedures, performed on the validation's date in Brasília time;</item>
/// <item>signed guide, incl. a contingency number (<see cref="TreatmentStatus.ValidatedBySignedGuide"/>):
/// <c>ausenciaCodValidacao</c> = the TUSS 74 code recorded on the accepted guide; only the rows the auditor confirmed,
/// each on its confirmed date.</item>
/// </list>
/// Denied, under-review and unconfirmed procedures are never billed. Prices come from the beneficiary's plan (quantity ×
/// price); a procedure without a price, a clinic without CNES or a dentist without professional data make the guide not
/// exportable, with the reason, never a zero value.
/// </summary>
public static class TissGuideMapping
{
    /// <summary>The largest valorProc (st_decimal8-2) and valorTotalProc (st_decimal10-2) TISS can carry.</summary>
    public const decimal MaxProcedureValue = 999_999.99m, MaxGuideValue = 99_999_999.99m;

    /// <summary>Everything one guide is built from, already loaded.</summary>
    public sealed record Source(Treatment Treatment, Beneficiary Beneficiary, Plan Plan, Dentist? Dentist, Clinic Clinic, string OperatorAnsRegistration);

    /// <summary>The guide, or the reasons it cannot be exported (never both).</summary>
    public static (TissDentalGuide? Guide, IReadOnlyList<string> Problems) Map(Source source)
    {
        var (t, beneficiary, plan, dentist, clinic, ans) = source;
        var problems = new List<string>();
        if (t.ValidatedAtUtc is not { } validatedAt || !t.IsClosed)
            return (null, ["O tratamento ainda não foi validado: só atendimentos validados são faturados."]);

        TissAttendanceProof? proof = null;
        List<(TreatmentItem Item, DateOnly PerformedOn)> performed;
        if (t.Status == TreatmentStatus.Validated)
        {
            if (string.IsNullOrWhiteSpace(t.ValidationReference))
                problems.Add("Validação por token sem referência de validação (codValidacao). Fale com a operadora.");
            else
                proof = new TissAttendanceProof.Validation(t.ValidationReference);
            var on = BrazilTime.Today(validatedAt);
            // Only what was authorized when the patient's token was validated: the auditor may still authorize an item under
            // review afterwards, and the token never covered it.
            performed = [.. t.Items.Where(i => i.Authorization == ItemAuthorization.Authorized && (i.DecidedAtUtc is null || i.DecidedAtUtc <= validatedAt))
                .OrderBy(i => i.Id).Select(i => (i, on))];
        }
        else
        {
            var accepted = t.SignedGuides.FirstOrDefault(g => g.Status == SignedGuideStatus.Accepted);
            var reason = accepted?.ReasonCode ?? t.MissingTokenReason;
            if (reason is null || !Tuss74.IsCode(reason))
                problems.Add("Guia assinada sem motivo da tabela TUSS 74 registrado (ausenciaCodValidacao).");
            else
                proof = new TissAttendanceProof.Absence(reason);
            performed = [.. t.PerformedBySignedGuide().Where(p => p.Item.Authorization == ItemAuthorization.Authorized).OrderBy(p => p.Item.Id)];
        }
        if (performed.Count == 0) problems.Add("Nenhum procedimento autorizado e realizado para faturar.");

        if (string.IsNullOrWhiteSpace(clinic.Cnes))
            problems.Add($"A clínica {clinic.Name} não tem CNES cadastrado: peça à operadora para cadastrá-lo.");
        if (dentist is null)
            problems.Add("O dentista executante não tem cadastro profissional (CPF, CRO, CBO-S).");
        else if (!TissDomains.Cbos.Contains(dentist.Cbos))
            problems.Add($"O CBO-S do dentista {dentist.FullName} ({dentist.Cbos}) não está na tabela TISS.");

        var procedures = new List<TissPerformedProcedure>();
        var sequence = 0;
        foreach (var (item, on) in performed)
        {
            var label = $"{item.TussCode} ({item.Description})";
            var price = plan.CoverageFor(item.TussCode)?.Price;
            if (price is null) problems.Add($"Procedimento {label} sem preço na tabela do plano {plan.Name}.");
            if (item.Tooth is { } tooth && !TissDomains.Teeth.Contains(tooth))
                problems.Add($"Procedimento {label}: dente {tooth} fora da lista de dentes TISS.");
            if (item.Region is { Length: > 0 } region && !TissDomains.Regions.Contains(region.ToUpperInvariant()))
                problems.Add($"Procedimento {label}: região {region} fora da lista de regiões TISS.");
            if (TissText.Truncate(item.Description, 150).Length == 0)
                problems.Add($"Procedimento {item.TussCode}: a descrição não tem caracteres aceitos pelo padrão TISS (ISO-8859-1); peça à operadora para corrigi-la.");
            if (price is { } unit && decimal.Round(unit * item.Quantity, 2, MidpointRounding.AwayFromZero) > MaxProcedureValue)
                problems.Add($"Procedimento {label}: quantidade × preço passa de R$ 999.999,99, o maior valor de um item TISS (valorProc).");
            if (item.Faces is { Length: > 0 } faces && !TissDomains.IsFaces(faces.ToUpperInvariant()))
                problems.Add($"Procedimento {label}: faces {faces} fora das letras permitidas ({TissDomains.FaceLetters}).");
            procedures.Add(new TissPerformedProcedure(++sequence, item.TussCode, item.Description, item.Tooth,
                item.Tooth is null && item.Region is { Length: > 0 } r ? r.ToUpperInvariant() : null,
                item.Faces is { Length: > 0 } f ? f.ToUpperInvariant() : null,
                item.Quantity, price ?? 0m, Authorized: true, on));
        }

        if (TissText.Truncate(plan.Name, 40).Length == 0)
            problems.Add($"O nome do plano não tem caracteres aceitos pelo padrão TISS (ISO-8859-1); peça à operadora para corrigi-lo.");
        if (procedures.Sum(p => p.Value) > MaxGuideValue)
            problems.Add("O valor total da guia passa de R$ 99.999.999,99, o maior valor TISS (valorTotalProc).");
        if (problems.Count > 0 || proof is null || dentist is null) return (null, problems.Distinct().ToList());

        var executing = new TissExecutingDentist(TissText.Digits(dentist.Cpf), dentist.FullName, dentist.CroNumber, dentist.CroUf, clinic.Cnes!, dentist.Cbos);
        var guide = new TissDentalGuide(ans, t.Number, t.SubmittedAtUtc is { } submitted ? BrazilTime.Today(submitted) : null, proof,
            TissText.Digits(beneficiary.CardNumber), plan.Name, executing, procedures, procedures.Max(p => p.PerformedOn));
        return (guide, []);
    }

    /// <summary>"dd/MM/yyyy HH:mm" in Brasília time, for "já exportada em …".</summary>
    public static string Display(DateTimeOffset utc) =>
        BrazilTime.ToLocal(utc).ToString("dd'/'MM'/'yyyy HH':'mm", CultureInfo.InvariantCulture);
}
