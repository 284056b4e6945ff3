using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace DentistPortal.Infrastructure.Identity;

/// <summary>How the password step of a login ended (issue 10, Accounts).</summary>
public enum PasswordStep
{
    /// <summary>Unknown account, wrong password (also on a disabled or locked account): one answer for all.</summary>
    Rejected,
    /// <summary>Right password, account disabled by the back office.</summary>
    Disabled,
    /// <summary>Right password, account not confirmed.</summary>
    NotAllowed,
    /// <summary>Right password; the two-factor cookie is set and the authenticator code is asked next.</summary>
    TwoFactorRequired,
    /// <summary>Right password, no second factor enrolled: the caller signs the session in.</summary>
    Succeeded,
}

/// <summary>
/// Identity's <see cref="SignInManager{TUser}"/> with the portal's password step (issue 10, Accounts): the answer is
/// the same for an unknown account, a wrong password and a disabled account (the disabled notice only after the right
/// password); every wrong password counts toward lockout, also on a disabled or already locked account; an unknown
/// account costs one password hash like a known one, so the time taken does not tell whether it exists.
/// </summary>
public sealed class PortalSignInManager(
        UserManager<ApplicationUser> userManager,
        IHttpContextAccessor contextAccessor,
        IUserClaimsPrincipalFactory<ApplicationUser> claimsFactory,
        IOptions<IdentityOptions> optionsAccessor,
        ILogger<SignInManager<ApplicationUser>> logger,
        IAuthenticationSchemeProvider schemes,
        IUserConfirmation<ApplicationUser> confirmation,
        IPasswordHasher<ApplicationUser> hasher)
    : SignInManager<ApplicationUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    private static readonly ApplicationUser Nobody = new() { Id = "nobody", UserName = "nobody" };
    private static string? nobodysHash;

    /// <summary>The password step; <paramref name="user"/> is the account when the password was right.</summary>
    public async Task<(PasswordStep Step, ApplicationUser? User)> CheckPasswordStepAsync(string email, string password, bool isPersistent)
    {
        var user = await UserManager.FindByEmailAsync(email);
        if (user is null)
        {
            // The same PBKDF2 work as a real check (the real hasher, a real hash), then the same answer.
            SpendOneVerification(password);
            return (PasswordStep.Rejected, null);
        }

        if (await UserManager.IsLockedOutAsync(user))
        {
            // Locked: the password is not checked at all, so guessing during the lockout learns nothing (a right password
            // answered "bloqueada" and a wrong one "incorretos" would be an oracle). Same work, same answer as a wrong one.
            SpendOneVerification(password);
            return (PasswordStep.Rejected, null);
        }

        if (!await UserManager.CheckPasswordAsync(user, password))
        {
            // Counts even when the account is disabled.
            await UserManager.AccessFailedAsync(user);
            return (PasswordStep.Rejected, null);
        }

        // The wrong password that just counted may have been the one that locked the account.
        if (await UserManager.IsLockedOutAsync(user)) return (PasswordStep.Rejected, null);
        if (user.IsDisabled) return (PasswordStep.Disabled, user);
        if (!await CanSignInAsync(user)) return (PasswordStep.NotAllowed, user);

        if (await HasAuthenticatorAsync(user) && !await IsTwoFactorClientRememberedAsync(user))
        {
            // The failure count is kept until the code is right, so guessing codes still ends in lockout.
            var twoFactor = await SignInOrTwoFactorAsync(user, isPersistent);
            return (twoFactor.RequiresTwoFactor ? PasswordStep.TwoFactorRequired : PasswordStep.Succeeded, user);
        }

        await UserManager.ResetAccessFailedCountAsync(user);
        return (PasswordStep.Succeeded, user);
    }

    /// <summary>The same PBKDF2 work as a real password check, against a random hash nobody knows (answers that must not differ in time).</summary>
    private void SpendOneVerification(string password)
    {
        nobodysHash ??= hasher.HashPassword(Nobody, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)));
        hasher.VerifyHashedPassword(Nobody, nobodysHash, password);
    }

    /// <summary>Two-factor login is on and an authenticator key is enrolled.</summary>
    public async Task<bool> HasAuthenticatorAsync(ApplicationUser user) =>
        await UserManager.GetTwoFactorEnabledAsync(user) && !string.IsNullOrEmpty(await UserManager.GetAuthenticatorKeyAsync(user));

    /// <summary>
    /// Recovery-code sign-in where a wrong code also counts toward lockout (issue 10: "lockout counts every failure").
    /// </summary>
    public async Task<SignInResult> RecoveryCodeSignInCountingFailuresAsync(string recoveryCode)
    {
        var user = await GetTwoFactorAuthenticationUserAsync();
        if (user is null) return SignInResult.Failed;
        if (await UserManager.IsLockedOutAsync(user)) return SignInResult.LockedOut;
        var before = await UserManager.GetAccessFailedCountAsync(user);
        var result = await TwoFactorRecoveryCodeSignInAsync(recoveryCode);
        if (result.Succeeded || result.IsLockedOut) return result;
        var fresh = await UserManager.FindByIdAsync(user.Id);
        if (fresh is not null && await UserManager.GetAccessFailedCountAsync(fresh) == before && !await UserManager.IsLockedOutAsync(fresh))
        {
            await UserManager.AccessFailedAsync(fresh);
            if (await UserManager.IsLockedOutAsync(fresh)) return SignInResult.LockedOut;
        }
        return result;
    }

    /// <summary>
    /// Re-issues the session cookie after a change of the security stamp (authenticator key, two-factor switch,
    /// password), keeping what this session established: the clinic chosen and the second factor used. Without it the
    /// stamp check (every minute) would sign the person out in the middle of the enrolment.
    /// </summary>
    public async Task RefreshKeepingSessionClaimsAsync(ApplicationUser user)
    {
        var kept = Context.User.Claims.Where(c => c.Type is PortalClaims.ClinicId or "amr")
            .Select(c => new System.Security.Claims.Claim(c.Type, c.Value)).ToList();
        await SignInWithClaimsAsync(user, isPersistent: false, kept);
    }
}
