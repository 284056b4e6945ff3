using DentistPortal.Infrastructure.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace DentistPortal.Tests.Security;

/// <summary>
/// Issue 12 (the token HMAC key and the Data Protection keys shared by all instances): where the keys are kept follows
/// the database (<c>DataProtection:KeyStore</c>), and two development instances started together on one dev-secrets
/// folder end up with the same generated HMAC key and certificate instead of one of them failing or keeping its own.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // the test host type is POSIX-only
public sealed class SecretsAreSharedBySeveralInstances : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "dentistportal-tests", "shared-secrets-" + Guid.NewGuid().ToString("N"));

    private static IConfiguration Settings(params (string Key, string? Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();

    [Theory]
    [InlineData(null, null, DataProtectionKeyStore.Folder)]
    [InlineData("Sqlite", null, DataProtectionKeyStore.Folder)]
    [InlineData("PostgreSQL", null, DataProtectionKeyStore.Database)]
    [InlineData("PostgreSQL", "Folder", DataProtectionKeyStore.Folder)]
    [InlineData("PostgreSQL", "database", DataProtectionKeyStore.Database)]
    public void TheKeyStoreFollowsTheDatabaseUnlessChosen(string? provider, string? store, DataProtectionKeyStore expected) =>
        Assert.Equal(expected, KeyStorage.StoreFromConfiguration(Settings(("Database:Provider", provider), (KeyStorage.KeyStoreSetting, store))));

    [Fact]
    public void TheDatabaseKeyStoreIsRefusedOnSqlite()
    {
        // A key written inside a token transaction waited for the write gate its own flow held (issue 13's outside tester).
        var error = Assert.Throws<InvalidOperationException>(() => KeyStorage.StoreFromConfiguration(Settings(("Database:Provider", "Sqlite"), (KeyStorage.KeyStoreSetting, "Database"))));
        Assert.Contains("but the database is SQLite", error.Message);
    }

    [Fact]
    public void AnUnknownKeyStoreIsRefusedNamingTheSetting()
    {
        var error = Assert.Throws<InvalidOperationException>(() => KeyStorage.StoreFromConfiguration(Settings((KeyStorage.KeyStoreSetting, "Redis"))));
        Assert.Contains("DataProtection:KeyStore is \"Redis\": use Folder or Database", error.Message);
    }

    [Fact]
    public void OutsideDevelopmentTheDatabaseStoreStillNeedsTheCertificate()
    {
        var host = new TokenHmacKeysComeFromConfiguration.Host(Environments.Production, folder);
        var error = Assert.Throws<InvalidOperationException>(() =>
            KeyStorage.Load(Settings(("Database:Provider", "PostgreSQL"), (KeyStorage.KeyStoreSetting, "Database")), host, new FakeTimeProvider()));
        Assert.Contains("DataProtection:Certificate:Path is not configured", error.Message);
    }

    [Fact]
    public async Task TwoDevelopmentInstancesStartingTogetherShareOneGeneratedHmacKeyAndCertificate()
    {
        var configuration = Settings(("DevSecrets:Folder", Path.Combine(folder, "dev-secrets")), ("Database:Provider", "PostgreSQL"), (KeyStorage.KeyStoreSetting, "Database"));
        var host = new TokenHmacKeysComeFromConfiguration.Host(Environments.Development, folder);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var ready = new CountdownEvent(8);
        var starts = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            ready.Signal();
            await gate.Task;
            return (Ring: TokenHmacKeyRing.Load(configuration, host), Keys: KeyStorage.Load(configuration, host, new FakeTimeProvider()));
        })).ToArray();
        ready.Wait(TimeSpan.FromSeconds(30));
        gate.SetResult();
        var instances = await Task.WhenAll(starts);

        Assert.Single(instances.Select(i => i.Ring.CurrentKeyId).Distinct());
        Assert.All(instances, i => Assert.Equal(instances[0].Ring.Hash(instances[0].Ring.CurrentKeyId, "123456"), i.Ring.Hash(i.Ring.CurrentKeyId, "123456")));
        Assert.Single(instances.Select(i => i.Keys.Certificate.Thumbprint).Distinct());
        Assert.Equal(2, Directory.GetFiles(Path.Combine(folder, "dev-secrets")).Length); // the key file and the certificate, no leftovers
    }

    [Fact]
    public async Task OfSixteenStartsCreatingOneSecretFileTogetherExactlyOneWritesIt()
    {
        // A fresh-clone run: two of eight instances both found no key file, both wrote one and both kept their own key
        // (the "move unless the target exists" of .NET on Linux checks, then renames over).
        PrivateFiles.EnsureFolder(folder);
        var path = Path.Combine(folder, "secret.txt");
        var writers = 0;
        using var start = new Barrier(16);
        var tries = Enumerable.Range(0, 16).Select(i => Task.Factory.StartNew(() =>
        {
            start.SignalAndWait(TimeSpan.FromSeconds(30));
            return PrivateFiles.TryWriteNew(path, s =>
            {
                Interlocked.Increment(ref writers);
                s.Write(System.Text.Encoding.ASCII.GetBytes($"writer {i}"));
            });
        }, TaskCreationOptions.LongRunning)).ToArray();
        var created = await Task.WhenAll(tries);

        Assert.Equal(1, writers);
        var winner = Array.IndexOf(created, true);
        Assert.Single(created, c => c);
        Assert.Equal($"writer {winner}", File.ReadAllText(path));
        Assert.Equal(["secret.txt"], Directory.GetFiles(folder).Select(Path.GetFileName)); // no lock or temporary file left
    }

    public void Dispose()
    {
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
    }
}
