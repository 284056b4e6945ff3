using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace DentistPortal.Infrastructure.Security;

/// <summary>Source of token codes: injected so tests can force a known code (STYLE.md).</summary>
public interface ITokenCodeGenerator
{
    /// <summary>A 6-digit code, leading zeros kept (TR-1).</summary>
    string Next();
}

/// <summary>TR-1: uniform over 000000–999999 from the operating system's CSPRNG.</summary>
public sealed class RandomTokenCodeGenerator : ITokenCodeGenerator
{
    public string Next() => RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>
/// TR-9: keyed hash to verify, Data Protection to show while Active. Neither ever reaches a log. Hashes name their key
/// (issue 10, Keys and secrets): <see cref="Hash"/> uses the current key, <see cref="HashWith"/> the key a stored hash names.
/// </summary>
public interface ITokenCodeProtector
{
    /// <summary>The id of the key <see cref="Hash"/> uses; stored beside every new hash.</summary>
    string CurrentKeyId { get; }
    /// <summary>The code's hash under the current key.</summary>
    byte[] Hash(string code);
    /// <summary>The code's hash under the key <paramref name="keyId"/>, or null when that key is no longer configured.</summary>
    byte[]? HashWith(string keyId, string code);
    /// <summary>False when a token hashed with <paramref name="keyId"/> can no longer be checked (its key is not configured): it must be re-issued.</summary>
    bool CanVerify(string keyId);
    string Encrypt(string code);
    string Decrypt(string encrypted);
}

public sealed class TokenCodeProtector(IDataProtectionProvider provider, TokenHmacKeyRing ring) : ITokenCodeProtector
{
    private const string Purpose = "DentistPortal.AttendanceToken.v1";
    private readonly IDataProtector protector = provider.CreateProtector(Purpose);

    public string CurrentKeyId => ring.CurrentKeyId;

    public byte[] Hash(string code) => ring.Hash(ring.CurrentKeyId, code)!;

    public byte[]? HashWith(string keyId, string code) => ring.Hash(keyId, code);

    public bool CanVerify(string keyId) => ring.Contains(keyId);

    public string Encrypt(string code) => protector.Protect(code);

    public string Decrypt(string encrypted) => protector.Unprotect(encrypted);
}
