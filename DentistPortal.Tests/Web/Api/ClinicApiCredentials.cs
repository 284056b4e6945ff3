using System.Net;
using System.Security.Cryptography;
using System.Text;
using DentistPortal.Domain.Audit;
using DentistPortal.Features.Admin;
using DentistPortal.Infrastructure.Data;
using DentistPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DentistPortal.Tests.Web.Api;

/// <summary>Issue 11 (API): a key is shown once and stored hashed; revocation disables its integration user; last use is recorded sparingly.</summary>
public class ClinicApiCredentials(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task TheKeyIsShownOnceAndTheDatabaseHoldsOnlyItsHash()
    {
        var key = await ApiKit.CreateKeyAsync(portal.Services, DemoActors.SaoPauloCnpj, "Sistema Odonto+");
        Assert.Matches("^dpk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$", key.FullKey);
        var secret = key.FullKey[(4 + 16 + 1)..];

        await using (var db = await portal.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
        {
            var row = await db.ApiCredentials.SingleAsync(c => c.Id == key.Id);
            Assert.Equal(SHA256.HashData(Encoding.ASCII.GetBytes(secret)), row.SecretHash);
            Assert.Null(row.LastUsedAtUtc);
            var audit = await db.AuditEntries.Where(a => a.Action == AuditActions.ApiCredentialCreated && a.SubjectId == key.Id.ToString()).SingleAsync();
            Assert.DoesNotContain(secret, audit.Detail!, StringComparison.Ordinal);
        }
        // Nowhere in the database file (WAL included) is the secret written.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(portal.DatabasePath)!, "portal.db*"))
        {
            var bytes = await ReadSharedAsync(file);
            Assert.DoesNotContain(secret, Encoding.ASCII.GetString(bytes), StringComparison.Ordinal);
        }

        // The second read is impossible: the list (and its screen) carries only the public key id.
        var admin = await DemoActors.ForAsync(portal.Services, "admin@demo.local");
        await using var scope = portal.Services.CreateAsyncScope();
        var rows = (await scope.ServiceProvider.GetRequiredService<ListApiCredentialsHandler>().HandleAsync(new(), admin)).Value!;
        var listed = Assert.Single(rows, r => r.Id == key.Id);
        Assert.Equal($"dpk_{key.KeyId}_…", listed.KeyPrefix);
        Assert.DoesNotContain(secret, System.Text.Json.JsonSerializer.Serialize(rows), StringComparison.Ordinal);
        using var browser = portal.CreateBrowserLikeClient();
        await LoginHelper.SignInAsync(browser, "admin@demo.local");
        var page = await browser.GetStringAsync("/admin/integracoes");
        Assert.Contains(key.KeyId, page, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, page, StringComparison.Ordinal);

        // Creating again with the same name (a second click) makes no second key.
        var again = await scope.ServiceProvider.GetRequiredService<CreateApiCredentialHandler>()
            .HandleAsync(new CreateApiCredentialCommand(await DemoActors.ClinicIdAsync(portal.Services, DemoActors.SaoPauloCnpj), "Sistema Odonto+"), admin);
        Assert.Equal(CreateApiCredentialHandler.LabelTakenMessage, Assert.Single(again.Errors));
    }

    private static async Task<byte[]> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    [Fact]
    public async Task LastUseIsRecordedAtMostOnceAMinute()
    {
        var key = await ApiKit.CreateKeyAsync(portal.Services, DemoActors.CampinasCnpj);
        using var api = ApiKit.Client(portal, key.FullKey);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/late-tokens")).StatusCode);
        var first = await LastUsedAsync(key.Id);
        Assert.NotNull(first);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/late-tokens")).StatusCode);
        Assert.Equal(first, await LastUsedAsync(key.Id));
    }

    private async Task<DateTimeOffset?> LastUsedAsync(int id)
    {
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        return await db.ApiCredentials.Where(c => c.Id == id).Select(c => c.LastUsedAtUtc).SingleAsync();
    }

    [Fact]
    public async Task RevokingDisablesTheIntegrationUserAndIsAudited()
    {
        var key = await ApiKit.CreateKeyAsync(portal.Services, DemoActors.CampinasCnpj);
        var admin = await DemoActors.ForAsync(portal.Services, "admin@demo.local");
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            var revoke = scope.ServiceProvider.GetRequiredService<RevokeApiCredentialHandler>();
            Assert.True((await revoke.HandleAsync(new(key.Id), admin)).IsOk);
            Assert.True((await revoke.HandleAsync(new(key.Id), admin)).IsOk); // a second click changes nothing
            var dentist = await DemoActors.ForAsync(portal.Services, "dentista@demo.local");
            Assert.Equal(DentistPortal.Features.Common.ResultStatus.Forbidden, (await revoke.HandleAsync(new(key.Id), dentist)).Status);
        }
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var row = await db.ApiCredentials.SingleAsync(c => c.Id == key.Id);
        Assert.NotNull(row.RevokedAtUtc);
        Assert.True(await db.Users.Where(u => u.Id == row.IntegrationUserId).Select(u => u.IsDisabled).SingleAsync());
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == AuditActions.ApiCredentialRevoked && a.SubjectId == key.Id.ToString()));
        // Integration users are not people's accounts: the accounts list leaves them out.
        await using var scope2 = portal.Services.CreateAsyncScope();
        var accounts = (await scope2.ServiceProvider.GetRequiredService<ListAccountsHandler>().HandleAsync(new(), admin)).Value!;
        Assert.DoesNotContain(accounts, a => a.UserId == row.IntegrationUserId);
    }
}
