using System.Net;
using DentistPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace DentistPortal.Tests.Web;

/// <summary>
/// Issue 10 (Keys and secrets, Environments): the real Program started as "Production" refuses to start, with a
/// message naming the setting, without a token HMAC key, without a certificate for the Data Protection keys, or with
/// the development inbox as SMS or e-mail provider; with all of them it starts and /dev/mensagens does not exist.
/// </summary>
public sealed class ProductionStartIsRefusedWhenUnsafe : IDisposable
{
    private readonly string secrets = Path.Combine(Path.GetTempPath(), "dentistportal-tests", "prod-" + Guid.NewGuid().ToString("N"));
    private readonly List<PortalFactory> factories = [];

    [Fact]
    public void WithoutATokenHmacKey() =>
        AssertRefused(s => s["Tokens:HmacKeys:" + TestKeys.HmacKeyId] = null, "No token HMAC key is configured", "Tokens:HmacKeys");

    [Fact]
    public void WhenTheConfiguredHmacKeyFileIsMissing() =>
        AssertRefused(s =>
        {
            s["Tokens:HmacKeys:" + TestKeys.HmacKeyId] = null;
            s["Tokens:HmacKeyFile"] = Path.Combine(secrets, "missing-hmac-keys");
        }, "Tokens:HmacKeyFile", "never creates a new key");

    [Fact]
    public void WithoutACertificateForTheDataProtectionKeys() =>
        AssertRefused(s => s["DataProtection:Certificate:Path"] = null, "DataProtection:Certificate:Path is not configured");

    [Fact]
    [Trait("Provider", "Sqlite")] // about the SQLite file's folder: PostgreSQL has none (issue 12)
    public void WithTheDataProtectionKeysInsideTheDatabaseFolder() =>
        AssertRefused(s => s["DataProtection:KeysFolder"] = "INSIDE-DB", "is inside the database folder");

    [Fact]
    public void WithTheDevelopmentInboxAsSmsProvider() =>
        AssertRefused(s => s["Messaging:Sms:Provider"] = "DevInbox", "Messaging:Sms:Provider is \"DevInbox\"");

    [Fact]
    public void WithTheDevelopmentInboxAsEmailProvider() =>
        AssertRefused(s => s["Messaging:Email:Provider"] = "DevInbox", "Messaging:Email:Provider is \"DevInbox\"");

    [Fact]
    public void WithNoMessageProviderAtAllSinceTheDevelopmentInboxIsNoLongerTheDefault() =>
        AssertRefused(s =>
        {
            s["Messaging:Sms:Provider"] = "";
            s["Messaging:Email:Provider"] = "";
        }, "Messaging:Sms:Provider must be \"HttpGateway\"", "Messaging:Email:Provider must be \"Smtp\"");

    [Fact]
    public async Task WithEverythingConfiguredItStartsAndTheDevelopmentInboxDoesNotExist()
    {
        using var portal = Production(_ => { });
        using var client = portal.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/dev/mensagens")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Account/Login")).StatusCode);
        // The key ring is in the key folder on SQLite and in the shared database on PostgreSQL (issue 12): encrypted in both.
        var keys = TestProvider.IsPostgreSql
            ? StoredKeysInTheDatabase(portal)
            : Directory.GetFiles(Path.Combine(secrets, "dp-keys"), "*.xml").Select(File.ReadAllText).ToList();
        Assert.NotEmpty(keys);
        Assert.All(keys, xml => Assert.Contains("EncryptedData", xml));
    }

    private static List<string> StoredKeysInTheDatabase(WebApplicationFactory<Program> portal)
    {
        using var scope = portal.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<DentistPortal.Infrastructure.Data.AppDbContext>();
        return db.DataProtectionKeys.Select(k => k.Xml ?? "").ToList();
    }

    private void AssertRefused(Action<Dictionary<string, string?>> change, params string[] expected)
    {
        using var portal = Production(change);
        var refusal = Assert.ThrowsAny<Exception>(() => portal.CreateClient());
        var message = refusal.ToString();
        Assert.Contains("refuses to start", message);
        foreach (var e in expected) Assert.Contains(e, message);
    }

    private WebApplicationFactory<Program> Production(Action<Dictionary<string, string?>> change)
    {
        var factory = new PortalFactory();
        factories.Add(factory);
        var settings = ProductionSettings.For(secrets);
        change(settings);
        if (settings.GetValueOrDefault("DataProtection:KeysFolder") == "INSIDE-DB")
            settings["DataProtection:KeysFolder"] = Path.Combine(Path.GetDirectoryName(factory.DatabasePath)!, "keys");
        return factory.WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            b.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(settings));
        });
    }

    public void Dispose()
    {
        foreach (var f in factories) f.Dispose();
        try { Directory.Delete(secrets, recursive: true); } catch (IOException) { }
    }
}
