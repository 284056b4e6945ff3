using DentistPortal.Domain.Beneficiaries;
using DentistPortal.Domain.Common;

namespace DentistPortal.Features.Beneficiaries;

/// <summary>A family as the clinic sees it: the holder first, then the dependents.</summary>
public sealed record BeneficiaryCard(int FoundId, BeneficiarySummary Holder, IReadOnlyList<BeneficiarySummary> Dependents)
{
    public IEnumerable<BeneficiarySummary> Members => Dependents.Prepend(Holder);
    public BeneficiarySummary Found => Members.First(m => m.Id == FoundId);
}

public enum ContactSituation
{
    /// <summary>Own mobile and e-mail on file.</summary>
    Complete,
    /// <summary>Only one own channel (no mobile, or no e-mail).</summary>
    Partial,
    /// <summary>No own contact; tokens go to the holder's contacts.</summary>
    ThroughHolder,
    /// <summary>No contact at all: no token can be delivered.</summary>
    None,
}

/// <summary>One beneficiary on the card. Contacts are masked: the clinic never sees them in full.</summary>
public sealed record BeneficiarySummary(
    int Id,
    string FullName,
    string CardNumber,
    string? MaskedCpf,
    string Relationship,
    int Age,
    DateOnly BirthDate,
    string PlanName,
    bool IsActive,
    string? MaskedMobile,
    string? MaskedEmail,
    ContactSituation Contacts,
    string ContactsText)
{
    public bool IsHolder => Relationship == Beneficiary.RelationshipDisplay(Domain.Beneficiaries.Relationship.Holder);

    /// <summary>The opaque lookup reference (issue 9 §2) the new-treatment link carries; set by the lookup only.</summary>
    public string? Reference { get; init; }

    /// <summary>Shown beside the contacts when a stranger reported receiving this person's code (issue 9 §6).</summary>
    public string? ContactWarning { get; init; }

    public const string ContactProbablyWrongText = "Contato possivelmente incorreto: confirme com o paciente.";

    public static BeneficiarySummary From(Beneficiary b, string planName, DateOnly today)
    {
        var route = b.ContactRoute();
        var situation = b.HasOwnContact
            ? (b.MobilePhone is not null && b.Email is not null ? ContactSituation.Complete : ContactSituation.Partial)
            : route.HasAny ? ContactSituation.ThroughHolder : ContactSituation.None;
        var text = situation switch
        {
            ContactSituation.Complete => "Recebe o token por SMS e e-mail.",
            ContactSituation.Partial when b.MobilePhone is null => "Sem celular cadastrado: recebe o token só por e-mail.",
            ContactSituation.Partial => "Sem e-mail cadastrado: recebe o token só por SMS.",
            ContactSituation.ThroughHolder => "Sem contato próprio: o token vai para o celular e o e-mail do titular.",
            _ => "Sem celular e sem e-mail: não é possível enviar token. Ligue para a Central de Atendimento ou use a guia impressa.",
        };
        return new BeneficiarySummary(
            b.Id,
            b.FullName,
            Domain.Common.CardNumber.Format(b.CardNumber),
            b.Cpf is null ? null : Cpf.Mask(b.Cpf),
            Beneficiary.RelationshipDisplay(b.Relationship),
            b.AgeOn(today),
            b.BirthDate,
            planName,
            b.IsActive,
            b.MobilePhone is null ? null : BrazilianMobile.Mask(b.MobilePhone),
            b.Email is null ? null : EmailAddress.Mask(b.Email),
            situation,
            text)
        {
            // The phone a dependent receives through is the holder's: a flag on it matters to the dependent too.
            ContactWarning = b.ContactProbablyWrong || (route.ThroughHolder && b.Holder?.ContactProbablyWrong == true) ? ContactProbablyWrongText : null,
        };
    }
}
