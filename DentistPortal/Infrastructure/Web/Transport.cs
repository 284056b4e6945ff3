using System.Net;
using Microsoft.AspNetCore.CookiePolicy;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace DentistPortal.Infrastructure.Web;

/// <summary>
/// Issue 10 (Transport and headers): the portal behind a TLS-terminating reverse proxy.
/// <list type="bullet">
/// <item><c>X-Forwarded-For/-Proto/-Host</c> are believed only from the addresses listed in
/// <c>ReverseProxy:KnownProxies</c> (IPs) and <c>ReverseProxy:KnownNetworks</c> (CIDRs); none by default, so a
/// client talking to Kestrel directly cannot claim another address (rate limits) or HTTPS.</item>
/// <item>Every cookie (sign-in, two-factor, antiforgery, status message) is <c>HttpOnly</c>, at least <c>SameSite=Lax</c>,
/// and <c>Secure</c> outside Development (in Development: Secure when the request is, so http://127.0.0.1:5080 works).</item>
/// <item>HSTS on HTTPS responses outside Development. Redirecting plain HTTP to HTTPS is the proxy's job (it owns port 80);
/// the portal redirects too only when <c>HTTPS_PORT</c> (env <c>ASPNETCORE_HTTPS_PORT</c>) is set.</item>
/// <item>No <c>Server</c> header from Kestrel.</item>
/// </list>
/// See docs/security.md (Reverse proxy).
/// </summary>
public static class Transport
{
    public const string Section = "ReverseProxy";

    public static IServiceCollection AddPortalTransport(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddOptions<ForwardedHeadersOptions>().Configure<ILoggerFactory>((o, loggers) =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            // The framework trusts loopback by default; the portal trusts only what the operator lists.
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
#pragma warning disable CS0618, ASPDEPR005 // the obsolete list still holds loopback and is still honoured
            o.KnownNetworks.Clear();
#pragma warning restore CS0618, ASPDEPR005
            foreach (var proxy in configuration.GetSection($"{Section}:KnownProxies").Get<string[]>() ?? [])
            {
                if (proxy.Contains('/', StringComparison.Ordinal)) o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(proxy.Trim()));
                else o.KnownProxies.Add(IPAddress.Parse(proxy.Trim()));
            }
            foreach (var network in configuration.GetSection($"{Section}:KnownNetworks").Get<string[]>() ?? [])
                o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network.Trim()));
            // Only the proxy's own entry is read (the right-most one): anything further left is what the client wrote.
            o.ForwardLimit = configuration.GetValue($"{Section}:ForwardLimit", 1);
            var hosts = configuration.GetSection($"{Section}:AllowedHosts").Get<string[]>();
            if (hosts is { Length: > 0 }) o.AllowedHosts = hosts;
            if (o.KnownProxies.Count == 0 && o.KnownIPNetworks.Count == 0)
            {
                // Empty lists would make the middleware believe ANY sender: read no header at all instead.
                o.ForwardedHeaders = ForwardedHeaders.None;
                if (!environment.IsDevelopment())
                    loggers.CreateLogger(typeof(Transport)).LogInformation(
                        "ReverseProxy:KnownProxies is empty: X-Forwarded-* headers are ignored (client address and scheme are the connection's).");
            }
        });

        services.Configure<CookiePolicyOptions>(o =>
        {
            o.MinimumSameSitePolicy = SameSiteMode.Lax;
            o.HttpOnly = HttpOnlyPolicy.Always;
            o.Secure = SecurePolicy(environment);
        });
        // The same, on the cookies' own builders (the policy middleware enforces it for anything else).
        services.ConfigureApplicationCookie(o => o.Cookie.SecurePolicy = SecurePolicy(environment));
        // Not SecurePolicy=Always here: antiforgery would then throw on a plain-HTTP request (a proxy whose
        // X-Forwarded-Proto is not trusted); the cookie policy marks the cookie Secure all the same.
        services.AddAntiforgery(o =>
        {
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
        });

        services.AddHsts(o =>
        {
            o.MaxAge = TimeSpan.FromDays(365);
            o.IncludeSubDomains = configuration.GetValue($"{Section}:HstsIncludeSubDomains", false);
            // Browsers ignore HSTS for IP literals anyway; a proxy on "localhost" (the production check) must still see it.
            o.ExcludedHosts.Clear();
        });

        services.Configure<KestrelServerOptions>(o => o.AddServerHeader = false);
        return services;
    }

    /// <summary>First in the pipeline: everything after it sees the client's address and scheme.</summary>
    public static WebApplication UsePortalTransport(this WebApplication app)
    {
        app.UseForwardedHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
            if (!string.IsNullOrEmpty(app.Configuration["HTTPS_PORT"] ?? app.Configuration["ANCM_HTTPS_PORT"]))
                app.UseHttpsRedirection();
        }
        app.UseCookiePolicy();
        return app;
    }

    private static CookieSecurePolicy SecurePolicy(IHostEnvironment environment) =>
        environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
}
