using System.Security.Cryptography;
using System.Text;
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

/// <summary>TR-9: keyed hash to verify, Data Protection to show while Active. Neither ever reaches a log.</summary>
public interface ITokenCodeProtector
{
    byte[] Hash(string code);
    string Encrypt(string code);
    string Decrypt(string encrypted);
}

public sealed class TokenCodeProtector : ITokenCodeProtector
{
    private const string Purpose = "DentistPortal.AttendanceToken.v1";
    private readonly byte[] key;
    private readonly IDataProtector protector;

    public TokenCodeProtector(IDataProtectionProvider provider, TokenHmacKey hmacKey)
    {
        protector = provider.CreateProtector(Purpose);
        key = hmacKey.Key;
    }

    public byte[] Hash(string code) => HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(code));

    public string Encrypt(string code) => protector.Protect(code);

    public string Decrypt(string encrypted) => protector.Unprotect(encrypted);
}

/// <summary>
/// The HMAC key: "Tokens:HmacKey" (base64, ≥ 32 bytes) when configured, otherwise a random key created once
/// and kept beside the Data Protection keys, itself encrypted by Data Protection. Never in the database.
/// </summary>
public sealed class TokenHmacKey
{
    public byte[] Key { get; }

    public TokenHmacKey(IConfiguration configuration, IDataProtectionProvider provider, IHostEnvironment? environment)
    {
        if (configuration["Tokens:HmacKey"] is { Length: > 0 } configured)
        {
            Key = Convert.FromBase64String(configured);
            if (Key.Length < 32) throw new InvalidOperationException("Tokens:HmacKey must be at least 32 bytes (base64).");
            return;
        }
        var root = environment?.ContentRootPath ?? AppContext.BaseDirectory;
        var folder = Path.Combine(root, configuration["DataProtection:KeysFolder"] ?? "data/keys");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, "token-hmac.key");
        var protector = provider.CreateProtector("DentistPortal.TokenHmacKey.v1");
        if (File.Exists(file))
        {
            Key = Convert.FromBase64String(protector.Unprotect(File.ReadAllText(file)));
            return;
        }
        Key = RandomNumberGenerator.GetBytes(32);
        var tmp = file + ".tmp";
        File.WriteAllText(tmp, protector.Protect(Convert.ToBase64String(Key)));
        File.Move(tmp, file, overwrite: false);
    }
}
