using Microsoft.AspNetCore.Identity;

namespace DentistPortal.Infrastructure.Identity;

public sealed class ApplicationUser : IdentityUser
{
    public string FullName { get; set; } = "";

    /// <summary>Disabled by the back office: cannot sign in (kept for the audit trail instead of deleted).</summary>
    public bool IsDisabled { get; set; }

    /// <summary>
    /// The password was set by an administrator (new account or reset): the person must choose their own at the next
    /// login before anything else works (issue 10, Accounts). Set by <see cref="RequirePasswordChange"/>, cleared by
    /// <see cref="PasswordChangedByOwner"/>.
    /// </summary>
    public bool MustChangePassword { get; private set; }

    /// <summary>An administrator set this password: the owner must replace it at the next login.</summary>
    public void RequirePasswordChange() => MustChangePassword = true;

    /// <summary>The owner chose a new password themselves.</summary>
    public void PasswordChangedByOwner() => MustChangePassword = false;
}
