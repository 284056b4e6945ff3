using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography.Xml;
using System.Xml;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace DentistPortal.Infrastructure.Security;

/// <summary>
/// Where the Data Protection keys live and what encrypts them at rest (issue 10, Keys and secrets):
/// <c>DataProtection:KeysFolder</c> (default <c>keys/</c> in the project folder, outside the database folder, so a
/// copy of <c>data/</c> never carries them), folder 0700 and files 0600, every key encrypted with the certificate
/// <c>DataProtection:Certificate:Path</c> (PKCS#12, password <c>DataProtection:Certificate:Password</c>, e.g. the
/// environment variable <c>DataProtection__Certificate__Password</c>). Keys written under an earlier certificate stay
/// readable through <c>DataProtection:PreviousCertificates:N:Path</c>/<c>:Password</c>. Outside Development a missing
/// certificate refuses the start; Development generates a self-signed one in the dev-secrets folder.
/// Issue 12 (several instances): <c>DataProtection:KeyStore</c> = <c>Database</c> keeps the keys in the shared
/// database's <c>DataProtectionKeys</c> table instead (default when <c>Database:Provider</c> is PostgreSQL; <c>Folder</c>
/// on SQLite), still encrypted with the same certificate, so every instance reads the cookies and protected secrets
/// the others write. A stored key that none of the configured certificates opens refuses the start
/// (<see cref="UnreadableKeys"/>).
/// </summary>
public sealed class KeyStorage
{
    public const string KeyStoreSetting = "DataProtection:KeyStore";
    public const string KeysFolderSetting = "DataProtection:KeysFolder";
    public const string CertificatePathSetting = "DataProtection:Certificate:Path";
    public const string CertificatePasswordSetting = "DataProtection:Certificate:Password";
    public const string PreviousCertificatesSection = "DataProtection:PreviousCertificates";
    public const string DevCertificateFileName = "dataprotection-dev.pfx";

    private KeyStorage(DataProtectionKeyStore store, string keysFolder, X509Certificate2 certificate, IReadOnlyList<X509Certificate2> decryption)
    {
        Store = store;
        KeysFolder = keysFolder;
        Certificate = certificate;
        DecryptionCertificates = decryption;
    }

    /// <summary>Where the (encrypted) keys are kept: the keys folder or the database shared by every instance.</summary>
    public DataProtectionKeyStore Store { get; }

    /// <summary>The keys folder (used when <see cref="Store"/> is <see cref="DataProtectionKeyStore.Folder"/>).</summary>
    public string KeysFolder { get; }

    /// <summary>Encrypts every new key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The current certificate and the previous ones: any of them may open a stored key.</summary>
    public IReadOnlyList<X509Certificate2> DecryptionCertificates { get; }

    /// <summary>Reads the settings; throws, naming the setting, when the keys could not be protected as required.</summary>
    public static KeyStorage Load(IConfiguration configuration, IHostEnvironment environment, TimeProvider time, ILogger? logger = null)
    {
        var root = environment.ContentRootPath;
        var store = StoreFromConfiguration(configuration);
        var folder = Path.GetFullPath(Path.Combine(root, configuration[KeysFolderSetting] ?? "keys"));
        if (store == DataProtectionKeyStore.Folder && DatabaseFolder(configuration, root) is { } databaseFolder && IsInside(folder, databaseFolder))
        {
            var message = $"{KeysFolderSetting} (\"{folder}\") is inside the database folder (\"{databaseFolder}\"): a backup of the database would carry the keys.";
            if (!environment.IsDevelopment()) throw new InvalidOperationException(message + " Choose a folder outside it. See docs/operations.md.");
            logger?.LogWarning("{Problem}", message);
        }

        X509Certificate2 certificate;
        if (configuration[CertificatePathSetting] is { Length: > 0 } path)
        {
            certificate = LoadCertificate(Path.Combine(root, path), configuration[CertificatePasswordSetting], CertificatePathSetting);
        }
        else if (environment.IsDevelopment())
        {
            certificate = DevelopmentCertificate(DevSecrets.Folder(configuration, environment), time, logger);
        }
        else
        {
            throw new InvalidOperationException(
                $"{CertificatePathSetting} is not configured: outside Development the Data Protection keys must be encrypted at rest. " +
                $"Set {CertificatePathSetting} to a PKCS#12 (.pfx) certificate with its private key and {CertificatePasswordSetting} " +
                "(environment variable DataProtection__Certificate__Password). See docs/operations.md.");
        }

        var decryption = new List<X509Certificate2> { certificate };
        foreach (var previous in configuration.GetSection(PreviousCertificatesSection).GetChildren())
        {
            if (previous["Path"] is { Length: > 0 } previousPath)
                decryption.Add(LoadCertificate(Path.Combine(root, previousPath), previous["Password"], $"{PreviousCertificatesSection}:{previous.Key}:Path"));
        }

        if (store == DataProtectionKeyStore.Folder) PrivateFiles.EnsureFolder(folder);
        return new KeyStorage(store, folder, certificate, decryption);
    }

