using System.Security.Cryptography;
using DentistPortal.Domain.Common;

namespace DentistPortal.Domain.Beneficiaries;

/// <summary>
/// How long a lookup lets a clinic user work with the beneficiary found (issue 9 §2, SPEC §9):
/// by default until the end of the same day in Brasília; <see cref="ValidForHours"/> sets a fixed window instead.
/// Bound from the <c>Beneficiaries:LookupGrant</c> configuration section.
/// </summary>
public sealed class LookupGrantPolicy
{
    public const string Section = "Beneficiaries:LookupGrant";

    /// <summary>Hours a grant lasts after the lookup; null (default) means until 23:59:59 of that day in America/Sao_Paulo.</summary>
    public int? ValidForHours { get; set; }

    public DateTimeOffset ExpiresAt(DateTimeOffset nowUtc)
    {
        if (ValidForHours is > 0 and var hours) return nowUtc.AddHours(hours);
        var tomorrow = BrazilTime.Today(nowUtc).AddDays(1).ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(tomorrow, BrazilTime.Zone.GetUtcOffset(tomorrow)).ToUniversalTime();
    }
}

/// <summary>
/// A clinic user found this beneficiary through the audited lookup at this clinic (issue 9 §2): the only way to
/// reach the beneficiary afterwards (new treatment, header). Screens carry <see cref="Reference"/>, an opaque,
/// random, short-lived reference, never the sequential id; a grant serves only its own user at its own clinic.
/// </summary>
public sealed class LookupGrant
{
    /// <summary>16 random bytes in base64url: 22 characters.</summary>
    public const int ReferenceLength = 22;

    private LookupGrant() { }

    public long Id { get; private set; }
    public string Reference { get; private set; } = "";
    public string UserId { get; private set; } = "";
    public int ClinicId { get; private set; }
    public int BeneficiaryId { get; private set; }
    public DateTimeOffset GrantedAtUtc { get; private set; }
    public DateTimeOffset ExpiresAtUtc { get; private set; }

    public static LookupGrant Issue(string userId, int clinicId, int beneficiaryId, DateTimeOffset nowUtc, LookupGrantPolicy policy) => new()
    {
        Reference = NewReference(),
        UserId = userId,
        ClinicId = clinicId,
        BeneficiaryId = beneficiaryId,
        GrantedAtUtc = nowUtc,
        ExpiresAtUtc = policy.ExpiresAt(nowUtc),
    };

    /// <summary>A new lookup of the same beneficiary keeps the reference and starts the window again.</summary>
    public void Renew(DateTimeOffset nowUtc, LookupGrantPolicy policy)
    {
        var until = policy.ExpiresAt(nowUtc);
        if (until > ExpiresAtUtc) ExpiresAtUtc = until;
    }

    /// <summary>True only for this grant's user, at this grant's clinic, before it expires.</summary>
    public bool Allows(string userId, int clinicId, DateTimeOffset nowUtc) =>
        UserId == userId && ClinicId == clinicId && nowUtc < ExpiresAtUtc;

    /// <summary>Cheap shape check before touching the database (a numeric id never passes).</summary>
    public static bool IsWellFormed(string? reference) =>
        reference is { Length: ReferenceLength } && reference.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static string NewReference() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
