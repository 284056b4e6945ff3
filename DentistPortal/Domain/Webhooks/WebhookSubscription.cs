namespace DentistPortal.Domain.Webhooks;

/// <summary>
/// A clinic's webhook (issue 11, "API for clinic-management software": webhooks per clinic for token status changes):
/// one per clinic, the https URL its clinic-management software listens on, and the signing secret the portal generated.
/// The secret is held only as the Infrastructure's Data Protection ciphertext (<see cref="ProtectedSecret"/>): it must be
/// readable to sign each delivery, and it is shown to the admin once, when generated. Nothing is deleted: deactivating
/// stops the events (none written, pending ones not sent).
/// </summary>
public sealed class WebhookSubscription
{
    public const int MaxUrlLength = 500;

    private WebhookSubscription() { }

    public int Id { get; private set; }
    public int ClinicId { get; private set; }
    public string Url { get; private set; } = "";
    /// <summary>Data Protection ciphertext of the signing secret ("whsec_…"); never the secret in clear.</summary>
    public string ProtectedSecret { get; private set; } = "";
    public bool IsActive { get; private set; }
    public DateTimeOffset CreatedAtUtc { get; private set; }
    public string CreatedByUserId { get; private set; } = "";
    public DateTimeOffset UpdatedAtUtc { get; private set; }
    public string UpdatedByUserId { get; private set; } = "";
    /// <summary>When the current secret was generated (shown once right then).</summary>
    public DateTimeOffset SecretIssuedAtUtc { get; private set; }
    /// <summary>Optimistic concurrency: two admins changing the same subscription never silently overwrite each other.</summary>
    public int Version { get; private set; }

    public static WebhookSubscription Create(int clinicId, string url, string protectedSecret, string userId, DateTimeOffset now) => new()
    {
        ClinicId = clinicId,
        Url = url,
        ProtectedSecret = protectedSecret,
        IsActive = true,
        CreatedAtUtc = now,
        CreatedByUserId = userId,
        UpdatedAtUtc = now,
        UpdatedByUserId = userId,
        SecretIssuedAtUtc = now,
    };

    /// <summary>Sets (or replaces) the URL and activates the subscription. False when nothing changed (idempotent).</summary>
    public bool Point(string url, string userId, DateTimeOffset now)
    {
        if (IsActive && Url == url) return false;
        Url = url;
        IsActive = true;
        Touch(userId, now);
        return true;
    }

    /// <summary>Replaces the signing secret: every delivery from now on (pending ones included) is signed with the new one.</summary>
    public void RotateSecret(string protectedSecret, string userId, DateTimeOffset now)
    {
        ProtectedSecret = protectedSecret;
        SecretIssuedAtUtc = now;
        Touch(userId, now);
    }

    /// <summary>Stops the events of this clinic. False when it was already inactive (idempotent).</summary>
    public bool Deactivate(string userId, DateTimeOffset now)
    {
        if (!IsActive) return false;
        IsActive = false;
        Touch(userId, now);
        return true;
    }

    private void Touch(string userId, DateTimeOffset now)
    {
        UpdatedAtUtc = now;
        UpdatedByUserId = userId;
        Version++;
    }
}
