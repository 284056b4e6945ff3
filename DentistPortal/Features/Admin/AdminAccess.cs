using DentistPortal.Domain.Access;
using DentistPortal.Features.Common;
using DentistPortal.Infrastructure.Data;

namespace DentistPortal.Features.Admin;

/// <summary>
/// The one check every back-office handler makes: the cookie says Admin <i>and</i> the database still says so
/// (the account exists, holds the Admin role and is not disabled). Anyone else is refused and the refusal audited.
/// </summary>
public static class AdminAccess
{
    private static readonly string[] AdminOnly = [Roles.Admin];

    public static Task<bool> IsAdminAsync(AppDbContext db, Actor? actor, CancellationToken ct) =>
        RoleAccess.HoldsAnyAsync(db, actor, AdminOnly, ct);

    /// <summary>True for an admin; otherwise records the refusal (for a signed-in actor) and answers false.</summary>
    public static Task<bool> EnsureAdminAsync(AppDbContext db, TimeProvider time, Actor? actor, string what, CancellationToken ct) =>
        RoleAccess.EnsureAsync(db, time, actor, AdminOnly, "Admin", what, ct);

    public static string Id(int id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
