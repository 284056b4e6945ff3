using Microsoft.AspNetCore.StaticAssets;

namespace DentistPortal.Infrastructure.Web;

/// <summary>
/// Issue 10 (Transport and headers): security headers on every response (NetEscapades.AspNetCore.SecurityHeaders), and
/// <c>Cache-Control: no-store</c> on everything but the static assets and endpoints marked <see cref="CacheableResponse"/>.
/// <para>The page policy, directive by directive:</para>
/// <list type="bullet">
/// <item><c>script-src 'self' 'nonce-…'</c>: blazor.web.js, MudBlazor.min.js and the reconnect module are files of this
/// origin; the only inline script is the import map (<c>&lt;ImportMap nonce=…&gt;</c> in App.razor, one nonce per response).
/// No <c>'unsafe-eval'</c>: Blazor Server and MudBlazor never build code from strings.</item>
/// <item><c>style-src 'self' 'unsafe-inline'</c>: MudThemeProvider writes the palette as a <c>&lt;style&gt;</c> element
/// (re-rendered over the circuit, so a per-response nonce cannot follow it), and Blazor applies every <c>Style=</c>
/// parameter of MudBlazor components (and our own <c>style=</c> attributes) with <c>setAttribute("style")</c>, which CSP
/// treats as inline style. Styles cannot run code; scripts stay locked down.</item>
/// <item><c>connect-src 'self'</c>: the circuit's WebSocket (<c>/_blazor</c>); CSP level 3 lets 'self' match ws:/wss: of the
/// same host (the browser test proves it on every page).</item>
/// <item><c>img-src 'self' data:</c>: the QR code is inline SVG; MudBlazor's stylesheet draws a few icons as data: URIs.</item>
/// <item><c>frame-src 'self'</c>: the auditor's signed-guide review frames the scan (a same-origin PDF).</item>
/// <item><c>frame-ancestors 'none'</c> (and <c>X-Frame-Options: DENY</c>) everywhere, except the scan preview
/// (<see cref="FramedDocumentPolicy"/>: <c>frame-ancestors 'self'</c>), which only this portal's review page frames.</item>
/// </list>
/// </summary>
public static class SecurityHeaders
{
    /// <summary>Named policy for documents this portal shows inside its own pages (the signed-guide scan preview).</summary>
    public const string FramedDocumentPolicy = "framed-document";

    public static IServiceCollection AddPortalSecurityHeaders(this IServiceCollection services)
    {
        services.AddSecurityHeaderPolicies()
            .SetDefaultPolicy(p => Common(p)
                .AddFrameOptionsDeny()
                .AddContentSecurityPolicy(csp =>
                {
                    csp.AddDefaultSrc().Self();
                    csp.AddScriptSrc().Self().WithNonce();
                    csp.AddStyleSrc().Self().UnsafeInline();
                    csp.AddImgSrc().Self().Data();
                    csp.AddFontSrc().Self();
                    csp.AddConnectSrc().Self();
                    csp.AddFrameSrc().Self();
                    csp.AddObjectSrc().None();
                    csp.AddBaseUri().Self();
                    csp.AddFormAction().Self();
                    csp.AddFrameAncestors().None();
                }))
            .AddPolicy(FramedDocumentPolicy, p => Common(p)
                .AddFrameOptionsSameOrigin()
                .AddContentSecurityPolicy(csp =>
                {
                    // A PDF or image shown as is: no scripts of ours; the browser's PDF viewer embeds the document itself
                    // ('self' for object-src) and styles its own page.
                    csp.AddDefaultSrc().Self();
                    csp.AddObjectSrc().Self();
                    csp.AddStyleSrc().Self().UnsafeInline();
                    csp.AddBaseUri().None();
                    csp.AddFormAction().None();
                    csp.AddFrameAncestors().Self();
                }));
        return services;
    }

    /// <summary>Early in the pipeline, so redirects, errors and 429s carry the headers too.</summary>
    public static WebApplication UsePortalSecurityHeaders(this WebApplication app)
    {
        app.UseSecurityHeaders();
        app.Use(static (context, next) =>
        {
            context.Response.OnStarting(static state =>
            {
                var http = (HttpContext)state;
                var endpoint = http.GetEndpoint();
                var cacheable = endpoint?.Metadata.GetMetadata<StaticAssetDescriptor>() is not null
                                || endpoint?.Metadata.GetMetadata<CacheableResponse>() is not null;
                // Pages, documents (guides, scans, CSV exports) and errors may show personal data (the Portal do Cliente
                // shows an active code): no browser or proxy keeps a copy.
                if (!cacheable || http.Response.StatusCode >= 400)
                {
                    http.Response.Headers.CacheControl = "no-store";
                    http.Response.Headers.Pragma = "no-cache";
                }
                return Task.CompletedTask;
            }, context);
            return next(context);
        });
        return app;
    }

    private static HeaderPolicyCollection Common(HeaderPolicyCollection p) => p
        .AddContentTypeOptionsNoSniff()
        .AddReferrerPolicyStrictOriginWhenCrossOrigin()
        .AddPermissionsPolicyWithDefaultSecureDirectives()
        .AddCrossOriginOpenerPolicy(b => b.SameOrigin())
        .AddCrossOriginResourcePolicy(b => b.SameOrigin())
        .RemoveServerHeader();
}

/// <summary>Endpoint metadata: the response holds no personal data and may be cached (e.g. the blank guide).</summary>
public sealed class CacheableResponse
{
    public static readonly CacheableResponse Instance = new();
}
