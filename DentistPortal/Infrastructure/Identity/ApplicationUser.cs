using Microsoft.AspNetCore.Identity;

namespace DentistPortal.Infrastructure.Identity;

public sealed class ApplicationUser : IdentityUser
{
    public string FullName { get; set; } = "";

    /// <summary>Disabled by the back office: cannot sign in (kept for the audit trail instead of deleted).</summary>
    public bool IsDisabled { get; set; }
}
