using DentistPortal.Domain.Access;
using DentistPortal.Features.Common;
using DentistPortal.Infrastructure.Data;

namespace DentistPortal.Features.Admin;

/// <summary>
/// Back office: the Admin role, as the database says (<see cref="AccessCheck"/>). Anyone else is refused and the
/// refusal audited.
/// </summary>
public static class AdminAccess
{
    private static readonly string[] AdminOnly = [Roles.Admin];

    /// <summary>True for an enabled account holding Admin; otherwise records the refusal and answers false.</summary>
    public static Task<bool> EnsureAdminAsync(this AccessCheck check, AppDbContext db, Actor? actor, string what, CancellationToken ct) =>
        check.EnsureRoleAsync(db, actor, AdminOnly, "Admin", what, ct);

    public static string Id(int id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
