using System.Net;
using DentistPortal.Infrastructure.Security;
using DentistPortal.Infrastructure.Webhooks;
using DentistPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DentistPortal.Tests.ScaleOut;

/// <summary>
/// Issue 12 (Data Protection keys shared by all instances, encrypted at rest): on PostgreSQL the keys live in the
/// database's DataProtectionKeys table, encrypted with the certificate; a second instance on the same database and
/// certificate reads what the first protected (sign-in cookie, webhook secret); an instance given another certificate
/// is refused at start with a message naming the setting.
/// </summary>
public sealed class DataProtectionKeysAreSharedThroughTheDatabase : ScaleOutTest
{
    [Fact]
    public async Task TheKeysAreStoredInTheDatabaseWithNoPlaintextKeyMaterial()
    {
        var a = Start();
        a.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("t").Protect("segredo");

        await using var ctx = await db.ContextAsync();
        var stored = await ctx.DataProtectionKeys.AsNoTracking().ToListAsync();
        Assert.NotEmpty(stored);
        Assert.Equal(DataProtectionKeyStore.Database, a.Services.GetRequiredService<KeyStorage>().Store);
        Assert.False(Directory.Exists(a.Services.GetRequiredService<KeyStorage>().KeysFolder)); // nothing written beside the instance
        // The master keys as the instance holds them in memory, decrypted: none of them appears in what the table keeps.
        var masterKeys = a.Services.GetRequiredService<IKeyManager>().GetAllKeys()
            .Select(k => k.Descriptor.ExportToXml().SerializedDescriptorElement.Descendants("value").Single().Value)
            .ToList();
        Assert.NotEmpty(masterKeys);
        Assert.All(stored, row =>
        {
            Assert.Contains("EncryptedData", row.Xml);
            Assert.DoesNotContain("<value>", row.Xml);
            Assert.All(masterKeys, secret => Assert.DoesNotContain(secret, row.Xml!));
        });
    }

    [Fact]
    public async Task ASignInOnOneInstanceIsAcceptedByTheOther()
    {
        var a = Start();
        var b = Start();
        var cookies = new CookieContainer();
        using var onA = a.CreateDefaultClient(new Uri("http://localhost"), new CookieContainerHandler(cookies));
        using var onB = b.CreateDefaultClient(new Uri("http://localhost"), new CookieContainerHandler(cookies));

        await LoginHelper.SignInAsync(onA, "dentista@demo.local");
        using var page = await onB.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Carteirinha ou CPF", WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync()));
        using var anonymous = b.CreateDefaultClient(new Uri("http://localhost"));
        using var refused = await anonymous.GetAsync("/");
        Assert.Contains("/Account/Login", refused.Headers.Location?.ToString() ?? "");
    }

    [Fact]
    public void AWebhookSecretProtectedOnOneInstanceIsReadOnTheOther()
    {
        var a = Start();
        var b = Start();

        var (secret, stored) = a.Services.GetRequiredService<WebhookSecrets>().New();

        Assert.Equal(secret, b.Services.GetRequiredService<WebhookSecrets>().Unprotect(stored));
    }

    [Fact]
    public void AnInstanceWithAnotherCertificateIsRefusedAtStartNamingTheSetting()
    {
        var a = Start();
        a.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("t").Protect("segredo");

        var error = Assert.Throws<InvalidOperationException>(() => Start(certificate: "another"));

        Assert.Contains("DataProtection:Certificate:Path", error.Message);
        Assert.Contains("DataProtectionKeys", error.Message);
        Assert.Contains("same certificate", error.Message);
    }
}
