using System.Globalization;
using DentistPortal.Domain.Audit;
using DentistPortal.Domain.Common;
using DentistPortal.Features.Cases;
using DentistPortal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Features.AuditLog;

/// <summary>
/// What the back office filters the audit trail by. Dates are calendar days in Brasília time (America/Sao_Paulo),
/// both inclusive.
/// </summary>
public sealed record AuditLogFilter(
    string? User = null, int? ClinicId = null, string? TreatmentNumber = null, string? Action = null,
    DateOnly? From = null, DateOnly? To = null)
{
    public static AuditLogFilter None { get; } = new();

    /// <summary>Why the filter cannot be applied, or null.</summary>
    public string? Problem()
    {
        if (From is { } f && To is { } t && f > t) return "A data inicial deve ser igual ou anterior à data final.";
        if (User is { Length: > 100 }) return "Nome de usuário muito longo.";
        if (TreatmentNumber is { Length: > 20 }) return "Número de tratamento inválido.";
        // Action codes are short names (AuditActions); anything longer is not one, and would bloat the export's own audit line.
        if (Action is { Length: > 64 }) return "Ação desconhecida.";
        return null;
    }

    /// <summary>Start of <paramref name="day"/> in Brasília, as a UTC instant.</summary>
    public static DateTimeOffset StartOfDayUtc(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, BrazilTime.Zone), TimeSpan.Zero);
    }

    /// <summary>The entries matching the filter; null when the filter matches nothing (e.g. an unknown treatment number).</summary>
    internal async Task<IQueryable<AuditEntry>?> ApplyAsync(AppDbContext db, CancellationToken ct)
    {
        var q = db.AuditEntries.AsNoTracking();

        if (!string.IsNullOrWhiteSpace(User))
        {
            // Accent- and case-insensitive ("sergio" finds Sérgio), which SQLite's LIKE is not: match the few
            // user accounts in memory, then filter the trail by their ids (indexed by time, small IN list).
            var term = User.Trim();
            var users = await db.Users.AsNoTracking().Select(u => new { u.Id, u.FullName, u.Email }).ToListAsync(ct);
            var ids = users.Where(u => Contains(u.FullName, term) || Contains(u.Email, term)).Select(u => u.Id).ToList();
            if (ids.Count == 0) return null;
            q = q.Where(a => ids.Contains(a.ActorUserId));
        }
        if (ClinicId is { } clinicId) q = q.Where(a => a.ClinicId == clinicId);
        if (!string.IsNullOrWhiteSpace(TreatmentNumber))
        {
            var number = new string([.. TreatmentNumber.Where(char.IsAsciiDigit)]);
            var treatmentId = await db.Treatments.Where(t => t.Number == number).Select(t => (int?)t.Id).FirstOrDefaultAsync(ct);
            if (treatmentId is null) return null;
            var subject = treatmentId.Value.ToString(CultureInfo.InvariantCulture);
            // The treatment's own lines and those of its unsolicited-code cases.
            var cases = (await db.UnsolicitedReports.Where(r => r.TreatmentId == treatmentId).Select(r => r.Id).ToListAsync(ct))
                .Select(CaseRules.Subject).ToList();
            q = q.Where(a => (a.SubjectType == "Treatment" && a.SubjectId == subject)
                             || (a.SubjectType == CaseRules.SubjectType && cases.Contains(a.SubjectId!)));
        }
        if (!string.IsNullOrWhiteSpace(Action)) q = q.Where(a => a.Action == Action);
        if (From is { } from)
        {
            var fromUtc = StartOfDayUtc(from);
            q = q.Where(a => a.AtUtc >= fromUtc);
        }
        // The last representable day has no next day: no upper bound then (issue 10, "No server error on any input").
        if (To is { } to && to < DateOnly.MaxValue)
        {
            var untilUtc = StartOfDayUtc(to.AddDays(1));
            q = q.Where(a => a.AtUtc < untilUtc);
        }
        return q;
    }

    private static bool Contains(string? value, string term) =>
        value is not null && CultureInfo.InvariantCulture.CompareInfo.IndexOf(value, term, CompareOptions.IgnoreCase | CompareOptions.IgnoreNonSpace) >= 0;
}
