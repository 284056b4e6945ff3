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
/// Between two checks, <see cref="OpenSessions"/> ends the page at once when its account is disabled (by the back office on
/// this instance, or found disabled by any action of that account).
/// </summary>
internal sealed class IdentityRevalidatingAuthenticationStateProvider : RevalidatingServerAuthenticationStateProvider
{
    private readonly IServiceScopeFactory scopeFactory;
    private readonly IOptions<IdentityOptions> options;
    private readonly IConfiguration configuration;
    private readonly OpenSessions sessions;
    private IDisposable? registration;

    public IdentityRevalidatingAuthenticationStateProvider(ILoggerFactory loggerFactory, IServiceScopeFactory scopeFactory,
        IOptions<IdentityOptions> options, IConfiguration configuration, OpenSessions sessions)
        : base(loggerFactory)
    {
        this.scopeFactory = scopeFactory;
        this.options = options;
        this.configuration = configuration;
        this.sessions = sessions;
        AuthenticationStateChanged += Register;
    }

    /// <summary>Registers this page under its signed-in account (a new user replaces the old registration; anonymous holds none).</summary>
    private void Register(Task<AuthenticationState> state) => _ = RegisterAsync(state);

    private async Task RegisterAsync(Task<AuthenticationState> state)
    {
        try
        {
            var user = (await state).User;
            var userId = user.Identity?.IsAuthenticated == true ? user.FindFirstValue(ClaimTypes.NameIdentifier) : null;
            var next = userId is null ? null : sessions.Register(userId, EndNow);
            Interlocked.Exchange(ref registration, next)?.Dispose();
        }
        catch (Exception)
        {
            // A failed state has no user to register; the revalidation loop still runs.
        }
    }

    /// <summary>The page's user becomes anonymous: the router shows <c>RedirectToLogin</c>, as after a failed revalidation.</summary>
    private void EndNow() =>
        SetAuthenticationState(Task.FromResult(new AuthenticationState(new ClaimsPrincipal(new ClaimsIdentity()))));

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            AuthenticationStateChanged -= Register;
            Interlocked.Exchange(ref registration, null)?.Dispose();
        }
        base.Dispose(disposing);
    }
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
