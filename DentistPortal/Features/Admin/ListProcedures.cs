using DentistPortal.Domain.Procedures;
using DentistPortal.Features.Common;
using DentistPortal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Features.Admin;

public sealed record AdminProcedureRow(string TussCode, string Description, ProcedureSite Site, bool RequiresFaces, int FaceCount, bool NeedsReview, bool IsActive)
{
    public string SiteDisplay => ProcedureSites.Display(Site);
}

/// <summary>Search text (TUSS code prefix or words of the description, accent-insensitive) and whether inactive ones are listed.</summary>
public sealed record ListProceduresQuery(string? Search = null, bool IncludeInactive = true);

public static class ProcedureSites
{
    public static string Display(ProcedureSite site) => site switch
    {
        ProcedureSite.Tooth => "Dente",
        ProcedureSite.Arch => "Arcada",
        ProcedureSite.HemiArch => "Hemiarcada",
        ProcedureSite.Sextant => "Sextante",
        ProcedureSite.Mouth => "Boca toda",
        _ => "—",
    };
}

/// <summary>Back office: the whole procedure catalogue read from the database (not the chair-side cache).</summary>
public sealed class ListProceduresHandler(IDbContextFactory<AppDbContext> dbFactory, AccessCheck access)
{
    public async Task<Result<IReadOnlyList<AdminProcedureRow>>> HandleAsync(ListProceduresQuery query, Actor? actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await access.EnsureAdminAsync(db, actor, "catálogo de procedimentos", ct)) return Result<IReadOnlyList<AdminProcedureRow>>.Forbidden();
        var all = await db.Procedures.AsNoTracking().OrderBy(p => p.TussCode).ToListAsync(ct);
        IEnumerable<Procedure> list = all.Where(p => query.IncludeInactive || p.IsActive);
        if (!string.IsNullOrWhiteSpace(query.Search))
            list = list.Where(p => Treatments.ProcedureCatalog.Matches(p, query.Search));
        return Result<IReadOnlyList<AdminProcedureRow>>.Ok(
            [.. list.Select(p => new AdminProcedureRow(p.TussCode, p.Description, p.Site, p.RequiresFaces, p.FaceCount, p.NeedsReview, p.IsActive))]);
    }
}
