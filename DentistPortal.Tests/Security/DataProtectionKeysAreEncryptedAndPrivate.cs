using DentistPortal.Infrastructure.Security;
using DentistPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DentistPortal.Tests.Security;

/// <summary>
/// Issue 10 (Keys and secrets): Data Protection keys live outside the database folder, encrypted with a certificate,
/// in a 0700 folder as 0600 files; a restart (new process, same files) reads them; a new certificate reads old keys
/// only when the previous one is listed.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // file modes are POSIX
public sealed class DataProtectionKeysAreEncryptedAndPrivate : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "dentistportal-tests", "dp-" + Guid.NewGuid().ToString("N"));

    public DataProtectionKeysAreEncryptedAndPrivate() => Directory.CreateDirectory(folder);

    [Fact]
    public void KeysAreWrittenEncryptedAsOwnerOnlyFilesAndReadAfterARestart()
    {
        var settings = WithCertificate("current.pfx");
        string protectedText;
        using (var first = Services(settings, Environments.Production))
            protectedText = first.GetRequiredService<IDataProtectionProvider>().CreateProtector("t").Protect("segredo");

        var keys = Path.Combine(folder, "keys");
        Assert.Equal(PrivateFiles.FolderUnixMode, File.GetUnixFileMode(keys));
        var files = Directory.GetFiles(keys);
        Assert.NotEmpty(files);
        Assert.All(files, f =>
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(f));
            var xml = File.ReadAllText(f);
            Assert.Contains("EncryptedData", xml);
            Assert.DoesNotContain("<value>", xml); // the master key never in clear
        });

        using var restarted = Services(settings, Environments.Production);
        Assert.Equal("segredo", restarted.GetRequiredService<IDataProtectionProvider>().CreateProtector("t").Unprotect(protectedText));
    }

    [Fact]
    public void ANewCertificateReadsOldKeysOnlyWithThePreviousCertificateListed()
    {
        var old = WithCertificate("old.pfx");
        string protectedText;
        using (var first = Services(old, Environments.Production))
            protectedText = first.GetRequiredService<IDataProtectionProvider>().CreateProtector("t").Protect("segredo");

        var rotated = WithCertificate("new.pfx");
        using (var withoutPrevious = Services(rotated, Environments.Production))
            Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() =>
                withoutPrevious.GetRequiredService<IDataProtectionProvider>().CreateProtector("t").Unprotect(protectedText));

        rotated["DataProtection:PreviousCertificates:0:Path"] = old["DataProtection:Certificate:Path"];
        rotated["DataProtection:PreviousCertificates:0:Password"] = ProductionSettings.CertificatePassword;
        using var withPrevious = Services(rotated, Environments.Production);
        Assert.Equal("segredo", withPrevious.GetRequiredService<IDataProtectionProvider>().CreateProtector("t").Unprotect(protectedText));
    }

    [Fact]
    public void OutsideDevelopmentTheKeysMustBeProtectedByACertificate()
    {
        using var services = Services(new() { ["DataProtection:KeysFolder"] = Path.Combine(folder, "keys") }, Environments.Production);
        var error = Assert.Throws<InvalidOperationException>(() => services.GetRequiredService<KeyStorage>());
        Assert.Contains("DataProtection:Certificate:Path is not configured", error.Message);
        Assert.False(Directory.Exists(Path.Combine(folder, "keys")));
    }

    [Fact]
    public void DevelopmentGeneratesItsOwnCertificateInThePrivateSecretsFolder()
    {
        using var services = Services(new() { ["DataProtection:KeysFolder"] = Path.Combine(folder, "keys") }, Environments.Development);
        services.GetRequiredService<IDataProtectionProvider>().CreateProtector("t").Protect("x");
        var certificate = Path.Combine(folder, "dev-secrets", KeyStorage.DevCertificateFileName);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(certificate));
        Assert.Equal(PrivateFiles.FolderUnixMode, File.GetUnixFileMode(Path.Combine(folder, "dev-secrets")));
        Assert.All(Directory.GetFiles(Path.Combine(folder, "keys")), f => Assert.Contains("EncryptedData", File.ReadAllText(f)));
    }

    [Fact]
    public void TheDefaultKeysFolderIsOutsideTheDatabaseFolder()
    {
        var settings = WithCertificate("current.pfx");
        settings.Remove("DataProtection:KeysFolder");
        settings["ConnectionStrings:DefaultConnection"] = "Data Source=data/dentistportal.db";
        using var services = Services(settings, Environments.Production);
        Assert.Equal(Path.Combine(folder, "keys"), services.GetRequiredService<KeyStorage>().KeysFolder);
    }

    private Dictionary<string, string?> WithCertificate(string name)
    {
        var path = Path.Combine(folder, name);
        if (!File.Exists(path)) File.WriteAllBytes(path, ProductionSettings.CertificatePfx("CN=" + name));
        return new()
        {
            ["DataProtection:KeysFolder"] = Path.Combine(folder, "keys"),
            ["DataProtection:Certificate:Path"] = path,
            ["DataProtection:Certificate:Password"] = ProductionSettings.CertificatePassword,
        };
    }

    private ServiceProvider Services(Dictionary<string, string?> settings, string environment)
    {
        settings["DevSecrets:Folder"] = Path.Combine(folder, "dev-secrets");
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddSingleton<IHostEnvironment>(new TokenHmacKeysComeFromConfiguration.Host(environment, folder));
        services.AddPortalKeyStorage();
        return services.BuildServiceProvider();
    }

    public void Dispose()
    {
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
    }
}
