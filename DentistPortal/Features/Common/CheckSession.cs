using DentistPortal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Features.Common;

/// <summary>
/// Whether a signed-in session may go on (issue 9 §5), asked by the open page every minute: the account is still
/// enabled, still holds every role its cookie names, and a clinic user still works at the clinic chosen at login.
/// False ends the session in the page at once (the handlers already refuse every action on their own).
/// </summary>
public sealed class CheckSessionHandler(IDbContextFactory<AppDbContext> dbFactory, AccessCheck access)
{
    public async Task<bool> HandleAsync(Actor? actor, CancellationToken ct = default)
    {
        if (actor is null) return false;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = await access.ReadAsync(db, actor, ct);
        if (!now.IsEnabled || !actor.Roles.All(now.Holds)) return false;
        return actor.ClinicId is not { } clinicId || now.ActsForClinic(clinicId);
    }
}
