using System.Globalization;
using DentistPortal.Domain.Common;
using DentistPortal.Domain.Messaging;
using DentistPortal.Domain.Oversight;
using DentistPortal.Domain.Tokens;
using DentistPortal.Domain.Treatments;
using DentistPortal.Features.Admin;
using DentistPortal.Features.Common;
using DentistPortal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DentistPortal.Features.Reports;

/// <summary>
/// Back office: what happened to tokens in a period (and clinic). Every figure is counted from the operational
/// tables, each event on the day it happened in Brasília time:
/// generated (token created), validated at the chair / late / with the call centre (token validated, by channel),
/// validated by signed guide (treatment closed with the scan), expired (validity ended without use — also a token
/// still marked Active whose validity has passed), locked (by wrong codes), revoked (unsolicited-code report),
/// wrong codes typed, unsolicited reports per clinic and per dentist, and outbox deliveries that failed, per channel;
/// and the fraud signal (<see cref="ValidationShares"/>): validation paths per clinic and per dentist against the network's median.
/// </summary>
public sealed class GetTokenReportHandler(IDbContextFactory<AppDbContext> dbFactory, IOptionsMonitor<FraudSignalOptions> fraudSignal, TimeProvider time, AccessCheck access)
{
    public async Task<Result<TokenReport>> HandleAsync(ReportQuery query, Actor? actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await access.EnsureAdminAsync(db, actor, "relatórios", ct)) return Result<TokenReport>.Forbidden();
        if (query.Problem() is { } problem) return Result<TokenReport>.Invalid(problem);

        var clinicName = "Todas as clínicas";
        if (query.ClinicId is { } clinicId)
        {
            var clinic = await db.Clinics.AsNoTracking().FirstOrDefaultAsync(c => c.Id == clinicId, ct);
            if (clinic is null) return Result<TokenReport>.Invalid("Clínica não encontrada.");
            clinicName = clinic.Name;
        }

        var now = time.GetUtcNow();
        var (start, end) = query.UtcRange();
        var clinicFilter = query.ClinicId;

        var treatments = db.Treatments.AsNoTracking().Where(t => clinicFilter == null || t.ClinicId == clinicFilter);
        var tokens = from k in db.Tokens.AsNoTracking()
                     join t in treatments on k.TreatmentId equals t.Id
                     select k;

        // Timestamps only; counted per Brasília day in memory (SQLite stores UTC ticks).
        var generatedAt = await tokens.Where(k => k.CreatedAtUtc >= start && k.CreatedAtUtc < end).Select(k => k.CreatedAtUtc).ToListAsync(ct);
        var validated = await tokens.Where(k => k.Status == TokenStatus.Validated && k.EndedAtUtc >= start && k.EndedAtUtc < end)
            .Select(k => new { k.ValidatedVia, k.EndedAtUtc }).ToListAsync(ct);
        var byGuide = await treatments.Where(t => t.Status == TreatmentStatus.ValidatedBySignedGuide && t.ValidatedAtUtc >= start && t.ValidatedAtUtc < end)
            .Select(t => t.ValidatedAtUtc).ToListAsync(ct);
        var expired = await tokens.CountAsync(k => (k.Status == TokenStatus.Expired || (k.Status == TokenStatus.Active && k.ExpiresAtUtc <= now))
                                                   && k.ExpiresAtUtc >= start && k.ExpiresAtUtc < end, ct);
        var locked = await tokens.CountAsync(k => k.Status == TokenStatus.Locked && k.EndedAtUtc >= start && k.EndedAtUtc < end, ct);
        var revoked = await tokens.CountAsync(k => k.Status == TokenStatus.Revoked && k.EndedAtUtc >= start && k.EndedAtUtc < end, ct);
        var wrongAt = await (from a in db.TokenAttempts.AsNoTracking()
                             join t in treatments on a.TreatmentId equals t.Id
                             where a.Outcome == AttemptOutcome.Wrong && a.AtUtc >= start && a.AtUtc < end
                             select a.AtUtc).ToListAsync(ct);

        int Via(ValidationChannel via) => validated.Count(v => v.ValidatedVia == via);
        var summary = new ReportSection(ReportKeys.Tokens, "Tokens no período",
            "Cada evento no dia em que aconteceu. Validados por guia assinada são tratamentos regularizados com a guia impressa, sem token.",
            "Situação",
            ["Gerados", "Validados na cadeira", "Validados como token tardio", "Validados com a Central", "Validados por guia assinada",
             "Expirados", "Bloqueados por códigos incorretos", "Cancelados (código não solicitado)", "Códigos incorretos digitados"],
            [new ReportSeries("Quantidade",
                [generatedAt.Count, Via(ValidationChannel.Chair), Via(ValidationChannel.Late), Via(ValidationChannel.CallCenterAssisted), byGuide.Count,
                 expired, locked, revoked, wrongAt.Count])],
            ReportChartKind.Bar);

