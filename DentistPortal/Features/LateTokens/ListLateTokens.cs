using DentistPortal.Domain.Tokens;
using DentistPortal.Domain.Treatments;
using DentistPortal.Features.Common;
using DentistPortal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Features.LateTokens;

public sealed record LateTokenRow(int TreatmentId, string Number, string PatientName, string DentistName, int? TokenSequence, DateTimeOffset? ExpiresAtUtc, bool IsExpired)
{
    /// <summary>How close to its end a token makes its row urgent.</summary>
    public static readonly TimeSpan UrgentWithin = TimeSpan.FromHours(6);

    /// <summary>Less than 6 hours left: the clinic should call the patient.</summary>
    public bool IsUrgent(DateTimeOffset now) => !IsExpired && ExpiresAtUtc is { } e && e - now < UrgentWithin;

    /// <summary>Active, but its HMAC key is no longer configured: only a new token helps (issue 10, Keys and secrets).</summary>
    public bool NeedsReissue { get; init; }
}

/// <summary>
/// The late-token screen (SPEC §5): the clinic's treatments awaiting a late token, soonest expiry first,
/// expired ones last so they can be re-issued.
/// </summary>
public sealed class ListLateTokensHandler(IDbContextFactory<AppDbContext> dbFactory, TimeProvider time, AccessCheck access,
    Infrastructure.Security.ITokenCodeProtector protector)
{
    public async Task<Result<IReadOnlyList<LateTokenRow>>> HandleAsync(Actor? actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if ((await access.ReadAsync(db, actor, ct)).CurrentClinicId is not { } clinicId) return Result<IReadOnlyList<LateTokenRow>>.Forbidden();
        var rows = await (
            from t in db.Treatments.AsNoTracking()
            where t.ClinicId == clinicId && t.Status == TreatmentStatus.AwaitingLateToken
            join b in db.Beneficiaries on t.BeneficiaryId equals b.Id
            join d in db.Dentists on t.DentistUserId equals d.UserId
            select new
            {
                t.Id, t.Number, Patient = b.FullName, Dentist = d.FullName,
                Token = db.Tokens.Where(k => k.TreatmentId == t.Id).OrderByDescending(k => k.Sequence)
                    .Select(k => new { k.Sequence, k.Status, k.ExpiresAtUtc, k.HmacKeyId }).FirstOrDefault(),
            }).ToListAsync(ct);
        var now = time.GetUtcNow();
        var list = rows.Select(r => new LateTokenRow(r.Id, r.Number, r.Patient, r.Dentist, r.Token?.Sequence, r.Token?.ExpiresAtUtc,
                r.Token is null || AttendanceToken.EffectiveStatus(r.Token.Status, r.Token.ExpiresAtUtc, now) != TokenStatus.Active)
            {
                NeedsReissue = r.Token is not null && !protector.CanVerify(r.Token.HmacKeyId),
            })
            .OrderBy(r => r.IsExpired).ThenBy(r => r.ExpiresAtUtc).ThenBy(r => r.Number)
            .ToList();
        return Result<IReadOnlyList<LateTokenRow>>.Ok(list);
    }

    /// <summary>The badge in the navigation.</summary>
    public async Task<int> CountAsync(Actor? actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if ((await access.ReadAsync(db, actor, ct)).CurrentClinicId is not { } clinicId) return 0;
        return await db.Treatments.CountAsync(t => t.ClinicId == clinicId && t.Status == TreatmentStatus.AwaitingLateToken, ct);
    }
}
