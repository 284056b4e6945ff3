using System.Globalization;
using DentistPortal.Domain.Access;
using DentistPortal.Domain.Audit;
using DentistPortal.Features.Cases;
using DentistPortal.Features.Common;
using DentistPortal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Features.AuditLog;

/// <param name="Page">0-based.</param>
public sealed record SearchAuditLogQuery(AuditLogFilter Filter, int Page = 0, int PageSize = 25);

/// <summary>One line of the trail as the back office reads it (never a token code: the trail holds none).</summary>
public sealed record AuditLogRow(
    long Id, DateTimeOffset AtUtc, string ActorName, string ActorRole, string? ClinicName,
    string Action, string ActionLabel, string Outcome, string OutcomeLabel,
    string? Subject, string? TreatmentNumber, string? Detail, int? CaseId = null);

public sealed record AuditLogPage(IReadOnlyList<AuditLogRow> Rows, int Total, int Page, int PageSize);

public sealed record AuditActionOption(string Code, string Label);

/// <summary>The audit trail viewer: filtered, newest first, one page at a time from the database. Admin only (SPEC §1).</summary>
public sealed class SearchAuditLogHandler(IDbContextFactory<AppDbContext> dbFactory, AccessCheck access)
{
    public static readonly int[] PageSizes = [25, 50, 100];

    private static readonly string[] Readers = [Roles.Admin];

    /// <summary>The trail is the back office's: the Admin role, from the database; a refusal is itself audited.</summary>
    internal static Task<bool> EnsureReaderAsync(AccessCheck access, AppDbContext db, Actor? actor, string what, CancellationToken ct) =>
        access.EnsureRoleAsync(db, actor, Readers, "AuditLog", what, ct);

    /// <summary>Whether the viewer may read the trail (the page decides what to show; each query checks again).</summary>
    public async Task<bool> CanReadAsync(Actor? actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return (await access.ReadAsync(db, actor, ct)).HoldsAny(Readers);
    }

    public async Task<Result<AuditLogPage>> HandleAsync(SearchAuditLogQuery query, Actor? actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await EnsureReaderAsync(access, db, actor, "trilha de auditoria", ct)) return Result<AuditLogPage>.Forbidden();
        if (query.Filter.Problem() is { } problem) return Result<AuditLogPage>.Invalid(problem);
        var pageSize = Math.Clamp(query.PageSize, 1, 200);
        var page = Math.Max(0, query.Page);

        if (await query.Filter.ApplyAsync(db, ct) is not { } entries)
            return Result<AuditLogPage>.Ok(new AuditLogPage([], 0, page, pageSize));

        var total = await entries.CountAsync(ct);
        var lines = await entries.OrderByDescending(a => a.AtUtc).ThenByDescending(a => a.Id)
            .Skip((int)Math.Min((long)page * pageSize, int.MaxValue)).Take(pageSize).ToListAsync(ct);
        var rows = await AuditRowReader.ReadAsync(db, lines, ct);
        return Result<AuditLogPage>.Ok(new AuditLogPage(rows, total, page, pageSize));
    }

    /// <summary>The actions to filter by: those in the trail and the ones the portal knows.</summary>
    public async Task<IReadOnlyList<AuditActionOption>> ActionsAsync(Actor? actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!(await access.ReadAsync(db, actor, ct)).HoldsAny(Readers)) return [];
        var used = await db.AuditEntries.Select(a => a.Action).Distinct().ToListAsync(ct);
        return [.. used.Union(AuditLabels.KnownActions).Distinct()
            .Select(a => new AuditActionOption(a, AuditLabels.Action(a)))
            .OrderBy(a => a.Label, StringComparer.Create(CultureInfo.GetCultureInfo("pt-BR"), true))];
    }

    public async Task<IReadOnlyList<(int Id, string Name)>> ClinicsAsync(Actor? actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!(await access.ReadAsync(db, actor, ct)).HoldsAny(Readers)) return [];
        var clinics = await db.Clinics.AsNoTracking().OrderBy(c => c.Name).Select(c => new { c.Id, c.Name, c.City, c.Uf }).ToListAsync(ct);
        return [.. clinics.Select(c => (c.Id, $"{c.Name} — {c.City}/{c.Uf}"))];
    }
}

