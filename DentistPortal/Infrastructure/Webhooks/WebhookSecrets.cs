using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace DentistPortal.Infrastructure.Webhooks;

/// <summary>
/// The signing secrets of clinic webhooks (issue 11, webhooks): generated here (32 random bytes, base64url, prefixed
/// "whsec_"), shown once to the admin, and stored only as Data Protection ciphertext, because the worker must read them
/// to sign each delivery (a hash would not do). Never logged.
/// </summary>
public sealed class WebhookSecrets(IDataProtectionProvider provider)
{
    public const string Prefix = "whsec_";
    private const string Purpose = "DentistPortal.Webhooks.SigningSecret.v1";
    private readonly IDataProtector protector = provider.CreateProtector(Purpose);

    /// <summary>A new secret, in clear (to show once) and protected (to store).</summary>
    public (string Secret, string Protected) New()
    {
        var secret = Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        return (secret, protector.Protect(secret));
    }

    public string Unprotect(string protectedSecret) => protector.Unprotect(protectedSecret);

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