    /// <summary>
    /// <c>DataProtection:KeyStore</c> (case-insensitive): <c>Folder</c> or <c>Database</c>; by default the database when
    /// the portal runs on PostgreSQL (several instances share it), the folder on SQLite (one instance). Throws naming the setting.
    /// </summary>
    public static DataProtectionKeyStore StoreFromConfiguration(IConfiguration configuration) => configuration[KeyStoreSetting]?.Trim() switch
    {
        null or "" => Data.DatabaseProviders.FromConfiguration(configuration) == Data.DatabaseProvider.PostgreSQL
            ? DataProtectionKeyStore.Database
            : DataProtectionKeyStore.Folder,
        var v when v.Equals(nameof(DataProtectionKeyStore.Folder), StringComparison.OrdinalIgnoreCase) => DataProtectionKeyStore.Folder,
        // Issue 13 (outside tester): on SQLite a key written while a write transaction holds the process's write gate (the
        // first key of a fresh ring, or a rotation, inside a token transaction) waited for itself; and the database file's
        // backup would carry the keys. One instance on SQLite keeps them in the folder.
        var v when v.Equals(nameof(DataProtectionKeyStore.Database), StringComparison.OrdinalIgnoreCase)
            && Data.DatabaseProviders.FromConfiguration(configuration) != Data.DatabaseProvider.PostgreSQL =>
            throw new InvalidOperationException($"{KeyStoreSetting} is \"{v}\" but the database is SQLite: keep the keys in a folder (Folder, the default on SQLite); Database is for PostgreSQL. See docs/operations.md."),
        var v when v.Equals(nameof(DataProtectionKeyStore.Database), StringComparison.OrdinalIgnoreCase) => DataProtectionKeyStore.Database,
        var v => throw new InvalidOperationException($"{KeyStoreSetting} is \"{v}\": use Folder or Database. See docs/operations.md."),
    };

    /// <summary>
    /// Why keys still in use cannot be opened here, one sentence per key (empty: every key is readable). A key that has
    /// not expired and whose encrypted master key names only certificates this instance does not have means another
    /// instance (or an earlier run) was configured with another certificate: this one would not read their cookies and
    /// protected secrets, and would write keys the others cannot read (issue 12: the same certificate on every instance).
    /// Reads only the plaintext parts of the XML (dates, the certificate that encrypted the key), never decrypts.
    /// </summary>
    public IReadOnlyList<string> UnreadableKeys(IEnumerable<XElement> stored, DateTimeOffset now)
    {
        var ours = DecryptionCertificates.Select(c => c.Thumbprint).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var problems = new List<string>();
        foreach (var key in stored.Where(e => e.Name.LocalName == "key"))
        {
            if (DateTimeOffset.TryParse((string?)key.Element("expirationDate"), System.Globalization.CultureInfo.InvariantCulture,
                    System.Globalization.DateTimeStyles.AssumeUniversal, out var expires) && expires <= now)
                continue; // an expired key only reads old cookies: losing it signs people in again, nothing more
            var named = key.Descendants().Where(e => e.Name.LocalName == "X509Certificate").Select(e => Thumbprint(e.Value)).OfType<string>().ToList();
            if (named.Count == 0 || named.Any(ours.Contains)) continue;
            problems.Add($"{CertificatePathSetting}: the Data Protection key {(string?)key.Attribute("id")} in the {Describe()} was encrypted with the certificate " +
                         $"{string.Join(", ", named)}, which is neither {CertificatePathSetting} ({Certificate.Thumbprint}) nor one of {PreviousCertificatesSection}. " +
                         "This instance could not read the sign-in cookies and protected secrets the other instances write: give every instance the same " +
                         $"certificate (or list the old one under {PreviousCertificatesSection}). See docs/operations.md.");
        }
        return problems;
    }

