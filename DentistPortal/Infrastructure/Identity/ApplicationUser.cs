using Microsoft.AspNetCore.Identity;

namespace DentistPortal.Infrastructure.Identity;

public sealed class ApplicationUser : IdentityUser
{
    public string FullName { get; set; } = "";
}
