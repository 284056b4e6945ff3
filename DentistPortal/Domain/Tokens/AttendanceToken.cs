using System.Security.Cryptography;

namespace DentistPortal.Domain.Tokens;

public enum TokenStatus
{
    Active = 0,
    Validated = 1,
    Superseded = 2,
    Expired = 3,
    Locked = 4,
    Revoked = 5,
    /// <summary>The clinic went the paper way (signed guide sent to the auditor): the code is no longer needed (issue 9 §1).</summary>
    PaperGuide = 6,
}

/// <summary>How the code reached the portal.</summary>
public enum ValidationChannel
{
    /// <summary>Typed by the dentist at the chair.</summary>
    Chair = 0,
    /// <summary>Told later and typed on the late-token screen.</summary>
    Late = 1,
    /// <summary>Typed with the help of the call centre.</summary>
    CallCenterAssisted = 2,
}

public enum VerifyResult
{
    Validated,
    WrongCode,
    /// <summary>This wrong code was the last one the token allowed: it is now locked.</summary>
    WrongCodeLocked,
    Expired,
    NotActive,
}

/// <summary>
/// The 6-digit attendance token of one treatment (TR-2). Only a keyed hash of the code is kept to verify it;
/// an encrypted copy exists only while the token is Active (TR-9). Every rule reads the <c>now</c> it is given.
/// </summary>
public sealed class AttendanceToken
{
    /// <summary>The key id given to hashes stored before the key ring existed (migration I10_Keys_TokenHmacKeyId).</summary>
    public const string LegacyHmacKeyId = "legacy";

    public int Id { get; set; }
    public int TreatmentId { get; set; }
    public int Sequence { get; private set; }
    /// <summary>HMAC-SHA256 of the code with the server key named by <see cref="HmacKeyId"/>; never the code.</summary>
    public required byte[] CodeHash { get; init; }
    /// <summary>
    /// Id of the HMAC key <see cref="CodeHash"/> was made with (issue 10, Keys and secrets): a code is checked with that
    /// key, so tokens made before a key rotation keep verifying until they end. Rows made before key ids existed read
    /// <see cref="LegacyHmacKeyId"/>.
    /// </summary>
    public string HmacKeyId { get; private set; } = LegacyHmacKeyId;
    /// <summary>Data Protection ciphertext of the code, for the Portal do Cliente and the call centre; null once not Active.</summary>
    public string? EncryptedCode { get; private set; }
    public DateTimeOffset CreatedAtUtc { get; private set; }
    public DateTimeOffset ExpiresAtUtc { get; private set; }
    public TokenStatus Status { get; private set; }
    public int WrongAttempts { get; private set; }
    public DateTimeOffset? EndedAtUtc { get; private set; }
    public ValidationChannel? ValidatedVia { get; private set; }
    public string? ValidatedByUserId { get; private set; }
    public required string CreatedByUserId { get; init; }
    /// <summary>Optimistic concurrency: exactly one of concurrent validations wins (TR-6).</summary>
    public int Version { get; private set; }

    /// <summary>How this token ended since it was loaded (not stored); the webhook outbox takes them when the change is saved.</summary>
    private readonly List<TokenEnded> endings = [];

    /// <summary>
    /// The ends recorded since the token was loaded, once: the saving unit of work turns them into webhook events in the
    /// same transaction (issue 11, webhooks). Empty when nothing ended.
    /// </summary>
    public IReadOnlyList<TokenEnded> TakeEndings()
    {
        if (endings.Count == 0) return [];
        var taken = endings.ToArray();
        endings.Clear();
        return taken;
    }

    public static AttendanceToken Issue(int treatmentId, int sequence, string hmacKeyId, byte[] codeHash, string encryptedCode, string createdBy, DateTimeOffset now, TimeSpan lifetime) => new()
    {
        TreatmentId = treatmentId,
        Sequence = sequence,
        HmacKeyId = hmacKeyId,
        CodeHash = codeHash,
        EncryptedCode = encryptedCode,
        CreatedAtUtc = now,
        ExpiresAtUtc = now + lifetime,
        Status = TokenStatus.Active,
        CreatedByUserId = createdBy,
    };

