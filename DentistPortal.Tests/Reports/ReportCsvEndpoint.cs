using System.Net;
using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using DentistPortal.Components.Pages.Admin;
using DentistPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DentistPortal.Tests.Reports;

/// <summary>
/// <c>MapReportExports</c> over HTTP on the report scenario: authentication required, admins only (checked in the
/// handler), bad filters explained, the file as a download. A small host maps just this endpoint, with a test
/// authentication scheme that signs in the demo user named in a header.
/// </summary>
[Collection(ReportScenarioCollection.Name)]
public class ReportCsvEndpoint(ReportScenario scenario)
{
    private const string UserHeader = "X-Test-User";

    private async Task<WebApplication> StartAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddSingleton<TimeProvider>(scenario.Database.Clock);
        TestDatabase.AddPortal(builder.Services, scenario.Database.Configuration);
        // No outbox dispatcher here: it would send the scenario's pending messages and change its figures.
        foreach (var d in builder.Services.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType?.Namespace?.StartsWith("DentistPortal", StringComparison.Ordinal) == true).ToList())
            builder.Services.Remove(d);
        builder.Services.AddSingleton(scenario.Database);
        builder.Services.AddAuthentication("Test").AddScheme<AuthenticationSchemeOptions, HeaderAuthentication>("Test", _ => { });
        builder.Services.AddAuthorization();
        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapReportExports();
        await app.StartAsync();
        return app;
    }

    private static HttpClient Client(WebApplication app, string? email)
    {
        var client = app.GetTestClient();
        if (email is not null) client.DefaultRequestHeaders.Add(UserHeader, email);
        return client;
    }

    [Fact]
    public async Task AnAdminDownloadsTheCsvOfTheChosenPeriodAndClinic()
    {
        await using var app = await StartAsync();
        using var client = Client(app, "admin@demo.local");

        var response = await client.GetAsync($"/admin/relatorios/falhas-envio.csv?de=2026-11-25&ate=2026-11-27&clinica={scenario.CampinasId}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("relatorio-falhas-envio-2026-11-25_a_2026-11-27.csv", response.Content.Headers.ContentDisposition!.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName);
        Assert.Contains("no-store", response.Headers.CacheControl!.ToString());
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        Assert.Equal("Canal;Falhas;Envios no período\r\nSMS;1;1\r\nE-mail;0;1\r\n", Encoding.UTF8.GetString(bytes[3..]));
    }

    [Theory]
    [InlineData("dentista@demo.local")]
    [InlineData("recepcao@demo.local")]
    [InlineData("central@demo.local")]
    [InlineData("auditor@demo.local")]
    [InlineData("paciente@demo.local")]
    public async Task OtherRolesAreForbidden(string email)
    {
        await using var app = await StartAsync();
        using var client = Client(app, email);
        var response = await client.GetAsync("/admin/relatorios/tokens.csv?de=2026-11-25&ate=2026-11-27");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task AnonymousRequestsAreChallengedBadFiltersExplainedUnknownReportsNotFound()
    {
        await using var app = await StartAsync();
        using (var anonymous = Client(app, null))
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/admin/relatorios/tokens.csv")).StatusCode);

        using var client = Client(app, "admin@demo.local");
        var badDate = await client.GetAsync("/admin/relatorios/tokens.csv?de=25/11/2026");
        Assert.Equal(HttpStatusCode.BadRequest, badDate.StatusCode);
        Assert.Equal("Datas inválidas: use o formato aaaa-mm-dd.", await badDate.Content.ReadAsStringAsync());
        var reversed = await client.GetAsync("/admin/relatorios/tokens.csv?de=2026-11-27&ate=2026-11-25");
        Assert.Equal("A data final deve ser igual ou posterior à data inicial.", await reversed.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/admin/relatorios/senhas.csv")).StatusCode);
        // Without dates: the last 30 days up to today (Brasília).
        var defaults = await client.GetAsync("/admin/relatorios/tokens.csv");
        Assert.Equal(HttpStatusCode.OK, defaults.StatusCode);
        Assert.Equal("relatorio-tokens-2026-10-29_a_2026-11-27.csv", defaults.Content.Headers.ContentDisposition!.FileNameStar ?? defaults.Content.Headers.ContentDisposition.FileName);
    }

    /// <summary>Signs in the demo user named in <see cref="UserHeader"/> with the claims the portal's cookie carries.</summary>
    private sealed class HeaderAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, TestDatabase database)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            if (!Request.Headers.TryGetValue(UserHeader, out var email)) return AuthenticateResult.NoResult();
            var actor = await DemoActors.ForAsync(database.Services, email.ToString());
            var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, actor.UserId), new(ClaimTypes.Name, email.ToString()) };
            claims.AddRange(actor.Roles.Select(r => new Claim(ClaimTypes.Role, r)));
            return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, "Test")), "Test"));
        }
    }
}