    private string Describe() => Store == DataProtectionKeyStore.Database ? "database (table DataProtectionKeys)" : $"folder \"{KeysFolder}\"";

    private static string? Thumbprint(string base64)
    {
        try
        {
            using var certificate = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(base64.Trim()));
            return certificate.Thumbprint;
        }
        catch (Exception ex) when (ex is FormatException or CryptographicException)
        {
            return null;
        }
    }

    private static X509Certificate2 LoadCertificate(string path, string? password, string setting)
    {
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password, X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new InvalidOperationException($"{setting}: the certificate \"{path}\" cannot be opened ({ex.GetType().Name}; check the file and {CertificatePasswordSetting}).", ex);
        }
        if (!certificate.HasPrivateKey || certificate.GetRSAPublicKey() is null)
            throw new InvalidOperationException($"{setting}: \"{path}\" must be an RSA certificate with its private key.");
        return certificate;
    }

    /// <summary>Development only: a self-signed RSA certificate created once in the dev-secrets folder (0600).</summary>
    private static X509Certificate2 DevelopmentCertificate(string folder, TimeProvider time, ILogger? logger)
    {
        var path = Path.Combine(folder, DevCertificateFileName);
        if (!File.Exists(path))
        {
            PrivateFiles.EnsureFolder(folder);
            using var rsa = RSA.Create(3072);
            var request = new CertificateRequest("CN=DentistPortal Data Protection (development)", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.DataEncipherment, critical: true));
            var now = time.GetUtcNow();
            using var created = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(20));
            var pfx = created.Export(X509ContentType.Pfx);
            // Another development instance sharing the dev-secrets folder may have created it first: then both use that one.
            if (PrivateFiles.TryWriteNew(path, s => s.Write(pfx)))
                logger?.LogWarning("Development: created a self-signed Data Protection certificate in {Path}.", path);
        }
        return LoadCertificate(path, null, $"the development certificate {path}");
    }

    private static string? DatabaseFolder(IConfiguration configuration, string root)
    {
        var connection = configuration.GetConnectionString("DefaultConnection");
        if (string.IsNullOrEmpty(connection) || Data.DatabaseProviders.FromConfiguration(configuration) != Data.DatabaseProvider.Sqlite) return null;
        try
        {
            var source = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connection).DataSource;
            return string.IsNullOrEmpty(source) || source == ":memory:" ? null : Path.GetDirectoryName(Path.GetFullPath(Path.Combine(root, source)));
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static bool IsInside(string folder, string parent)
    {
        var f = Path.TrimEndingDirectorySeparator(folder) + Path.DirectorySeparatorChar;
        var p = Path.TrimEndingDirectorySeparator(parent) + Path.DirectorySeparatorChar;
        return f.StartsWith(p, OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
    }
}

public static class KeyStorageRegistration
{
    /// <summary>
    /// Data Protection for the portal (application name "DentistPortal"), its keys stored and encrypted as
    /// <see cref="KeyStorage"/> says. Settings are read when the first key is needed (or by
    /// <see cref="PortalStartup.EnforceEnvironmentRules"/> at start), from the final configuration.
    /// </summary>
    public static IServiceCollection AddPortalKeyStorage(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName("DentistPortal");
        services.TryAddSingleton(sp => KeyStorage.Load(sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<IHostEnvironment>(),
            sp.GetService<TimeProvider>() ?? TimeProvider.System, sp.GetService<ILoggerFactory>()?.CreateLogger<KeyStorage>()));
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(o =>
        {
            var storage = sp.GetRequiredService<KeyStorage>();
            var loggers = sp.GetRequiredService<ILoggerFactory>();
            // Issue 12: in the database every instance shares (table DataProtectionKeys), or in the private keys folder.
            o.XmlRepository = storage.Store == DataProtectionKeyStore.Database
                ? new EntityFrameworkCoreXmlRepository<Data.AppDbContext>(sp, loggers)
                : new PrivateFileXmlRepository(storage.KeysFolder);
            o.XmlEncryptor = new CertificateKeyEncryptor(new CertificateXmlEncryptor(storage.Certificate, loggers));
        }));
        return services;
    }
}

