using DentistPortal.Features.Common;
using DentistPortal.Features.Treatments;
using DentistPortal.Infrastructure.Data;
using DentistPortal.Infrastructure.Storage;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Features.Contingency;

public sealed record SignedGuideFile(Stream Content, string ContentType, string DownloadName);

/// <summary>The scan of a signed guide: only the treatment's clinic and the operator's roles may download it.</summary>
public sealed class GetSignedGuideFileHandler(IDbContextFactory<AppDbContext> dbFactory, IScanStorage storage, AccessCheck access)
{
    /// <param name="submission">Which submission (1, 2…); the latest when null.</param>
    public async Task<Result<SignedGuideFile>> HandleAsync(string treatmentNumber, Actor? actor, int? submission = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var t = await db.Treatments.AsNoTracking().FirstOrDefaultAsync(x => x.Number == treatmentNumber, ct);
        var allowed = t is not null && (await access.ForTreatmentAsync(db, actor, t, ct)).CanDownloadSignedGuide;
        if (!allowed) return Result<SignedGuideFile>.NotFound("Guia não encontrada.");
        var guide = await db.SignedGuides.AsNoTracking().Where(g => g.TreatmentId == t!.Id && (submission == null || g.Submission == submission))
            .OrderByDescending(g => g.Submission).FirstOrDefaultAsync(ct);
        if (guide is null) return Result<SignedGuideFile>.NotFound("Guia não encontrada.");
        var ext = Path.GetExtension(guide.StoredFileName);
        return Result<SignedGuideFile>.Ok(new SignedGuideFile(storage.OpenRead(guide.StoredFileName), guide.ContentType, $"guia-assinada-{t!.Number}-envio{guide.Submission}{ext}"));
    }
}
