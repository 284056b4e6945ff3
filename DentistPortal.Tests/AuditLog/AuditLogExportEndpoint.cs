using System.Net;
using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using DentistPortal.Components.Pages.Admin;
using DentistPortal.Domain.Audit;
using DentistPortal.Features.AuditLog;
using DentistPortal.Infrastructure.Identity;
using DentistPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DentistPortal.Tests.AuditLog;

/// <summary>
/// The CSV download endpoint (<see cref="AuditLogEndpoints.MapAuditExports"/>) over HTTP, in a minimal host with the
/// portal's own registrations on the fixture's SQLite file; a header stands in for the sign-in cookie.
/// </summary>
public sealed class AuditLogExportEndpoint(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private WebApplication app = default!;
    private HttpClient client = default!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<TimeProvider>(database.Clock);
        TestDatabase.AddPortal(builder.Services, database.Configuration);
        builder.Services.AddAuthentication(HeaderAuthentication.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, HeaderAuthentication>(HeaderAuthentication.SchemeName, null);
        builder.Services.AddAuthorization();
        app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapAuditExports();
        await app.StartAsync();
        client = app.GetTestClient();
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await app.DisposeAsync();
    }

    private async Task<HttpResponseMessage> GetAsync(string url, string? email)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (email is not null)
        {
            var actor = await DemoActors.ForAsync(database.Services, email);
            request.Headers.Add(HeaderAuthentication.UserHeader, actor.UserId);
            request.Headers.Add(HeaderAuthentication.NameHeader, Uri.EscapeDataString(actor.Name));
            request.Headers.Add(HeaderAuthentication.RolesHeader, string.Join(',', actor.Roles));
        }
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task TheBackOfficeDownloadsTheFilteredCsv()
    {
        await using (var db = await database.Services.GetRequiredService<IDbContextFactory<DentistPortal.Infrastructure.Data.AppDbContext>>().CreateDbContextAsync())
        {
            db.AuditEntries.AddRange(
                new AuditEntry { AtUtc = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero), ActorUserId = "u", ActorName = "Ana", ActorRole = "Admin", Action = "http.export", Outcome = "ok", Detail = "junho" },
                new AuditEntry { AtUtc = new(2026, 7, 1, 12, 0, 0, TimeSpan.Zero), ActorUserId = "u", ActorName = "Ana", ActorRole = "Admin", Action = "http.export", Outcome = "ok", Detail = "julho" });
            await db.SaveChangesAsync();
        }
        var url = "/" + AuditLogEndpoints.ExportUrl(new AuditLogFilter(Action: "http.export", From: new(2026, 6, 1), To: new(2026, 6, 30)));

        using var response = await GetAsync(url, "admin@demo.local");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Matches(@"^trilha-auditoria-\d{8}-\d{6}\.csv$", response.Content.Headers.ContentDisposition!.FileName!.Trim('"'));
        Assert.Contains("no-store", response.Headers.CacheControl!.ToString());
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.EndsWith(";junho", lines[1]);
    }

    [Theory]
    [InlineData("auditor@demo.local")]
    [InlineData("dentista@demo.local")]
    [InlineData("central@demo.local")]
    [InlineData("paciente@demo.local")]
    public async Task EveryoneElseIsRefused(string email)
    {
        using var response = await GetAsync("/admin/auditoria/exportar.csv", email);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task SignedOutIsChallenged()
    {
        using var response = await GetAsync("/admin/auditoria/exportar.csv", null);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task ABackwardsPeriodIsABadRequest()
    {
        using var response = await GetAsync("/admin/auditoria/exportar.csv?de=2026-06-02&ate=2026-06-01", "admin@demo.local");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public void TheLinkCarriesEveryFilterAndReadsBackTheSame()
    {
        var filter = new AuditLogFilter("sérgio tavares", 3, "2026000123", "review.decided", new(2026, 1, 2), new(2026, 12, 31));
        var url = AuditLogEndpoints.ExportUrl(filter);
        Assert.StartsWith("admin/auditoria/exportar.csv?", url);
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri("http://x/" + url).Query);
        Assert.Equal(filter, AuditLogEndpoints.FromQuery(new QueryCollection(query)));
        Assert.Equal(AuditLogFilter.None, AuditLogEndpoints.FromQuery(new QueryCollection()));
        Assert.Equal("admin/auditoria/exportar.csv", AuditLogEndpoints.ExportUrl(AuditLogFilter.None));
    }

    /// <summary>Signs the request in from headers, with the same claims the portal's cookie carries.</summary>
    private sealed class HeaderAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        public const string SchemeName = "TestHeader";
        public const string UserHeader = "X-Test-User";
        public const string NameHeader = "X-Test-Name";
        public const string RolesHeader = "X-Test-Roles";

        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            if (!Request.Headers.TryGetValue(UserHeader, out var user)) return Task.FromResult(AuthenticateResult.NoResult());
            var claims = new List<Claim>
            {
                new(ClaimTypes.NameIdentifier, user.ToString()),
                new(PortalClaims.FullName, Uri.UnescapeDataString(Request.Headers[NameHeader].ToString())),
            };
            claims.AddRange(Request.Headers[RolesHeader].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries).Select(r => new Claim(ClaimTypes.Role, r)));
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName)));
        }
    }
}
