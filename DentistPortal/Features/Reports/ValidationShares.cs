using DentistPortal.Domain.Oversight;
using DentistPortal.Domain.Tokens;
using DentistPortal.Domain.Treatments;
using DentistPortal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Features.Reports;

/// <summary>
/// Builds the fraud-signal tables of the token report (issue 9 §1): every treatment validated in the period (by its
/// validation moment), classified by <see cref="ValidationPathStatistics.Classify"/>, counted per clinic and per dentist
/// across the whole network; the medians are always the network's. With a clinic chosen, only that clinic and the dentists
/// who validated attendances there are listed (each dentist still with their network-wide figures).
/// A signed guide still under review is not an attendance yet.
/// </summary>
internal static class ValidationShares
{
    public static async Task<IReadOnlyList<ValidationShareTable>> BuildAsync(AppDbContext db, ReportQuery query, OutlierRule rule, CancellationToken ct)
    {
        var (start, end) = query.UtcRange();
        var rows = await db.Treatments.AsNoTracking()
            .Where(t => (t.Status == TreatmentStatus.Validated || t.Status == TreatmentStatus.ValidatedBySignedGuide)
                        && t.ValidatedAtUtc >= start && t.ValidatedAtUtc < end)
            .Select(t => new
            {
                t.ClinicId,
                t.DentistUserId,
                t.Status,
                Via = db.Tokens.Where(k => k.TreatmentId == t.Id && k.Status == TokenStatus.Validated).Select(k => k.ValidatedVia).FirstOrDefault(),
                Contingency = db.ContingencyNumbers.Any(n => n.UsedByTreatmentId == t.Id),
            })
            .ToListAsync(ct);
        var attendances = rows
            .Select(r => (r.ClinicId, r.DentistUserId, Path: ValidationPathStatistics.Classify(r.Status, r.Via, r.Contingency)))
            .Where(r => r.Path is not null)
            .Select(r => (r.ClinicId, r.DentistUserId, Path: r.Path!.Value))
            .ToList();

        var clinicNames = await db.Clinics.AsNoTracking().ToDictionaryAsync(c => c.Id, c => $"{c.Name} ({c.City}/{c.Uf})", ct);
        var dentistIds = attendances.Select(a => a.DentistUserId).Distinct().ToList();
        var dentistNames = await (from u in db.Users.AsNoTracking()
                                  where dentistIds.Contains(u.Id)
                                  join d in db.Dentists on u.Id equals d.UserId into ds
                                  from d in ds.DefaultIfEmpty()
                                  select new { u.Id, u.FullName, Cro = d == null ? null : "CRO-" + d.CroUf + " " + d.CroNumber })
            .ToDictionaryAsync(x => x.Id, x => x.Cro is null ? x.FullName : $"{x.FullName} ({x.Cro})", ct);

        var dentistsAtClinic = query.ClinicId is { } only
            ? attendances.Where(a => a.ClinicId == only).Select(a => a.DentistUserId).ToHashSet()
            : null;

        var byClinic = Table(ReportKeys.PathsByClinic, "Vias de validação por clínica", "Clínica",
            attendances.GroupBy(a => a.ClinicId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            key => clinicNames.GetValueOrDefault(int.Parse(key, System.Globalization.CultureInfo.InvariantCulture), $"Clínica {key}"),
            key => query.ClinicId is null || key == query.ClinicId.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
            rule);
        var byDentist = Table(ReportKeys.PathsByDentist, "Vias de validação por dentista", "Dentista",
            attendances.GroupBy(a => a.DentistUserId),
            key => dentistNames.GetValueOrDefault(key, "Dentista"),
            key => dentistsAtClinic is null || dentistsAtClinic.Contains(key),
            rule);
        return [byClinic, byDentist];
    }

    private static ValidationShareTable Table(string key, string title, string header,
        IEnumerable<IGrouping<string, (int ClinicId, string DentistUserId, ValidationPath Path)>> groups,
        Func<string, string> name, Func<string, bool> shown, OutlierRule rule)
    {
        var units = groups.Select(g => (g.Key, Counts: new PathCounts(g.GroupBy(a => a.Path).ToDictionary(p => p.Key, p => p.Count())))).ToList();
        var medians = ValidationPathStatistics.NetworkMedians(units.Select(u => u.Counts), rule);
        var rows = units.Where(u => shown(u.Key))
            .Select(u => new ValidationShareRow(name(u.Key), u.Counts, rule.IsJudged(u.Counts.Total), ValidationPathStatistics.Outliers(u.Counts, medians, rule)))
            .OrderByDescending(r => r.IsOutlier).ThenBy(r => r.Name, StringComparer.CurrentCulture)
            .ToList();
        var description =
            $"Parcela dos atendimentos validados no período por cada via, ao lado da mediana da rede. Marcado quando a parcela passa de " +
            $"{ValidationPathText.Factor(rule.Factor)}× a mediana da rede; só é avaliado quem teve ao menos {rule.MinimumAttendances} atendimentos. " +
            "É um sinal para conferir, não uma conclusão.";
        return new ValidationShareTable(key, title, description, header, rows, medians, rule);
    }
}
