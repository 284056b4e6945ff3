using System.Security.Cryptography;
using System.Text;

namespace DentistPortal.Infrastructure.Security;

/// <summary>
/// The shape of an API key (issue 11): <c>dpk_&lt;key id&gt;_&lt;secret&gt;</c>, key id 16 lowercase hex characters
/// (public, shown in lists), secret 256 random bits in base64url (43 characters). Only SHA-256 of the secret is stored;
/// a high-entropy secret needs no slow hash, and the comparison is constant-time.
/// </summary>
public static class ApiKeys
{
    public const string Prefix = "dpk_";
    public const int KeyIdLength = 16;
    public const int SecretLength = 43;

    /// <summary>A fresh key: its public id, the full key (shown once) and the hash to store.</summary>
    public static (string KeyId, string FullKey, byte[] SecretHash) Generate()
    {
        var keyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(KeyIdLength / 2));
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        return (keyId, $"{Prefix}{keyId}_{secret}", Hash(secret));
    }

    /// <summary>Splits a presented key; null when it does not have the shape of a key (nothing is looked up then).</summary>
    public static (string KeyId, string Secret)? Parse(string? presented)
    {
        if (presented is null) return null;
        var key = presented.Trim();
        if (key.Length != Prefix.Length + KeyIdLength + 1 + SecretLength || !key.StartsWith(Prefix, StringComparison.Ordinal)) return null;
        var keyId = key.Substring(Prefix.Length, KeyIdLength);
        if (key[Prefix.Length + KeyIdLength] != '_') return null;
        var secret = key[(Prefix.Length + KeyIdLength + 1)..];
        if (!keyId.All(char.IsAsciiHexDigitLower) || !secret.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')) return null;
        return (keyId, secret);
    }

    public static byte[] Hash(string secret) => SHA256.HashData(Encoding.ASCII.GetBytes(secret));

    /// <summary>Constant-time comparison of the presented secret's hash with the stored one.</summary>
    public static bool Matches(string secret, byte[] storedHash) => CryptographicOperations.FixedTimeEquals(Hash(secret), storedHash);

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
