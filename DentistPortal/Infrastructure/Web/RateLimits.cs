using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.StaticAssets;
using Microsoft.Extensions.Options;

namespace DentistPortal.Infrastructure.Web;

/// <summary>One fixed window: at most <see cref="PermitLimit"/> requests per <see cref="WindowSeconds"/>.</summary>
public sealed class WindowLimit
{
    public int PermitLimit { get; set; }
    public int WindowSeconds { get; set; } = 60;

    internal FixedWindowRateLimiterOptions ToOptions() => new()
    {
        PermitLimit = Math.Max(1, PermitLimit),
        Window = TimeSpan.FromSeconds(Math.Max(1, WindowSeconds)),
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}

/// <summary>
/// <c>RateLimiting</c> configuration (issue 10, Accounts: rate limiting). Client addresses are the ones
/// <see cref="Transport"/> resolved from trusted proxies.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimiting";

    /// <summary>Login posts (<c>/Account/Login</c>, <c>/Account/LoginWith2fa</c>, <c>/Account/LoginWithRecoveryCode</c>) per client address.</summary>
    public WindowLimit LoginPerAddress { get; set; } = new() { PermitLimit = 20, WindowSeconds = 300 };

    /// <summary>Login posts per submitted e-mail, whatever the address (a distributed guess at one account).</summary>
    public WindowLimit LoginPerAccount { get; set; } = new() { PermitLimit = 10, WindowSeconds = 300 };

    /// <summary>Any request by a client not signed in (pages, the blank guide, errors), per address. Static files are exempt.</summary>
    public WindowLimit AnonymousPerAddress { get; set; } = new() { PermitLimit = 120, WindowSeconds = 60 };

    /// <summary>The blank guide PDF (<c>/guia-em-branco.pdf</c>), per address.</summary>
    public WindowLimit BlankGuidePerAddress { get; set; } = new() { PermitLimit = 20, WindowSeconds = 60 };

    /// <summary>Token validations (chair, late token, Central) per user; see <c>Infrastructure.Security.TokenValidationThrottle</c>.</summary>
    public WindowLimit TokenValidationPerUser { get; set; } = new() { PermitLimit = 10, WindowSeconds = 60 };

    /// <summary>Clinic API requests (<c>/api</c>) per API credential (issue 11); a refusal is a 429 problem+json with <c>Retry-After</c>.</summary>
    public WindowLimit Api { get; set; } = new() { PermitLimit = 120, WindowSeconds = 60 };

    /// <summary>Token validations per clinic (all its users together).</summary>
    public WindowLimit TokenValidationPerClinic { get; set; } = new() { PermitLimit = 60, WindowSeconds = 60 };
}

/// <summary>
/// ASP.NET Core's rate limiter for the HTTP side: login posts by address and by e-mail, every anonymous request by
/// address, and the blank guide by address. A refusal is a 429 with <c>Retry-After</c> and a pt-BR page.
/// </summary>
public static class RateLimits
{
    public static readonly string[] LoginPaths = ["/Account/Login", "/Account/LoginWith2fa", "/Account/LoginWithRecoveryCode"];
    public const string BlankGuidePath = "/guia-em-branco.pdf";
    private const string EmailItem = "DentistPortal.RateLimits.Email";