    /// <summary>TR-5: valid strictly before <see cref="ExpiresAtUtc"/>.</summary>
    public bool IsExpiredAt(DateTimeOffset now) => now >= ExpiresAtUtc;

    /// <summary>
    /// TR-5, the one rule every screen and handler reads: an Active token past its lifetime is Expired, even before
    /// anyone (or the expiry sweep) touched it. Not stored by itself; <see cref="ExpireIfDue"/> stores it.
    /// </summary>
    public TokenStatus EffectiveStatus(DateTimeOffset now) => EffectiveStatus(Status, ExpiresAtUtc, now);

    /// <summary>The same rule for projections that read the two columns without the entity.</summary>
    public static TokenStatus EffectiveStatus(TokenStatus stored, DateTimeOffset expiresAtUtc, DateTimeOffset now) =>
        stored == TokenStatus.Active && now >= expiresAtUtc ? TokenStatus.Expired : stored;

    /// <summary>Active and inside its lifetime: a code can be typed, shown or resent.</summary>
    public bool IsUsableAt(DateTimeOffset now) => EffectiveStatus(now) == TokenStatus.Active;

    public int AttemptsLeft(TokenPolicy policy) => Math.Max(0, policy.MaxWrongCodesPerToken - WrongAttempts);

    /// <summary>Brings a stale Active token up to date (TR-5). True when it changed.</summary>
    public bool ExpireIfDue(DateTimeOffset now)
    {
        if (Status != TokenStatus.Active || !IsExpiredAt(now)) return false;
        End(TokenStatus.Expired, now);
        return true;
    }

    /// <summary>
    /// TR-5, TR-6, TR-7: checks a candidate hash in constant time. A right code consumes the token; a wrong one
    /// counts, and the last allowed wrong code locks it — even a right code after that is refused.
    /// </summary>
    public VerifyResult Verify(byte[] candidateHash, DateTimeOffset now, TokenPolicy policy, string userId, ValidationChannel via)
    {
        if (ExpireIfDue(now)) return VerifyResult.Expired;
        if (Status != TokenStatus.Active) return VerifyResult.NotActive;

        if (CryptographicOperations.FixedTimeEquals(candidateHash, CodeHash))
        {
            End(TokenStatus.Validated, now);
            ValidatedVia = via;
            ValidatedByUserId = userId;
            return VerifyResult.Validated;
        }

        WrongAttempts++;
        Version++;
        if (WrongAttempts >= policy.MaxWrongCodesPerToken)
        {
            End(TokenStatus.Locked, now);
            return VerifyResult.WrongCodeLocked;
        }
        return VerifyResult.WrongCode;
    }

    public bool Matches(byte[] candidateHash) => CryptographicOperations.FixedTimeEquals(candidateHash, CodeHash);

    /// <summary>The signed guide replaced the token (issue 9 §1): the code can no longer be used, and says why.</summary>
    public void EndForPaperGuide(DateTimeOffset now)
    {
        if (Status == TokenStatus.Active) End(TokenStatus.PaperGuide, now);
    }

    /// <summary>TR-4: a newer token cancels this one at once.</summary>
    public void Supersede(DateTimeOffset now)
    {
        if (Status == TokenStatus.Active) End(TokenStatus.Superseded, now);
    }

    /// <summary>Unsolicited-code report (TR-12).</summary>
    public bool Revoke(DateTimeOffset now)
    {
        if (Status != TokenStatus.Active) return false;
        End(TokenStatus.Revoked, now);
        return true;
    }

    /// <summary>The treatment was locked by its wrong-code cap: the active token goes with it.</summary>
    public void LockWithTreatment(DateTimeOffset now)
    {
        if (Status == TokenStatus.Active) End(TokenStatus.Locked, now);
    }

    private void End(TokenStatus status, DateTimeOffset now)
    {
        Status = status;
        EndedAtUtc = now;
        EncryptedCode = null; // TR-9: the readable copy exists only while Active
        Version++;
        endings.Add(new TokenEnded(status, now));
    }
}

/// <summary>A token left Active: the status it ended in and when (domain event for the webhook outbox, issue 11).</summary>
public sealed record TokenEnded(TokenStatus Status, DateTimeOffset AtUtc);
