using System.Net;
using DentistPortal.Infrastructure.Data;
using DentistPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DentistPortal.Tests.Web;

/// <summary>
/// Issue 12 (Provider by configuration): "Demo data seeding works on both." The real portal in Development with
/// <c>Database:Provider</c> = PostgreSQL on a fresh database, whatever <see cref="TestProvider"/> says: start-up migrates,
/// seeds the demo data and the demo month of attendances, and the demo dentist signs in and sees her clinic.
/// </summary>
[Trait("Provider", "Both")]
public sealed class DemoDataOnPostgreSql(DemoDataOnPostgreSql.PostgresPortal portal) : IClassFixture<DemoDataOnPostgreSql.PostgresPortal>
{
    /// <summary>The portal as <c>dotnet run</c> with PostgreSQL configured would start it (demo history included).</summary>
    public sealed class PostgresPortal : PortalFactory
    {
        private readonly string connectionString = TestPostgres.CreateDatabase();

        protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings =>
        [
            new("Database:Provider", "PostgreSQL"),
            new("ConnectionStrings:DefaultConnection", connectionString),
            new("Database:SeedDemoHistory", "true"),
        ];

        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            TestPostgres.DropDatabase(connectionString);
        }
    }

    [Fact]
    public async Task TheDemoDentistSignsInAndSeesTheDemoClinic()
    {
        using var client = portal.CreateBrowserLikeClient();
        await LoginHelper.SignInAsync(client, "dentista@demo.local");

        var home = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        var html = WebUtility.HtmlDecode(await home.Content.ReadAsStringAsync());
        Assert.Contains("Clínica Sorriso Paulista", html);
        Assert.Contains("Carteirinha ou CPF", html);
    }

    [Fact]
    public async Task TheDemoDataIsInPostgreSqlAndSeedingAgainAddsNothing()
    {
        using var client = portal.CreateBrowserLikeClient(); // starts the portal: migrations and seeding
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        Assert.True(db.Database.IsNpgsql());

        var before = (await db.Clinics.CountAsync(), await db.Users.CountAsync(), await db.Beneficiaries.CountAsync(), await db.Treatments.CountAsync());
        await portal.Services.GetRequiredService<DemoDataSeeder>().SeedAsync();
        var after = (await db.Clinics.CountAsync(), await db.Users.CountAsync(), await db.Beneficiaries.CountAsync(), await db.Treatments.CountAsync());

        Assert.Equal(before, after);
        Assert.Equal(3, before.Item1);
        Assert.True(before.Item4 > 30, $"the demo month has {before.Item4} treatments");
        Assert.True(await db.Users.AnyAsync(u => u.Email == "dentista@demo.local"));
    }
}
