using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace DentistPortal.Tests.Infrastructure;

/// <summary>
/// What a production start needs (issue 10): a token HMAC key, a certificate for the Data Protection keys (kept
/// outside the database folder) and real message providers. A test removes one entry to prove the start is refused.
/// </summary>
public static class ProductionSettings
{
    public const string CertificatePassword = "senha-do-certificado";

    /// <summary>The settings, with the certificate and keys folder created under <paramref name="secretsFolder"/>.</summary>
    public static Dictionary<string, string?> For(string secretsFolder)
    {
        Directory.CreateDirectory(secretsFolder);
        var certificate = Path.Combine(secretsFolder, "dataprotection.pfx");
        if (!File.Exists(certificate)) File.WriteAllBytes(certificate, CertificatePfx("CN=DentistPortal Data Protection (test)"));
        return new()
        {
            ["Tokens:HmacKeys:" + TestKeys.HmacKeyId] = TestKeys.HmacKey,
            ["Tokens:CurrentHmacKeyId"] = TestKeys.HmacKeyId,
            ["DataProtection:KeysFolder"] = Path.Combine(secretsFolder, "dp-keys"),
            ["DataProtection:Certificate:Path"] = certificate,
            ["DataProtection:Certificate:Password"] = CertificatePassword,
            ["Messaging:Sms:Provider"] = "HttpGateway",
            ["Messaging:Sms:BaseUrl"] = "http://127.0.0.1:9/",
            ["Messaging:Email:Provider"] = "Smtp",
            ["Messaging:Email:Host"] = "smtp.example.com",
            ["Messaging:Dispatcher:Enabled"] = "false",
        };
    }

    /// <summary>A self-signed RSA certificate with its private key, as PKCS#12 protected by <see cref="CertificatePassword"/>.</summary>
    public static byte[] CertificatePfx(string subject)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2090, 1, 1, 0, 0, 0, TimeSpan.Zero));
        return certificate.Export(X509ContentType.Pfx, CertificatePassword);
    }
}
