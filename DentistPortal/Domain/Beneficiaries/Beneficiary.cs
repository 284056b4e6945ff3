namespace DentistPortal.Domain.Beneficiaries;

public enum BeneficiaryStatus
{
    Active = 1,
    Inactive = 2,
}

public enum Relationship
{
    Holder = 0,
    Spouse = 1,
    Child = 2,
    Other = 3,
}

/// <summary>A patient covered by a plan: a holder (titular) or a dependent hanging off one.</summary>
public sealed class Beneficiary
{
    public int Id { get; set; }
    /// <summary>16-digit card number (carteirinha), Luhn-checked.</summary>
    public required string CardNumber { get; set; }
    /// <summary>11 digits; minors may have none.</summary>
    public string? Cpf { get; set; }
    public required string FullName { get; set; }
    public DateOnly BirthDate { get; set; }
    public int? HolderId { get; set; }
    public Beneficiary? Holder { get; set; }
    public List<Beneficiary> Dependents { get; set; } = [];
    public Relationship Relationship { get; set; }
    public int PlanId { get; set; }
    public DateOnly EnrolledOn { get; set; }
    public BeneficiaryStatus Status { get; set; } = BeneficiaryStatus.Active;
    /// <summary>E.164 Brazilian mobile, or null when none is on file.</summary>
    public string? MobilePhone { get; set; }
    public string? Email { get; set; }
    /// <summary>Portal do Cliente login of this beneficiary, when they have one.</summary>
    public string? UserId { get; set; }

    /// <summary>
    /// Set when someone reported a code they did not ask for that reached this beneficiary's phone (issue 9 §6):
    /// the contact on file is probably someone else's. Cleared when the contact is changed.
    /// </summary>
    public DateTimeOffset? ContactFlaggedAtUtc { get; private set; }

    public bool ContactProbablyWrong => ContactFlaggedAtUtc is not null;

    public void FlagContactAsProbablyWrong(DateTimeOffset nowUtc) => ContactFlaggedAtUtc ??= nowUtc;

    public void ClearContactFlag() => ContactFlaggedAtUtc = null;

    public bool IsHolder => HolderId is null;
    public bool IsActive => Status == BeneficiaryStatus.Active;
    public bool HasOwnContact => MobilePhone is not null || Email is not null;

    public int AgeOn(DateOnly today)
    {
        var age = today.Year - BirthDate.Year;
        if (BirthDate > today.AddYears(-age)) age--;
        return age;
    }

    public bool IsMinorOn(DateOnly today) => AgeOn(today) < 18;

    /// <summary>
    /// SPEC §9 (issue 9 §7): the holder sees, and the Central may read to the holder, the tokens of a dependent who is
    /// a minor or has no contact of their own (they receive through the holder). An adult dependent with own contacts
    /// is private to that dependent. Always true for the holder themself.
    /// </summary>
    public bool IsVisibleToHolderOn(DateOnly today) => IsHolder || IsMinorOn(today) || !HasOwnContact;

    /// <summary>
    /// Where this beneficiary's messages go (TR-10): their own contacts; a dependent with none
    /// receives through the holder's.
    /// </summary>
    public ContactRoute ContactRoute()
    {
        if (HasOwnContact) return new ContactRoute(MobilePhone, Email, ThroughHolder: false);
        if (Holder is { HasOwnContact: true } h) return new ContactRoute(h.MobilePhone, h.Email, ThroughHolder: true);
        return new ContactRoute(null, null, ThroughHolder: false);
    }

    public static string RelationshipDisplay(Relationship r) => r switch
    {
        Relationship.Holder => "Titular",
        Relationship.Spouse => "Cônjuge",
        Relationship.Child => "Filho(a)",
        _ => "Dependente",
    };
}

/// <summary>The contacts a token for this beneficiary will actually be sent to.</summary>
public sealed record ContactRoute(string? MobilePhone, string? Email, bool ThroughHolder)
{
    public bool HasAny => MobilePhone is not null || Email is not null;
}
