using DentistPortal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Features.Clinics;

public sealed record ClinicChoice(int Id, string Name, string City, string Uf);

/// <summary>The active clinics a user works at (to choose one after login).</summary>
public sealed class GetMyClinicsHandler(IDbContextFactory<AppDbContext> dbFactory)
{
    public async Task<IReadOnlyList<ClinicChoice>> HandleAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ClinicMembers.AsNoTracking()
            .Where(m => m.UserId == userId && m.Clinic!.IsActive)
            .OrderBy(m => m.Clinic!.Name)
            .Select(m => new ClinicChoice(m.ClinicId, m.Clinic!.Name, m.Clinic.City, m.Clinic.Uf))
            .ToListAsync(ct);
    }
}