        var days = Enumerable.Range(0, query.Days).Select(i => query.From.AddDays(i)).ToList();
        static DateOnly Day(DateTimeOffset utc) => DateOnly.FromDateTime(BrazilTime.ToLocal(utc).DateTime);
        int[] PerDay(IEnumerable<DateTimeOffset> moments)
        {
            var counts = moments.GroupBy(Day).ToDictionary(g => g.Key, g => g.Count());
            return [.. days.Select(d => counts.GetValueOrDefault(d))];
        }
        var daily = new ReportSection(ReportKeys.Daily, "Por dia",
            "Tokens gerados, atendimentos validados (token ou guia assinada) e códigos incorretos digitados, por dia (horário de Brasília).",
            "Dia",
            [.. days.Select(d => d.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture))],
            [new ReportSeries("Tokens gerados", PerDay(generatedAt)),
             new ReportSeries("Validados", PerDay(validated.Select(v => v.EndedAtUtc!.Value).Concat(byGuide.Select(g => g!.Value)))),
             new ReportSeries("Códigos incorretos", PerDay(wrongAt))],
            ReportChartKind.Line, HasTotals: true);

        // A stranger's report whose digits did not match a phone the code went to is not counted against the clinic:
        // treatment numbers are guessable (issue 9 §6); the case stays open for the back office.
        var reports = await db.UnsolicitedReports.AsNoTracking()
            .Where(r => r.AtUtc >= start && r.AtUtc < end && (clinicFilter == null || r.ClinicId == clinicFilter) && r.CallerPhoneMatched != false)
            .Select(r => new { r.ClinicId, r.DentistUserId }).ToListAsync(ct);
        var clinicIds = reports.Select(r => r.ClinicId).Distinct().ToList();
        var clinics = await db.Clinics.AsNoTracking().Where(c => clinicIds.Contains(c.Id))
            .ToDictionaryAsync(c => c.Id, c => $"{c.Name} ({c.City}/{c.Uf})", ct);
        var perClinic = reports.GroupBy(r => r.ClinicId)
            .Select(g => (Name: clinics.GetValueOrDefault(g.Key, $"Clínica {g.Key}"), Count: g.Count()))
            .OrderByDescending(x => x.Count).ThenBy(x => x.Name, StringComparer.CurrentCulture).ToList();
        var unsolicitedByClinic = new ReportSection(ReportKeys.UnsolicitedByClinic, "Códigos não solicitados por clínica",
            "Beneficiários que disseram não ter pedido o código (Portal do Cliente ou Central): o token foi cancelado e um caso aberto.",
            "Clínica", [.. perClinic.Select(x => x.Name)], [new ReportSeries("Relatos", [.. perClinic.Select(x => x.Count)])], ReportChartKind.Bar, HasTotals: true);

        var dentistIds = reports.Select(r => r.DentistUserId).Distinct().ToList();
        var dentists = await (from u in db.Users.AsNoTracking()
                              where dentistIds.Contains(u.Id)
                              join d in db.Dentists on u.Id equals d.UserId into ds
                              from d in ds.DefaultIfEmpty()
                              select new { u.Id, u.FullName, Cro = d == null ? null : "CRO-" + d.CroUf + " " + d.CroNumber })
            .ToDictionaryAsync(x => x.Id, x => x.Cro is null ? x.FullName : $"{x.FullName} ({x.Cro})", ct);
        var perDentist = reports.GroupBy(r => r.DentistUserId)
            .Select(g => (Name: dentists.GetValueOrDefault(g.Key, "Dentista"), Count: g.Count()))
            .OrderByDescending(x => x.Count).ThenBy(x => x.Name, StringComparer.CurrentCulture).ToList();
        var unsolicitedByDentist = new ReportSection(ReportKeys.UnsolicitedByDentist, "Códigos não solicitados por dentista",
            "O dentista do tratamento cujo token o beneficiário disse não ter pedido.",
            "Dentista", [.. perDentist.Select(x => x.Name)], [new ReportSeries("Relatos", [.. perDentist.Select(x => x.Count)])], ReportChartKind.Bar, HasTotals: true);

        var deliveries = await (from d in db.Deliveries.AsNoTracking()
                                join t in treatments on d.TreatmentId equals t.Id
                                where d.CreatedAtUtc >= start && d.CreatedAtUtc < end
                                select new { d.Channel, d.Status }).ToListAsync(ct);
        DeliveryChannel[] channels = [DeliveryChannel.Sms, DeliveryChannel.Email];
        var failures = new ReportSection(ReportKeys.DeliveryFailures, "Falhas de envio por canal",
            "Mensagens de token que não chegaram ao provedor (SMS ou e-mail) depois de todas as tentativas, ou que nem puderam ser enviadas (limite diário de SMS).",
            "Canal", [.. channels.Select(Delivery.ChannelDisplay)],
            [new ReportSeries("Falhas", [.. channels.Select(c => deliveries.Count(d => d.Channel == c && d.Status == DeliveryStatus.Failed))]),
             new ReportSeries("Envios no período", [.. channels.Select(c => deliveries.Count(d => d.Channel == c))])],
            ReportChartKind.Bar, HasTotals: true);

        var shares = await ValidationShares.BuildAsync(db, query, fraudSignal.CurrentValue.Rule, ct);

        return Result<TokenReport>.Ok(new TokenReport(query, clinicName, now,
            [summary, daily, unsolicitedByClinic, unsolicitedByDentist, failures]) { Shares = shares });
    }
}
