using DentistPortal.Domain.Audit;
using DentistPortal.Domain.Clinics;
using DentistPortal.Domain.Common;
using DentistPortal.Features.Common;
using DentistPortal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Features.Clinics;

public sealed record ClinicOverviewQuery(int ClinicId);

public sealed record ClinicTeamMember(string Name, string Role, string? Cro);

public sealed record RecentLookup(DateTimeOffset AtUtc, string ByName, string PatientName, string Outcome);

public sealed record ClinicOverview(
    int Id,
    string Name,
    string Cnpj,
    string CityUf,
    string? Address,
    IReadOnlyList<ClinicTeamMember> Team,
    IReadOnlyList<RecentLookup> RecentLookups);

/// <summary>
/// The clinic's own page: its team and the last lookups made there. Only members working at
/// that clinic may read it; anyone else gets a refusal that reveals nothing.
/// </summary>
public sealed class GetClinicOverviewHandler(IDbContextFactory<AppDbContext> dbFactory, TimeProvider time, AccessCheck access)
{
    public async Task<Result<ClinicOverview>> HandleAsync(ClinicOverviewQuery query, Actor? actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!(await access.ReadAsync(db, actor, ct)).ActsForClinic(query.ClinicId))
        {
            if (actor is not null)
            {
                Audit.Record(db, time, actor, AuditActions.AccessDenied, "refused", "Clinic",
                    query.ClinicId.ToString(System.Globalization.CultureInfo.InvariantCulture), "visão geral da clínica");
                await db.SaveChangesAsync(ct);
            }
            return Result<ClinicOverview>.Forbidden();
        }

        var clinic = await db.Clinics.AsNoTracking().SingleAsync(c => c.Id == query.ClinicId, ct);
        var members = await (
            from m in db.ClinicMembers.AsNoTracking()
            where m.ClinicId == query.ClinicId
            join u in db.Users on m.UserId equals u.Id
            join d in db.Dentists on m.UserId equals d.UserId into ds
            from d in ds.DefaultIfEmpty()
            select new { u.FullName, m.Kind, Cro = d == null ? null : "CRO-" + d.CroUf + " " + d.CroNumber })
            .ToListAsync(ct);
        var team = members
            .OrderBy(m => m.Kind).ThenBy(m => m.FullName)
            .Select(m => new ClinicTeamMember(m.FullName, m.Kind == ClinicMemberKind.Dentist ? "Dentista" : "Recepção", m.Cro))
            .ToList();

        var lookups = await db.AuditEntries.AsNoTracking()
            .Where(a => a.ClinicId == query.ClinicId && a.Action == AuditActions.BeneficiaryLookup)
            .OrderByDescending(a => a.AtUtc).Take(10)
            .ToListAsync(ct);
        var ids = lookups.Where(l => l.SubjectId is not null).Select(l => int.Parse(l.SubjectId!, System.Globalization.CultureInfo.InvariantCulture)).Distinct().ToList();
        var names = await db.Beneficiaries.AsNoTracking().Where(b => ids.Contains(b.Id)).ToDictionaryAsync(b => b.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), b => b.FullName, ct);
        var recent = lookups
            .Select(l => new RecentLookup(l.AtUtc, l.ActorName,
                l.SubjectId is { } s && names.TryGetValue(s, out var n) ? n : "—",
                l.Outcome == "found" ? "encontrado" : "não encontrado"))
            .ToList();

        return Result<ClinicOverview>.Ok(new ClinicOverview(
            clinic.Id, clinic.Name, Cnpj.Format(clinic.Cnpj), $"{clinic.City}/{clinic.Uf}", clinic.Address, team, recent));
    }
}
