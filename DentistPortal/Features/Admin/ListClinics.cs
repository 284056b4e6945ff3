using DentistPortal.Domain.Clinics;
using DentistPortal.Features.Common;
using DentistPortal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Features.Admin;

public sealed record AdminClinicRow(
    int Id, string Name, string Cnpj, string? Cnes, string City, string Uf, string? Address, bool IsActive, int Dentists, int Staff,
    string? CodeAtOperator = null)
{
    public string CnpjDisplay => DentistPortal.Domain.Common.Cnpj.Format(Cnpj);
}

/// <summary>Every clinic of the network, active or not, with the size of its team (back office).</summary>
public sealed class ListClinicsHandler(IDbContextFactory<AppDbContext> dbFactory, AccessCheck access)
{
    public async Task<Result<IReadOnlyList<AdminClinicRow>>> HandleAsync(Actor? actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await access.EnsureAdminAsync(db, actor, "clínicas", ct)) return Result<IReadOnlyList<AdminClinicRow>>.Forbidden();
        var rows = await db.Clinics.AsNoTracking()
            .OrderBy(c => c.Name)
            .Select(c => new AdminClinicRow(c.Id, c.Name, c.Cnpj, c.Cnes, c.City, c.Uf, c.Address, c.IsActive,
                c.Members.Count(m => m.Kind == ClinicMemberKind.Dentist), c.Members.Count(m => m.Kind == ClinicMemberKind.Staff), c.CodeAtOperator))
            .ToListAsync(ct);
        return Result<IReadOnlyList<AdminClinicRow>>.Ok(rows);
    }
}
