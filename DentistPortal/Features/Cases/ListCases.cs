using DentistPortal.Domain.Access;
using DentistPortal.Domain.Tokens;
using DentistPortal.Features.Common;
using DentistPortal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Features.Cases;

public enum CaseFilter
{
    /// <summary>Open or assigned: still to be handled.</summary>
    Pending = 0,
    Open = 1,
    Assigned = 2,
    Closed = 3,
    All = 4,
}

public sealed record ListCasesQuery(CaseFilter Status = CaseFilter.Pending, int? ClinicId = null);

public sealed record CaseRow(
    int Id, DateTimeOffset AtUtc, int TreatmentId, string TreatmentNumber, int TokenSequence,
    string ClinicName, string DentistName, string BeneficiaryName,
    string ReportedVia, string ReportedByName, string? Notes,
    ReportStatus Status, string? AssignedToUserId, string? AssignedToName, string? Outcome, DateTimeOffset? ClosedAtUtc,
    Domain.Tokens.TokenStatus TokenStatus = Domain.Tokens.TokenStatus.Revoked, bool? CallerPhoneMatched = null)
{
    public bool IsClosed => Status == ReportStatus.Closed;
}

public sealed record CaseOption(string Id, string Name);

/// <summary>The cases screen: rows, plus who may be assigned and the clinics to filter by.</summary>
public sealed record CaseList(IReadOnlyList<CaseRow> Rows, IReadOnlyList<CaseOption> Assignees, IReadOnlyList<(int Id, string Name)> Clinics);

/// <summary>
/// Unsolicited-code reports (manual Q8) as cases for the back office: open ones first, oldest first, then the
/// closed ones, newest first. Admin only.
/// </summary>
public sealed class ListCasesHandler(IDbContextFactory<AppDbContext> dbFactory, AccessCheck access)
{
    public const int MaxRows = 500;

    public async Task<Result<CaseList>> HandleAsync(ListCasesQuery query, Actor? actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await access.EnsureAdminAsync(db, actor, null, "case.listed", ct)) return Result<CaseList>.Forbidden();

        var reports = db.UnsolicitedReports.AsNoTracking();
        reports = query.Status switch
        {
            CaseFilter.Pending => reports.Where(r => r.Status != ReportStatus.Closed),
            CaseFilter.Open => reports.Where(r => r.Status == ReportStatus.Open),
            CaseFilter.Assigned => reports.Where(r => r.Status == ReportStatus.Assigned),
            CaseFilter.Closed => reports.Where(r => r.Status == ReportStatus.Closed),
            _ => reports,
        };
        if (query.ClinicId is { } clinicId) reports = reports.Where(r => r.ClinicId == clinicId);

        // Open and assigned cases first, oldest first (the longest waiting); then closed ones, latest closed first.
        var open = await Project(db, reports.Where(r => r.Status != ReportStatus.Closed), closed: false).Take(MaxRows).ToListAsync(ct);
        var closed = await Project(db, reports.Where(r => r.Status == ReportStatus.Closed), closed: true).Take(MaxRows - open.Count).ToListAsync(ct);

        var assignees = await CaseRules.AssigneesAsync(db, ct);
        var clinics = await db.Clinics.AsNoTracking().OrderBy(c => c.Name).Select(c => new { c.Id, c.Name, c.City, c.Uf }).ToListAsync(ct);
        return Result<CaseList>.Ok(new CaseList([.. open, .. closed], assignees, [.. clinics.Select(c => (c.Id, $"{c.Name} — {c.City}/{c.Uf}"))]));
    }

    private static IQueryable<CaseRow> Project(AppDbContext db, IQueryable<UnsolicitedReport> reports, bool closed)
    {
        var joined =
            from r in reports
            join t in db.Treatments on r.TreatmentId equals t.Id
            join c in db.Clinics on r.ClinicId equals c.Id
            join b in db.Beneficiaries on t.BeneficiaryId equals b.Id
            select new { r, t, c, b };
        joined = closed
            ? joined.OrderByDescending(x => x.r.ClosedAtUtc).ThenByDescending(x => x.r.Id)
            : joined.OrderBy(x => x.r.AtUtc).ThenBy(x => x.r.Id);
        return joined.Select(x => new CaseRow(
            x.r.Id, x.r.AtUtc, x.r.TreatmentId, x.t.Number,
            db.Tokens.Where(k => k.Id == x.r.TokenId).Select(k => k.Sequence).FirstOrDefault(),
            x.c.Name,
            db.Dentists.Where(d => d.UserId == x.r.DentistUserId).Select(d => d.FullName).FirstOrDefault()
                ?? db.Users.Where(u => u.Id == x.r.DentistUserId).Select(u => u.FullName).FirstOrDefault() ?? "",
            x.b.FullName,
            ViaDisplay(x.r.ReportedVia),
            db.Users.Where(u => u.Id == x.r.ReportedByUserId).Select(u => u.FullName).FirstOrDefault() ?? "",
            x.r.Notes, x.r.Status, x.r.AssignedToUserId,
            db.Users.Where(u => u.Id == x.r.AssignedToUserId).Select(u => u.FullName).FirstOrDefault(),
            x.r.Outcome, x.r.ClosedAtUtc,
            db.Tokens.Where(k => k.Id == x.r.TokenId).Select(k => k.Status).FirstOrDefault(),
            x.r.CallerPhoneMatched));
    }

    public static string ViaDisplay(string via) => via switch
    {
        "portal" => "Portal do Cliente",
        "central" => "Central de Atendimento",
        Domain.Tokens.UnsolicitedReport.ViaThirdParty => "Central (terceiro que recebeu o código)",
        _ => via,
    };
}
