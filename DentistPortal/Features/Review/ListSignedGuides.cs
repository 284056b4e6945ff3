using DentistPortal.Domain.Access;
using DentistPortal.Domain.Common;
using DentistPortal.Domain.Contingency;
using DentistPortal.Domain.Treatments;
using DentistPortal.Features.Common;
using DentistPortal.Features.Contingency;
using DentistPortal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Features.Review;

/// <summary>An authorized procedure: a row the auditor looks for, dated and signed, on the scan.</summary>
public sealed record SignableRowView(int ItemId, string TussCode, string Description, string Site);

/// <summary>A procedure that was not signable on the guide (denied, under review), shown for context.</summary>
public sealed record OtherItemView(string TussCode, string Description, string Status);

/// <summary>An earlier submission of the same treatment that was sent back.</summary>
public sealed record EarlierRejection(int Submission, DateTimeOffset ReviewedAtUtc, string Reason);

/// <summary>A signed guide waiting for the auditor, with what is needed to check it beside the scan.</summary>
public sealed record SignedGuideQueueItem(
    int GuideId, int TreatmentId, string TreatmentNumber, int Submission, DateTimeOffset UploadedAtUtc, string UploadedByName,
    string ContentType, DateOnly EarliestPerformedOn, string ContingencyReason,
    string BeneficiaryName, string CardNumber, string ClinicName, string ClinicCityUf, string DentistName,
    IReadOnlyList<SignableRowView> Rows, IReadOnlyList<OtherItemView> OtherItems, IReadOnlyList<EarlierRejection> EarlierRejections)
{
    public bool IsImage => ContentType.StartsWith("image/", StringComparison.Ordinal);

    /// <summary>The existing scan endpoint, inline, for this very submission.</summary>
    public string PreviewUrl => $"tratamentos/{TreatmentNumber}/guia-assinada?envio={Submission}&ver=1";
}

/// <param name="CanDecide">Only the dental auditor decides; the back office (Admin) reads the queue.</param>
public sealed record SignedGuideQueue(IReadOnlyList<SignedGuideQueueItem> Items, bool CanDecide);

/// <summary>Signed guides in conferência across the network, oldest upload first. Auditor and Admin (read only), checked in the database.</summary>
public sealed class ListSignedGuidesHandler(IDbContextFactory<AppDbContext> dbFactory, AccessCheck access)
{
    public const int MaxItems = 50;

    public async Task<Result<SignedGuideQueue>> HandleAsync(Actor? actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var who = await access.ReadAsync(db, actor, ct);
        if (!who.HoldsAny(Roles.Auditor, Roles.Admin))
        {
            await access.RecordRefusalAsync(db, actor, "SignedGuide", null, "fila de guias assinadas: perfil sem permissão", null, ct);
            return Result<SignedGuideQueue>.Forbidden();
        }

        var ids = await db.SignedGuides.AsNoTracking().Where(g => g.Status == SignedGuideStatus.UnderReview)
            .OrderBy(g => g.UploadedAtUtc).ThenBy(g => g.Id).Select(g => g.TreatmentId).Take(MaxItems).ToListAsync(ct);
        var treatments = await db.Treatments.AsNoTracking().Include(t => t.Items).Include(t => t.SignedGuides)
            .Where(t => ids.Contains(t.Id)).ToListAsync(ct);
        var beneficiaryIds = treatments.Select(t => t.BeneficiaryId).ToList();
        var beneficiaries = await db.Beneficiaries.AsNoTracking().Where(b => beneficiaryIds.Contains(b.Id)).ToDictionaryAsync(b => b.Id, ct);
        var clinicIds = treatments.Select(t => t.ClinicId).ToList();
        var clinics = await db.Clinics.AsNoTracking().Where(c => clinicIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        var dentistIds = treatments.Select(t => t.DentistUserId).ToList();
        var dentists = await db.Dentists.AsNoTracking().Where(d => dentistIds.Contains(d.UserId)).ToDictionaryAsync(d => d.UserId, ct);

        var items = ids.Select(id => treatments.Single(t => t.Id == id)).Select(t =>
        {
            var g = t.CurrentSignedGuide!;
            var b = beneficiaries[t.BeneficiaryId];
            var c = clinics[t.ClinicId];
            var d = dentists.GetValueOrDefault(t.DentistUserId);
            return new SignedGuideQueueItem(
                g.Id, t.Id, t.Number, g.Submission, g.UploadedAtUtc, g.UploadedByName, g.ContentType,
                BrazilTime.Today(t.SubmittedAtUtc ?? t.CreatedAtUtc), Domain.Tiss.Tuss74.Display(g.ReasonCode),
                b.FullName, CardNumber.Format(b.CardNumber), c.Name, $"{c.City}/{c.Uf}",
                d is null ? "" : $"{d.FullName} (CRO-{d.CroUf} {d.CroNumber})",
                [.. t.SignableItems.OrderBy(i => i.Id).Select(i => new SignableRowView(i.Id, i.TussCode, i.Description, Site(i)))],
                [.. t.Items.Where(i => i.Authorization != ItemAuthorization.Authorized).OrderBy(i => i.Id)
                    .Select(i => new OtherItemView(i.TussCode, i.Description, i.Authorization == ItemAuthorization.Denied ? "negado" : "em análise"))],
                [.. t.SignedGuides.Where(x => x.Status == SignedGuideStatus.Rejected).OrderBy(x => x.Submission)
                    .Select(x => new EarlierRejection(x.Submission, x.ReviewedAtUtc ?? x.UploadedAtUtc, SignedGuideLabels.Rejection(x.Rejection, x.RejectionNote)))]);
        }).ToList();

        return Result<SignedGuideQueue>.Ok(new SignedGuideQueue(items, who.Holds(Roles.Auditor)));
    }

    private static string Site(TreatmentItem i)
    {
        var parts = new List<string>();
        if (i.Tooth is { } t) parts.Add($"dente {t}");
        if (i.Region is { } r) parts.Add(Domain.Dental.Fdi.RegionName(r));
        if (i.Faces is { } f) parts.Add($"faces {f}");
        parts.Add($"quantidade {i.Quantity}");
        return string.Join(" · ", parts);
    }
}
