using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using DentistPortal.Features.Common;
using DentistPortal.Infrastructure.Identity;

namespace DentistPortal.Components.Account;

/// <summary>
/// Revalidates the signed-in user of an open page every <see cref="Interval"/> (issue 9 §5): the security stamp (a
/// password reset or a disabling changes it) and <see cref="CheckSessionHandler"/> (account enabled, roles and clinic
/// still held, from the database). When either fails the page's user becomes anonymous and it leaves for the login.
/// </summary>
internal sealed class IdentityRevalidatingAuthenticationStateProvider(
        ILoggerFactory loggerFactory,
        IServiceScopeFactory scopeFactory,
        IOptions<IdentityOptions> options,
        IConfiguration configuration)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    /// <summary>
    /// Short (<c>Security:SessionRevalidationSeconds</c>, default 60): a disabled or demoted account must not keep an
    /// open page for long (the template's 30 minutes). The sign-in cookie's stamp is checked as often.
    /// </summary>
    public static TimeSpan Interval(IConfiguration configuration) =>
        TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue("Security:SessionRevalidationSeconds", 60)));

    protected override TimeSpan RevalidationInterval => Interval(configuration);

    protected override async Task<bool> ValidateAuthenticationStateAsync(
        AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        // Get the user manager from a new scope to ensure it fetches fresh data
        await using var scope = scopeFactory.CreateAsyncScope();
        var userManager = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        if (!await ValidateSecurityStampAsync(userManager, authenticationState.User)) return false;
        var session = scope.ServiceProvider.GetRequiredService<CheckSessionHandler>();
        return await session.HandleAsync(Actor.FromPrincipal(authenticationState.User), cancellationToken);
    }

    private async Task<bool> ValidateSecurityStampAsync(UserManager<ApplicationUser> userManager, ClaimsPrincipal principal)
    {
        var user = await userManager.GetUserAsync(principal);
        if (user is null)
        {
            return false;
        }
        else if (!userManager.SupportsUserSecurityStamp)
        {
            return true;
        }
        else
        {
            var principalStamp = principal.FindFirstValue(options.Value.ClaimsIdentity.SecurityStampClaimType);
            var userStamp = await userManager.GetSecurityStampAsync(user);
            return principalStamp == userStamp;
        }
    }
}
