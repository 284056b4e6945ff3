using DentistPortal.Infrastructure.Security;
using DentistPortal.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace DentistPortal.Tests.Security;

/// <summary>Issue 10 (Keys and secrets): where the token HMAC keys come from, and that none is ever made up silently.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // file modes are POSIX
public sealed class TokenHmacKeysComeFromConfiguration : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "dentistportal-tests", "ring-" + Guid.NewGuid().ToString("N"));

    public TokenHmacKeysComeFromConfiguration() => Directory.CreateDirectory(folder);

    [Fact]
    public void OutsideDevelopmentNoConfiguredKeyIsARefusalNamingTheSetting()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Load([], Environments.Production));
        Assert.Contains("Tokens:HmacKeys", error.Message);
        Assert.Contains("Tokens:HmacKeyFile", error.Message);
        Assert.Empty(Directory.GetFileSystemEntries(folder)); // nothing created
    }

    [Fact]
    public void KeysFromASecretFileAndFromSettingsMakeOneRingWithTheNamedCurrentKey()
    {
        var file = Path.Combine(folder, "hmac-keys");
        File.WriteAllText(file, $"# rotated 2026-11\n{TestKeys.HmacKeyId}={TestKeys.HmacKey}\n");
        var ring = Load(new()
        {
            ["Tokens:HmacKeyFile"] = file,
            ["Tokens:HmacKeys:" + TestKeys.SecondHmacKeyId] = TestKeys.SecondHmacKey,
            ["Tokens:CurrentHmacKeyId"] = TestKeys.SecondHmacKeyId,
        }, Environments.Production);

        Assert.Equal(TestKeys.SecondHmacKeyId, ring.CurrentKeyId);
        Assert.Equal([TestKeys.HmacKeyId, TestKeys.SecondHmacKeyId], ring.KeyIds.Order());
        Assert.NotEqual(ring.Hash(TestKeys.HmacKeyId, "123456"), ring.Hash(TestKeys.SecondHmacKeyId, "123456"));
        Assert.Null(ring.Hash("gone", "123456"));
    }

    [Fact]
    public void TheSingleKeyOfEarlierVersionsIsTheLegacyKey()
    {
        var ring = Load(new() { ["Tokens:HmacKey"] = TestKeys.HmacKey }, Environments.Production);
        Assert.Equal("legacy", ring.CurrentKeyId);
    }

    [Theory]
    [InlineData("c2hvcnQ=", "at least 32 bytes")]
    [InlineData("not base64!", "not valid base64")]
    public void ABadKeyIsRefused(string key, string expected)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Load(new() { ["Tokens:HmacKeys:k1"] = key }, Environments.Production));
        Assert.Contains("Tokens:HmacKeys:k1", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void SeveralKeysNeedTheCurrentOneNamed()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Load(new()
        {
            ["Tokens:HmacKeys:a"] = TestKeys.HmacKey,
            ["Tokens:HmacKeys:b"] = TestKeys.SecondHmacKey,
        }, Environments.Production));
        Assert.Contains("Tokens:CurrentHmacKeyId", error.Message);
    }

    [Fact]
    public void AConfiguredKeyFileThatIsMissingIsARefusalNeverANewKey()
    {
        var file = Path.Combine(folder, "hmac-keys");
        foreach (var environment in new[] { Environments.Production, Environments.Development })
        {
            var error = Assert.Throws<InvalidOperationException>(() => Load(new() { ["Tokens:HmacKeyFile"] = file }, environment));
            Assert.Contains("never creates a new key", error.Message);
            Assert.False(File.Exists(file));
        }
    }

    [Fact]
    public void DevelopmentKeepsAGeneratedKeyInItsPrivateSecretsFolderAndALostFileGetsANewId()
    {
        var first = Load([], Environments.Development);
        var secrets = Path.Combine(folder, "dev-secrets");
        var file = Path.Combine(secrets, TokenHmacKeyRing.DevKeyFileName);
        Assert.Equal(PrivateFiles.FolderUnixMode, File.GetUnixFileMode(secrets));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));

        var again = Load([], Environments.Development);
        Assert.Equal(first.CurrentKeyId, again.CurrentKeyId);
        Assert.Equal(first.Hash(first.CurrentKeyId, "123456"), again.Hash(again.CurrentKeyId, "123456"));

        // A lost file: a new key under a new id, so tokens of the old one answer "re-issue", never "wrong code".
        File.Delete(file);
        var after = Load([], Environments.Development);
        Assert.NotEqual(first.CurrentKeyId, after.CurrentKeyId);
        Assert.False(after.Contains(first.CurrentKeyId));
    }

    private TokenHmacKeyRing Load(Dictionary<string, string?> settings, string environment)
    {
        settings["DevSecrets:Folder"] = Path.Combine(folder, "dev-secrets");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return TokenHmacKeyRing.Load(configuration, new Host(environment, folder));
    }

    public void Dispose()
    {
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
    }

    internal sealed class Host(string environment, string root) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = environment;
        public string ApplicationName { get; set; } = "DentistPortal";
        public string ContentRootPath { get; set; } = root;
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