/// <summary>Turns trail lines into readable rows: clinic names, treatment numbers, who or what the line is about.</summary>
internal static class AuditRowReader
{
    public static async Task<IReadOnlyList<AuditLogRow>> ReadAsync(AppDbContext db, IReadOnlyList<AuditEntry> lines, CancellationToken ct)
    {
        static List<int> Ids(IEnumerable<AuditEntry> lines, string type) =>
            [.. lines.Where(l => l.SubjectType == type && int.TryParse(l.SubjectId, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                .Select(l => int.Parse(l.SubjectId!, CultureInfo.InvariantCulture)).Distinct()];

        var caseIds = Ids(lines, CaseRules.SubjectType);
        var cases = await db.UnsolicitedReports.AsNoTracking().Where(r => caseIds.Contains(r.Id))
            .Select(r => new { r.Id, r.TreatmentId }).ToDictionaryAsync(r => r.Id, r => r.TreatmentId, ct);
        var treatmentIds = Ids(lines, "Treatment").Concat(cases.Values).Distinct().ToList();
        var treatments = await db.Treatments.AsNoTracking().Where(t => treatmentIds.Contains(t.Id))
            .Select(t => new { t.Id, t.Number }).ToDictionaryAsync(t => t.Id, t => t.Number, ct);
        var beneficiaryIds = Ids(lines, "Beneficiary");
        var beneficiaries = await db.Beneficiaries.AsNoTracking().Where(b => beneficiaryIds.Contains(b.Id))
            .Select(b => new { b.Id, b.FullName }).ToDictionaryAsync(b => b.Id, b => b.FullName, ct);
        var clinics = await db.Clinics.AsNoTracking().Select(c => new { c.Id, c.Name }).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        var userIds = lines.Where(l => l.SubjectType == "User").Select(l => l.SubjectId).Distinct().ToList();
        var users = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).Select(u => new { u.Id, u.FullName })
            .ToDictionaryAsync(u => u.Id, u => u.FullName, ct);

        return [.. lines.Select(l =>
        {
            int? id = int.TryParse(l.SubjectId, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
            int? treatmentId = l.SubjectType switch
            {
                "Treatment" => id,
                CaseRules.SubjectType when id is { } c && cases.TryGetValue(c, out var t) => t,
                _ => null,
            };
            var number = treatmentId is { } tid ? treatments.GetValueOrDefault(tid) : null;
            string? subject = l.SubjectType switch
            {
                null => null,
                "Treatment" when number is not null => $"Tratamento nº {number}",
                CaseRules.SubjectType when number is not null => $"Caso nº {id} (tratamento nº {number})",
                "Beneficiary" when id is { } b && beneficiaries.TryGetValue(b, out var name) => $"Beneficiário: {name}",
                "Clinic" when id is { } c && clinics.TryGetValue(c, out var clinic) => $"Clínica: {clinic}",
                "User" when l.SubjectId is { } u && users.TryGetValue(u, out var user) => $"Usuário: {user}",
                "TreatmentItem" => $"Procedimento #{l.SubjectId}",
                _ => $"{TypeName(l.SubjectType)} {l.SubjectId}".Trim(),
            };
            return new AuditLogRow(l.Id, l.AtUtc, l.ActorName, Roles.DisplayName(l.ActorRole),
                l.ClinicId is { } cid ? clinics.GetValueOrDefault(cid) : null,
                l.Action, AuditLabels.Action(l.Action), l.Outcome, AuditLabels.Outcome(l.Outcome),
                subject, number, l.Detail, l.SubjectType == CaseRules.SubjectType ? id : null);
        })];
    }

    private static string TypeName(string type) => type switch
    {
        "Treatment" => "Tratamento",
        "Beneficiary" => "Beneficiário",
        "Clinic" => "Clínica",
        "User" => "Usuário",
        "Admin" => "Administração",
        "CallCenter" => "Central de Atendimento",
        _ => type,
    };
}
