using System.Net;
using System.Text.RegularExpressions;
using DentistPortal.Tests.Infrastructure;

namespace DentistPortal.Tests.Web;

/// <summary>
/// Issue 10 (Transport and headers): the headers a production start sends, read from real HTTP responses of a running
/// Kestrel server: pages, documents, errors, redirects and static files.
/// </summary>
public partial class SecurityHeadersOnRealResponses(LiveProductionPortalFactory portal) : IClassFixture<LiveProductionPortalFactory>
{
    [GeneratedRegex("<script type=\"importmap\" nonce=\"([^\"]+)\"")]
    private static partial Regex ImportMapNonce();

    [GeneratedRegex("href=\"(_content/MudBlazor/MudBlazor\\.min\\.[a-z0-9]+\\.css)\"")]
    private static partial Regex FingerprintedMudBlazorCss();

    private HttpClient Client()
    {
        portal.StartServer();
        return new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(portal.BaseAddress) };
    }

    [Fact]
    public async Task PagesAllowOnlyTheirOwnScriptsAndTheNoncedImportMap()
    {
        using var client = Client();
        var first = await client.GetAsync("/Account/Login");
        var csp = Header(first, "Content-Security-Policy");
        var html = await first.Content.ReadAsStringAsync();

        var scriptSrc = Directive(csp, "script-src");
        var nonce = WebUtility.HtmlDecode(ImportMapNonce().Match(html).Groups[1].Value);
        Assert.False(string.IsNullOrEmpty(nonce), "the import map carries a nonce");
        Assert.Equal($"'self' 'nonce-{nonce}'", scriptSrc);
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.Equal("'none'", Directive(csp, "frame-ancestors"));
        Assert.Equal("'none'", Directive(csp, "object-src"));
        Assert.Equal("'self'", Directive(csp, "connect-src"));
        Assert.Equal("'self'", Directive(csp, "base-uri"));
        Assert.Equal("'self'", Directive(csp, "form-action"));

        var second = Header(await client.GetAsync("/Account/Login"), "Content-Security-Policy");
        Assert.NotEqual(scriptSrc, Directive(second, "script-src")); // one nonce per response
    }

    [Theory]
    [InlineData("/Account/Login", HttpStatusCode.OK)]
    [InlineData("/", HttpStatusCode.Redirect)]
    [InlineData("/portal", HttpStatusCode.Redirect)]
    [InlineData("/guia-em-branco.pdf", HttpStatusCode.OK)]
    [InlineData("/tratamentos/X/guia.pdf", HttpStatusCode.Redirect)]
    [InlineData("/admin/relatorios/tokens.csv", HttpStatusCode.Redirect)]
    [InlineData("/pagina-que-nao-existe", HttpStatusCode.NotFound)]
    [InlineData("/_framework/blazor.web.js", HttpStatusCode.OK)]
    public async Task EveryResponseCarriesTheSecurityHeaders(string path, HttpStatusCode status)
    {
        using var client = Client();
        var response = await client.GetAsync(path);
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("strict-origin-when-cross-origin", Header(response, "Referrer-Policy"));
        var permissions = Header(response, "Permissions-Policy");
        foreach (var feature in new[] { "camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()" })
            Assert.Contains(feature, permissions);
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("'none'", Directive(Header(response, "Content-Security-Policy"), "frame-ancestors"));
        Assert.False(response.Headers.Contains("Server"), "no Server header");
        Assert.False(response.Headers.Contains("X-Powered-By"));
    }

    [Theory]
    [InlineData("/Account/Login")]
    [InlineData("/")]
    [InlineData("/portal")]
    [InlineData("/tratamentos/X/guia-assinada")]
    [InlineData("/pagina-que-nao-existe")]
    public async Task PagesDocumentsAndErrorsAreNeverStored(string path)
    {
        using var client = Client();
        var response = await client.GetAsync(path);
        Assert.Equal("no-store", Header(response, "Cache-Control"));
    }

    [Fact]
    public async Task StaticAssetsAndTheBlankGuideStayCacheable()
    {
        using var client = Client();
        var css = FingerprintedMudBlazorCss().Match(await client.GetStringAsync("/Account/Login")).Groups[1].Value;
        Assert.NotEmpty(css);
        var asset = await client.GetAsync("/" + css);
        Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
        // Served from the build here ("no-cache" + ETag: revalidated); a published build adds "immutable". Never no-store.
        Assert.DoesNotContain("no-store", Header(asset, "Cache-Control"));
        Assert.NotNull(asset.Headers.ETag);

        var blank = await client.GetAsync("/guia-em-branco.pdf");
        Assert.Equal("public, max-age=3600", Header(blank, "Cache-Control"));
        Assert.NotNull(blank.Headers.ETag);
        using var again = new HttpRequestMessage(HttpMethod.Get, "/guia-em-branco.pdf");
        again.Headers.IfNoneMatch.Add(blank.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(again)).StatusCode);
    }

    [Fact]
    public async Task OnlyTheScanPreviewMayBeFramedAndOnlyByThePortal()
    {
        using var client = Client();
        var scan = await client.GetAsync("/tratamentos/X/guia-assinada?ver=1");
        Assert.Equal("'self'", Directive(Header(scan, "Content-Security-Policy"), "frame-ancestors"));
        Assert.Equal("SAMEORIGIN", Header(scan, "X-Frame-Options"));
        Assert.Equal("nosniff", Header(scan, "X-Content-Type-Options"));

        var guide = await client.GetAsync("/tratamentos/X/guia.pdf");
        Assert.Equal("'none'", Directive(Header(guide, "Content-Security-Policy"), "frame-ancestors"));
    }

    [Fact]
    public async Task ForwardedHeadersAreIgnoredWithoutAConfiguredProxy()
    {
        // ASP.NET Core would trust loopback by default; the portal trusts only ReverseProxy:KnownProxies (none here).
        using var client = Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/Account/Login");
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-For", "203.0.113.9");
        var response = await client.SendAsync(request);
        Assert.False(response.Headers.Contains("Strict-Transport-Security"), "a plain HTTP request claiming https is not believed");
        Assert.DoesNotContain(response.Headers.GetValues("Set-Cookie"), c => !c.Contains("secure", StringComparison.OrdinalIgnoreCase));
    }

    internal static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : throw new Xunit.Sdk.XunitException($"{name} missing on {response.RequestMessage?.RequestUri} ({(int)response.StatusCode})");

    internal static string? Directive(string csp, string name) =>
        csp.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(d => d.StartsWith(name + " ", StringComparison.Ordinal))
            .Select(d => d[(name.Length + 1)..].Trim())
            .SingleOrDefault();
}
