using System.Globalization;
using System.Security.Claims;
using DentistPortal.Domain.Access;
using DentistPortal.Features.Clinics;
using DentistPortal.Infrastructure.Identity;
using Microsoft.AspNetCore.Identity;

namespace DentistPortal.Components.Account;

/// <summary>
/// Issues the session cookie once the login's last step passed (password, or password and authenticator code): with
/// the clinic claim when the person works at exactly one clinic. Answers where to go next.
/// </summary>
internal sealed class PortalSessionStarter(UserManager<ApplicationUser> users, PortalSignInManager signIn, GetMyClinicsHandler myClinics)
{
    public const string ChooseClinicPage = "Account/SelecionarClinica";
    public const string EnrolPage = "Account/Manage/EnableAuthenticator";
    public const string ChangePasswordPage = "Account/Manage/ChangePassword";

    /// <summary>Signs in and returns the page to go to, or null for the caller's return URL.</summary>
    public async Task<string?> StartAsync(ApplicationUser user, bool isPersistent, bool secondFactorUsed)
    {
        var roles = await users.GetRolesAsync(user);
        var claims = new List<Claim>();
        if (secondFactorUsed) claims.Add(new Claim("amr", "mfa"));
        var mustChooseClinic = false;
        if (roles.Any(Roles.IsClinicRole))
        {
            var clinics = await myClinics.HandleAsync(user.Id);
            if (clinics.Count == 1) claims.Add(new Claim(PortalClaims.ClinicId, clinics[0].Id.ToString(CultureInfo.InvariantCulture)));
            else if (clinics.Count > 1) mustChooseClinic = true;
        }
        await signIn.SignInWithClaimsAsync(user, isPersistent, claims);

        return AccountGate.Pending(user.MustChangePassword, await signIn.HasAuthenticatorAsync(user), roles) switch
        {
            AccountGateStep.ChangePassword => ChangePasswordPage,
            AccountGateStep.EnrolAuthenticator => EnrolPage,
            _ => mustChooseClinic ? ChooseClinicPage : null,
        };
    }
}
