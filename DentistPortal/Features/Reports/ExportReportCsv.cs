using DentistPortal.Domain.Audit;
using DentistPortal.Features.Admin;
using DentistPortal.Features.Common;
using DentistPortal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Features.Reports;

public sealed record ExportReportCsvQuery(string? Section, ReportQuery Query);

public sealed record CsvFile(string FileName, string ContentType, byte[] Content);

/// <summary>Back office: one report table as a CSV file (admin only; each export is audited with its filters).</summary>
public sealed class ExportReportCsvHandler(GetTokenReportHandler reports, IDbContextFactory<AppDbContext> dbFactory, TimeProvider time)
{
    public async Task<Result<CsvFile>> HandleAsync(ExportReportCsvQuery request, Actor? actor, CancellationToken ct = default)
    {
        if (request.Section is null || !(ReportKeys.All.Contains(request.Section) || ReportKeys.Shares.Contains(request.Section)))
            return Result<CsvFile>.NotFound("Relatório não encontrado.");
        var report = await reports.HandleAsync(request.Query, actor, ct);
        if (!report.IsOk) return new Result<CsvFile>(report.Status, null, report.Errors);

        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            Audit.Record(db, time, actor!, AuditActions.ReportExported, "ok", "Report", request.Section,
                $"{request.Query.From:dd/MM/yyyy} a {request.Query.To:dd/MM/yyyy}; {report.Value!.ClinicName}", request.Query.ClinicId);
            await db.SaveChangesAsync(ct);
        }
        var content = ReportKeys.Shares.Contains(request.Section)
            ? ReportCsv.Build(report.Value!.Share(request.Section))
            : ReportCsv.Build(report.Value!.Section(request.Section));
        return Result<CsvFile>.Ok(new CsvFile(ReportCsv.FileName(request.Section, request.Query), ReportCsv.ContentType, content));
    }
}
