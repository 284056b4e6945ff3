using DentistPortal.Features.Common;
using DentistPortal.Infrastructure.Data;
using DentistPortal.Infrastructure.Tiss;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Features.Billing;

/// <summary>The stored file of an export, read after the export's transaction (the idempotency store keeps the receipt only).</summary>
internal static class TissExportFiles
{
    public static async Task<Result<TissExportDownload>> WithFileAsync(IDbContextFactory<AppDbContext> dbFactory, Result<TissExportReceipt> receipt, CancellationToken ct)
    {
        if (!receipt.IsOk) return new Result<TissExportDownload>(receipt.Status, null, receipt.Errors);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var file = await db.TissExports.AsNoTracking().Where(e => e.Id == receipt.Value!.ExportId)
            .Select(e => new TissFile(e.FileName, e.ContentType, e.Content)).SingleAsync(ct);
        return Result<TissExportDownload>.Ok(new TissExportDownload(receipt.Value!, file));
    }
}
