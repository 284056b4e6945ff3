namespace DentistPortal.Domain.Beneficiaries;

/// <summary>
/// Where a patient can read a token away from the chair: SMS, e-mail (their own or the holder's, TR-10) or a
/// Portal do Cliente account (their own, or the holder's when they receive through the holder). A late token is
/// offered only when at least one exists (issue 9 §8, SPEC §9 "Late token only when it can arrive").
/// </summary>
public sealed record TokenReach(bool Sms, bool Email, bool Portal, bool ThroughHolder)
{
    public static readonly TokenReach None = new(false, false, false, false);

    public bool Any => Sms || Email || Portal;

    public static TokenReach Of(Beneficiary beneficiary)
    {
        var route = beneficiary.ContactRoute();
        var holderPortal = !beneficiary.HasOwnContact && beneficiary.Holder?.UserId is not null;
        return new TokenReach(route.MobilePhone is not null, route.Email is not null,
            beneficiary.UserId is not null || holderPortal, route.ThroughHolder || (holderPortal && beneficiary.UserId is null));
    }
}
