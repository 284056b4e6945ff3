namespace DentistPortal.Domain.Access;

/// <summary>What an account must do before it may use the portal (issue 10, Accounts).</summary>
public enum AccountGateStep
{
    /// <summary>Nothing pending: every page its roles allow.</summary>
    None,
    /// <summary>The password was set by an administrator: only "Alterar senha" until it is changed.</summary>
    ChangePassword,
    /// <summary>An operator role without an enrolled authenticator: only the enrolment page until it is done.</summary>
    EnrolAuthenticator,
}

/// <summary>
/// The rule of issue 10 (Accounts): two-factor authentication is required for Admin, Auditor and CallCenterAgent
/// in every environment (optional for clinic users and beneficiaries), and a password set by an administrator must
/// be changed at the next login. The password comes first, then the authenticator.
/// </summary>
public static class AccountGate
{
    /// <summary>Roles that may not use the portal without an authenticator app (TOTP).</summary>
    public static readonly IReadOnlyList<string> TwoFactorRequiredRoles = [Roles.Admin, Roles.Auditor, Roles.CallCenterAgent];

    public static bool RequiresTwoFactor(IEnumerable<string> roles) => roles.Any(TwoFactorRequiredRoles.Contains);

    public static AccountGateStep Pending(bool mustChangePassword, bool twoFactorEnabled, IEnumerable<string> roles) =>
        mustChangePassword ? AccountGateStep.ChangePassword
        : !twoFactorEnabled && RequiresTwoFactor(roles) ? AccountGateStep.EnrolAuthenticator
        : AccountGateStep.None;
}