/// <summary>Where the Data Protection keys are kept (<c>DataProtection:KeyStore</c>, issue 12); encrypted with the certificate in both.</summary>
public enum DataProtectionKeyStore
{
    /// <summary>XML files in <c>DataProtection:KeysFolder</c> (0700/0600): one instance, or a folder every instance mounts.</summary>
    Folder,

    /// <summary>The <c>DataProtectionKeys</c> table of the portal's database: every instance on that database shares the keys.</summary>
    Database,
}

/// <summary>Data Protection keys as XML files created 0600 in a 0700 folder (the stock repository leaves the umask's mode).</summary>
public sealed class PrivateFileXmlRepository(string folder) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        PrivateFiles.EnsureFolder(folder);
        return [.. Directory.EnumerateFiles(folder, "*.xml").Select(f => XElement.Load(f))];
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        PrivateFiles.EnsureFolder(folder);
        var name = friendlyName.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') && friendlyName.Length is > 0 and < 100 ? friendlyName : Guid.NewGuid().ToString("D");
        PrivateFiles.WriteNew(Path.Combine(folder, name + ".xml"), s => element.Save(s));
    }
}

/// <summary>
/// Encrypts a key with the certificate (XML encryption, as ProtectKeysWithCertificate) and names
/// <see cref="CertificateKeyDecryptor"/> to open it, which reads the certificates from the configured files instead of
/// the operating system's certificate store.
/// </summary>
public sealed class CertificateKeyEncryptor(CertificateXmlEncryptor inner) : IXmlEncryptor
{
    public EncryptedXmlInfo Encrypt(XElement plaintextElement) =>
        new(inner.Encrypt(plaintextElement).EncryptedElement, typeof(CertificateKeyDecryptor));
}

/// <summary>Opens a key encrypted by <see cref="CertificateKeyEncryptor"/> with the current or a previous certificate.</summary>
public sealed class CertificateKeyDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        var certificates = services.GetRequiredService<KeyStorage>().DecryptionCertificates;
        var document = new XmlDocument();
        document.Load(new XElement("root", encryptedElement).CreateReader());
        new WithCertificates(document, certificates).DecryptDocument();
        return XElement.Load(document.DocumentElement!.FirstChild!.CreateNavigator()!.ReadSubtree());
    }

    private sealed class WithCertificates(XmlDocument document, IReadOnlyList<X509Certificate2> certificates) : EncryptedXml(document)
    {
        public override byte[]? DecryptEncryptedKey(EncryptedKey encryptedKey)
        {
            foreach (var clause in encryptedKey.KeyInfo)
            {
                if (clause is not KeyInfoX509Data data || data.Certificates is null) continue;
                foreach (X509Certificate2 named in data.Certificates)
                {
                    var match = certificates.FirstOrDefault(c => c.Thumbprint == named.Thumbprint);
                    using var rsa = match?.GetRSAPrivateKey();
                    if (rsa is not null && encryptedKey.CipherData.CipherValue is { } cipher)
                        return DecryptKey(cipher, rsa, encryptedKey.EncryptionMethod?.KeyAlgorithm == XmlEncRSAOAEPUrl);
                }
            }
            return null; // never the operating system's store
        }
    }
}
