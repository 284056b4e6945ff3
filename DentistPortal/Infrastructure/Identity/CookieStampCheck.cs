using System.Security.Claims;
using DentistPortal.Infrastructure.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DentistPortal.Infrastructure.Identity;

/// <summary>
/// Issue 9 §5: the sign-in cookie is refused at its very next request once its account is disabled or its security stamp
/// changed (disabling, re-enabling, a password reset). Identity's own <see cref="SecurityStampValidator"/> checks the stamp
/// only once per interval (a minute here) and, when it does, issues a new cookie; within that minute an outside tester's
/// disabled account changed its own password (which issued a new, valid cookie), enrolled an authenticator, reopened pages
/// from the browser's history, and, re-enabled a second later, had its ended session back. This check runs after Identity's
/// on every request that carries the cookie: one small read (stamp and IsDisabled), and it never renews the cookie, so the
/// session's idle timeout still counts only the portal's own renewals. Open pages (circuits) are ended by
/// <see cref="OpenSessions"/>.
/// </summary>
public static class CookieStampCheck
{
    /// <summary>Adds the check to the application cookie's <c>OnValidatePrincipal</c>, after Identity's validator.</summary>
    public static IServiceCollection AddCookieStampCheck(this IServiceCollection services)
    {
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
            .PostConfigure(o =>
            {
                var identityValidation = o.Events.OnValidatePrincipal;
                o.Events.OnValidatePrincipal = async context =>
                {
                    await identityValidation(context);
                    if (context.Principal is { } principal && !await StillValidAsync(context.HttpContext.RequestServices, principal, context.HttpContext.RequestAborted))
                    {
                        context.RejectPrincipal();
                        await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
                    }
                };
            });
        return services;
    }

    /// <summary>True when the account exists, is enabled and still has the stamp the cookie was issued with.</summary>
    private static async Task<bool> StillValidAsync(IServiceProvider services, ClaimsPrincipal principal, CancellationToken ct)
    {
        var userId = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        if (userId is null) return false;
        var stampClaim = services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity.SecurityStampClaimType;
        var cookieStamp = principal.FindFirstValue(stampClaim);
        await using var db = await services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(ct);
        var user = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new { u.SecurityStamp, u.IsDisabled }).FirstOrDefaultAsync(ct);
        return user is { IsDisabled: false } && user.SecurityStamp == cookieStamp;
    }
}
