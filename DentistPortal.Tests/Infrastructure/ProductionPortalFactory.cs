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
    /// Everything a production start needs beyond the database (issue 10, Keys and Environments): a configured token HMAC
    /// key, real SMS and e-mail providers (the development inbox is refused outside Development). The ONE place for these
    /// names: fix them here if the keys and messaging settings change.
    /// </summary>
    public static Dictionary<string, string?> ProductionSettings() => new()
    {
        ["Tokens:HmacKey"] = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)(i * 7)).ToArray()),
        ["Tokens:HmacKeys:0:Id"] = "k1",
        ["Tokens:HmacKeys:0:Key"] = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)(i * 7)).ToArray()),
        ["Tokens:HmacKeys:0:Active"] = "true",
        ["Messaging:Sms:Provider"] = "HttpGateway",
        ["Messaging:Sms:BaseUrl"] = "http://127.0.0.1:9/",
        ["Messaging:Sms:ApiKey"] = "test-key",
        ["Messaging:Email:Provider"] = "Smtp",
        ["Messaging:Email:Host"] = "127.0.0.1",
        ["Messaging:Email:Port"] = "2525",
        ["Messaging:Email:From"] = "naoresponda@sorrisopleno.example",
        ["DataProtection:AllowUnprotectedKeys"] = "true",
    };

    /// <summary>Settings a derived factory adds on top of <see cref="ProductionSettings"/>.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> MoreSettings => [];

    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings => ProductionSettings().Concat(MoreSettings);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment("Production");
        builder.UseStaticWebAssets();
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
