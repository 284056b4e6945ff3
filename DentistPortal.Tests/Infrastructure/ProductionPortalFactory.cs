using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace DentistPortal.Tests.Infrastructure;

/// <summary>
/// The portal started as production would be (<c>ASPNETCORE_ENVIRONMENT=Production</c>) with the settings production
/// requires, on its own database. Static web assets are served from the build, as <c>dotnet publish</c> would copy them.
/// </summary>
public class ProductionPortalFactory : PortalFactory
{
    /// <summary>
    /// Everything a production start needs beyond the database (issue 10, Keys and Environments), from the one table in
    /// <see cref="Infrastructure.ProductionSettings"/>: HMAC key, Data Protection certificate and keys folder outside the
    /// database folder, real SMS and e-mail providers (the development inbox is refused outside Development).
    /// </summary>
    private readonly string secretsFolder = Path.Combine(Path.GetTempPath(), "dp-prod-secrets-" + Guid.NewGuid().ToString("N"));

    /// <summary>Settings a derived factory adds on top of the production settings.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> MoreSettings => [];

    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings => Infrastructure.ProductionSettings.For(secretsFolder).Concat(MoreSettings);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment("Production");
        builder.UseStaticWebAssets();
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        // The certificate and keys written for this start: a long run of the suite must not fill the disk with them.
        try { Directory.Delete(secretsFolder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>A browser-like client on https (as behind the TLS proxy), so Secure cookies come back.</summary>
    public HttpClient CreateHttpsClient() => CreateClient(new WebApplicationFactoryClientOptions
    {
        AllowAutoRedirect = false,
        HandleCookies = true,
        BaseAddress = new Uri("https://localhost"),
    });
}

/// <summary>The production start on a real Kestrel loopback port (plain HTTP, no trusted proxy configured).</summary>
public sealed class LiveProductionPortalFactory : ProductionPortalFactory
{
    protected override bool UseRealServer => true;
}