    public static IServiceCollection AddPortalRateLimits(this IServiceCollection services)
    {
        // RateLimitOptions is bound by AddPortalCore (the token throttle needs it too); read when the limiter is built
        // (first request), so settings added later (tests, environment) win.
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((o, limits) =>
        {
            var l = limits.Value;
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                Partitioned(ctx => IsLoginPost(ctx) ? "login-address:" + Address(ctx) : null, l.LoginPerAddress),
                Partitioned(ctx => IsLoginPost(ctx) && ctx.Items[EmailItem] is string email ? "login-account:" + email : null, l.LoginPerAccount),
                Partitioned(ctx => IsBlankGuide(ctx) ? "blank-guide:" + Address(ctx) : null, l.BlankGuidePerAddress),
                Partitioned(ctx => IsAnonymous(ctx) ? "anonymous:" + Address(ctx) : null, l.AnonymousPerAddress),
                Partitioned(ctx => ApiProblem.IsApi(ctx) && ctx.User.FindFirst(Security.ApiKeyAuthenticator.KeyIdClaim) is { } key ? "api:" + key.Value : null, l.Api));
            o.OnRejected = (context, ct) => WriteRefusalAsync(context.HttpContext, context.Lease, ct);
        });
        return services;
    }

    /// <summary>After authentication (anonymous is known) and before authorization and the endpoints.</summary>
    public static WebApplication UsePortalRateLimits(this WebApplication app)
    {
        // The limiter's partition functions are synchronous; read the login form first (ASP.NET Core keeps it for the page).
        app.Use(static async (context, next) =>
        {
            if (IsLoginPost(context) && context.Request.HasFormContentType)
            {
                try
                {
                    var form = await context.Request.ReadFormAsync(context.RequestAborted);
                    var email = form["Input.Email"].ToString().Trim();
                    if (email.Length is > 0 and <= 256) context.Items[EmailItem] = email.ToUpperInvariant();
                }
                catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException)
                {
                    // A malformed form is the page's to refuse; the address limit still counts it.
                }
            }
            await next(context);
        });
        app.UseRateLimiter();
        return app;
    }

    /// <summary>"aguarde N segundos": whole seconds, at least 1.</summary>
    public static int Seconds(TimeSpan retryAfter) => Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));

    private static PartitionedRateLimiter<HttpContext> Partitioned(Func<HttpContext, string?> key, WindowLimit limit)
    {
        var options = limit.ToOptions();
        return PartitionedRateLimiter.Create<HttpContext, string>(ctx => key(ctx) is { } k
            ? RateLimitPartition.GetFixedWindowLimiter(k, _ => options)
            : RateLimitPartition.GetNoLimiter(string.Empty));
    }

    private static bool IsLoginPost(HttpContext ctx) =>
        HttpMethods.IsPost(ctx.Request.Method) && LoginPaths.Any(p => ctx.Request.Path.Equals(p, StringComparison.OrdinalIgnoreCase));

    private static bool IsBlankGuide(HttpContext ctx) => ctx.Request.Path.Equals(BlankGuidePath, StringComparison.OrdinalIgnoreCase);

    private static bool IsAnonymous(HttpContext ctx) =>
        ctx.User.Identity?.IsAuthenticated != true && ctx.GetEndpoint()?.Metadata.GetMetadata<StaticAssetDescriptor>() is null;

    /// <summary>
    /// The client's address as a limit partition: IPv4 as is, IPv6 by its /64 (one customer's network: an ISP gives a
    /// whole /64, so per-address limits on IPv6 would give an attacker 2^64 fresh budgets).
    /// </summary>
    internal static string Address(HttpContext ctx) => AddressPartition(ctx.Connection.RemoteIpAddress);

    internal static string AddressPartition(System.Net.IPAddress? address)
    {
        if (address is null) return "unknown";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new System.Net.IPAddress(bytes) + "/64";
    }

    private static async ValueTask WriteRefusalAsync(HttpContext http, RateLimitLease lease, CancellationToken ct)
    {
        var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? Seconds(retryAfter) : 60;
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = wait.ToString(CultureInfo.InvariantCulture);
        var message = $"Muitas tentativas em pouco tempo; aguarde {wait} segundos e tente de novo.";
        if (ApiProblem.IsApi(http))
        {
            await ApiProblem.WriteAsync(http, StatusCodes.Status429TooManyRequests, "limite.requisicoes", "Muitas requisições", message, ct,
                new Dictionary<string, object?> { ["retryAfterSeconds"] = wait });
            return;
        }
        http.Response.ContentType = "text/html; charset=utf-8";
        await http.Response.WriteAsync($"""
            <!DOCTYPE html>
            <html lang="pt-BR"><head><meta charset="utf-8"><title>Muitas tentativas</title></head>
            <body><main><h1>Muitas tentativas</h1><p role="alert">{WebUtility.HtmlEncode(message)}</p>
            <p><a href="/">Voltar ao portal</a></p></main></body></html>
            """, ct);
    }
}
