using System.Security.Claims;
using DentistPortal.Domain.Access;
using DentistPortal.Infrastructure.Identity;

namespace DentistPortal.Features.Common;

/// <summary>
/// Who is acting: taken from the signed authentication cookie. Handlers never trust it alone for clinic
/// data: <see cref="AccessCheck"/> re-reads the account, its roles and memberships from the database.
/// </summary>
public sealed record Actor(string UserId, string Name, IReadOnlySet<string> Roles, int? ClinicId)
{
    public bool IsInRole(string role) => Roles.Contains(role);

    public bool IsInAnyRole(params string[] roles) => roles.Any(Roles.Contains);

    /// <summary>The role recorded in the audit trail (a user has one role in this portal).</summary>
    public string PrimaryRole => DentistPortal.Domain.Access.Roles.All.FirstOrDefault(Roles.Contains) ?? "Unknown";

    public static Actor? FromPrincipal(ClaimsPrincipal? principal)
    {
        if (principal?.Identity?.IsAuthenticated != true) return null;
        var id = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        if (string.IsNullOrEmpty(id)) return null;
        var roles = principal.FindAll(ClaimTypes.Role).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        var name = principal.FindFirstValue(PortalClaims.FullName) ?? principal.Identity?.Name ?? id;
        int? clinic = int.TryParse(principal.FindFirstValue(PortalClaims.ClinicId), out var c) ? c : null;
        return new Actor(id, name, roles, clinic);
    }
}
