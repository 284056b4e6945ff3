namespace DentistPortal.Domain.Access;

/// <summary>
/// An API credential of a clinic (issue 11, API for clinic-management software): the clinic's software calls
/// <c>/api/v1</c> with <c>dpk_&lt;KeyId&gt;_&lt;secret&gt;</c>. Only the SHA-256 of the 256-bit secret is kept
/// (<see cref="SecretHash"/>); the full key is shown once, when created. The API acts as the credential's own
/// integration user (<see cref="IntegrationUserId"/>, a member of the clinic), so every rule of the screens applies to it.
/// </summary>
public sealed class ApiCredential
{
    /// <summary>How stale <see cref="LastUsedAtUtc"/> may get before a call writes it again: at most one write a minute.</summary>
    public static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    public const int LabelMaxLength = 80;

    public int Id { get; private set; }
    public int ClinicId { get; private set; }
    /// <summary>What the clinic calls this integration ("Clinicorp – recepção").</summary>
    public string Label { get; private set; } = "";
    /// <summary>Public identifier (the part of the key after <c>dpk_</c>), unique; shown in lists.</summary>
    public string KeyId { get; private set; } = "";
    /// <summary>SHA-256 of the secret part of the key (32 bytes); the secret itself is never stored.</summary>
    public byte[] SecretHash { get; private set; } = [];
    /// <summary>The integration user the API acts as (one per credential, disabled on revocation).</summary>
    public string IntegrationUserId { get; private set; } = "";
    public DateTimeOffset CreatedAtUtc { get; private set; }
    public string CreatedByUserId { get; private set; } = "";
    public string CreatedByName { get; private set; } = "";
    public DateTimeOffset? RevokedAtUtc { get; private set; }
    public string? RevokedByUserId { get; private set; }
    public string? RevokedByName { get; private set; }
    public DateTimeOffset? LastUsedAtUtc { get; private set; }

    public bool IsRevoked => RevokedAtUtc is not null;

    private ApiCredential() { }

    public static ApiCredential Create(int clinicId, string label, string keyId, byte[] secretHash, string integrationUserId,
        DateTimeOffset now, string createdByUserId, string createdByName) => new()
    {
        ClinicId = clinicId,
        Label = label.Trim(),
        KeyId = keyId,
        SecretHash = secretHash,
        IntegrationUserId = integrationUserId,
        CreatedAtUtc = now,
        CreatedByUserId = createdByUserId,
        CreatedByName = createdByName,
    };

    /// <summary>Revokes once: false when already revoked (a second click changes nothing).</summary>
    public bool Revoke(DateTimeOffset now, string byUserId, string byName)
    {
        if (IsRevoked) return false;
        RevokedAtUtc = now;
        RevokedByUserId = byUserId;
        RevokedByName = byName;
        return true;
    }

    /// <summary>The name of the integration user, as the audit trail shows it.</summary>
    public static string IntegrationUserName(string label, string keyId) => $"Integração – {label.Trim()} (chave {keyId})";
}
