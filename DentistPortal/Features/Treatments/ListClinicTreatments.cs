using DentistPortal.Domain.Tokens;
using DentistPortal.Domain.Treatments;
using DentistPortal.Features.Common;
using DentistPortal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Features.Treatments;

public sealed record ListClinicTreatmentsQuery(int Page = 0, int PageSize = 10, bool AwaitingLateTokenOnly = false);

/// <param name="SignedGuideReturned">Why the auditor sent the signed guide back (reason and note), when it was.</param>
public sealed record TreatmentRow(int Id, string Number, string PatientName, string DentistName, TreatmentStatus Status, TokenStatus? TokenStatus, DateTimeOffset? TokenExpiresAtUtc, DateTimeOffset CreatedAtUtc,
    string? SignedGuideReturned = null);

public sealed record TreatmentPage(IReadOnlyList<TreatmentRow> Rows, int Total, int AwaitingLateToken);

/// <summary>The clinic's open treatments (not yet validated), newest first, paged on the server.</summary>
public sealed class ListClinicTreatmentsHandler(IDbContextFactory<AppDbContext> dbFactory, TimeProvider time, AccessCheck access)
{
    public async Task<Result<TreatmentPage>> HandleAsync(ListClinicTreatmentsQuery query, Actor? actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if ((await access.ReadAsync(db, actor, ct)).CurrentClinicId is not { } clinicId) return Result<TreatmentPage>.Forbidden();
        var pageSize = Math.Clamp(query.PageSize, 1, 100);
        var page = Math.Max(0, query.Page);

        var open = db.Treatments.AsNoTracking().Where(t => t.ClinicId == clinicId
            && t.Status != TreatmentStatus.Validated && t.Status != TreatmentStatus.ValidatedBySignedGuide);
        if (query.AwaitingLateTokenOnly) open = open.Where(t => t.Status == TreatmentStatus.AwaitingLateToken);

        var total = await open.CountAsync(ct);
        var awaiting = await db.Treatments.CountAsync(t => t.ClinicId == clinicId && t.Status == TreatmentStatus.AwaitingLateToken, ct);
        var rows = await (
            from t in open
            join b in db.Beneficiaries on t.BeneficiaryId equals b.Id
            join d in db.Dentists on t.DentistUserId equals d.UserId
            orderby t.CreatedAtUtc descending, t.Id descending
            select new
            {
                t.Id, t.Number, Patient = b.FullName, Dentist = d.FullName, t.Status, t.CreatedAtUtc,
                Token = db.Tokens.Where(k => k.TreatmentId == t.Id).OrderByDescending(k => k.Sequence)
                    .Select(k => new { k.Status, k.ExpiresAtUtc }).FirstOrDefault(),
                Returned = t.Status == TreatmentStatus.SignedGuideRejected
                    ? db.SignedGuides.Where(g => g.TreatmentId == t.Id).OrderByDescending(g => g.Submission).Select(g => new { g.Rejection, g.RejectionNote }).FirstOrDefault()
                    : null,
            })
            .Skip((int)Math.Min((long)page * pageSize, int.MaxValue)).Take(pageSize)
            .ToListAsync(ct);

        var now = time.GetUtcNow();
        return Result<TreatmentPage>.Ok(new TreatmentPage(
            [.. rows.Select(r => new TreatmentRow(r.Id, r.Number, r.Patient, r.Dentist, r.Status,
                r.Token is null ? null : AttendanceToken.EffectiveStatus(r.Token.Status, r.Token.ExpiresAtUtc, now),
                r.Token?.ExpiresAtUtc, r.CreatedAtUtc,
                r.Returned is null ? null : Contingency.SignedGuideLabels.Rejection(r.Returned.Rejection, r.Returned.RejectionNote)))],
            total, awaiting));
    }
}
