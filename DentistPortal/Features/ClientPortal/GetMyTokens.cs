using System.Security.Cryptography;
using DentistPortal.Domain.Tokens;
using DentistPortal.Features.Common;
using DentistPortal.Infrastructure.Data;
using DentistPortal.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Features.ClientPortal;

/// <summary>
/// One token as the Portal do Cliente shows it (manual Q4, Q14). <see cref="Code"/> is the readable code only while the
/// token is Active and inside its validity; otherwise null, and <see cref="Status"/> says how it ended.
/// <see cref="NeedsReissue"/>: Active, but its HMAC key is no longer configured, so the portal cannot check the code any
/// more (issue 10, Keys): no code is shown and the patient is told to ask for a new token.
/// </summary>
public sealed record MyTokenView(
    int TokenId, int TreatmentId, int Sequence, int BeneficiaryId, string ForWhom, bool IsSelf,
    string? Code, string TreatmentNumber, string DentistName, string ClinicName,
    DateTimeOffset CreatedAtUtc, DateTimeOffset ExpiresAtUtc, DateTimeOffset? EndedAtUtc, TokenStatus Status, bool NeedsReissue = false)
{
    /// <summary>"Não solicitei este código" is offered while the token can still be used.</summary>
    public bool CanReport => Status == TokenStatus.Active;
}

/// <summary>
/// <see cref="Recent"/>: tokens generated in the last 48 hours, active ones first, then newest first (codes of the active ones);
/// <see cref="Older"/>: earlier ones, newest first, up to <see cref="GetMyTokensHandler.MaxOlder"/>, never with a code.
/// <see cref="People"/>: whose tokens these are (self, then dependents).
/// </summary>
public sealed record MyTokens(IReadOnlyList<MyTokenView> Recent, IReadOnlyList<MyTokenView> Older, IReadOnlyList<FamilyMember> People);

/// <summary>
/// "Meus tokens" (TR-9, manual Q4/Q14): the tokens of the beneficiary linked to the login and, for a holder, of their
/// dependents. A code is decrypted only for an Active token inside its validity, shown only to its own family and
/// never logged.
/// </summary>
public sealed class GetMyTokensHandler(
    IDbContextFactory<AppDbContext> dbFactory,
    ITokenCodeProtector protector,
    TimeProvider time,
    ILogger<GetMyTokensHandler> logger,
    AccessCheck access)
{
    public static readonly TimeSpan RecentWindow = TimeSpan.FromHours(48);
    public const int MaxOlder = 50;

    public async Task<Result<MyTokens>> HandleAsync(Actor? actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var who = await access.ReadAsync(db, actor, ct);
        if (!who.Holds(Domain.Access.Roles.Beneficiary)) return Result<MyTokens>.Forbidden();
        var people = await MyFamily.ListAsync(db, who, time, ct);
        if (people.Count == 0)
            return Result<MyTokens>.NotFound("Seu login não está ligado a um beneficiário do plano. Ligue para a Central de Atendimento.");

        var ids = people.Select(p => p.BeneficiaryId).ToList();
        var now = time.GetUtcNow();
        var cutoff = now - RecentWindow;

        var recent = await RowsAsync(db, ids, db.Tokens.Where(k => k.CreatedAtUtc > cutoff), ct);
        var older = await RowsAsync(db, ids, db.Tokens.Where(k => k.CreatedAtUtc <= cutoff), ct, MaxOlder);

        var dentistIds = recent.Concat(older).Select(r => r.DentistUserId).Distinct().ToList();
        var dentists = await db.Dentists.AsNoTracking().Where(d => dentistIds.Contains(d.UserId))
            .ToDictionaryAsync(d => d.UserId, d => d.FullName, ct);

        MyTokenView View(Row r, bool mayShowCode)
        {
            var person = people.Single(p => p.BeneficiaryId == r.BeneficiaryId);
            // TR-5: an Active token past its lifetime is shown as Expired even before anyone touched it.
            var status = AttendanceToken.EffectiveStatus(r.Status, r.ExpiresAtUtc, now);
            var needsReissue = status == TokenStatus.Active && !protector.CanVerify(r.HmacKeyId);
            var code = mayShowCode && status == TokenStatus.Active && !needsReissue ? Reveal(r) : null;
            return new MyTokenView(r.TokenId, r.TreatmentId, r.Sequence, r.BeneficiaryId, person.FullName, person.IsSelf,
                code, r.Number, dentists.GetValueOrDefault(r.DentistUserId, ""), r.ClinicName,
                r.CreatedAtUtc, r.ExpiresAtUtc, r.EndedAtUtc, status, needsReissue);
        }

        return Result<MyTokens>.Ok(new MyTokens(
            // Usable codes first (that is what the patient came for), then newest first.
            [.. recent.Select(r => View(r, mayShowCode: true)).OrderByDescending(v => v.Status == TokenStatus.Active).ThenByDescending(v => v.CreatedAtUtc).ThenByDescending(v => v.TokenId)],
            [.. older.Select(r => View(r, mayShowCode: false))],
            people));
    }

    private static async Task<List<Row>> RowsAsync(AppDbContext db, List<int> beneficiaryIds, IQueryable<AttendanceToken> tokens, CancellationToken ct, int? take = null)
    {
        var query =
            from k in tokens.AsNoTracking()
            join t in db.Treatments.AsNoTracking() on k.TreatmentId equals t.Id
            where beneficiaryIds.Contains(t.BeneficiaryId)
            join c in db.Clinics.AsNoTracking() on t.ClinicId equals c.Id
            orderby k.CreatedAtUtc descending, k.Id descending
            select new
            {
                k.Id, k.TreatmentId, k.Sequence, t.BeneficiaryId, t.Number, t.DentistUserId, ClinicName = c.Name,
                k.CreatedAtUtc, k.ExpiresAtUtc, k.EndedAtUtc, k.Status, k.EncryptedCode, k.HmacKeyId,
            };
        if (take is { } n) query = query.Take(n);
        return [.. (await query.ToListAsync(ct)).Select(r => new Row(r.Id, r.TreatmentId, r.Sequence, r.BeneficiaryId, r.Number, r.DentistUserId, r.ClinicName,
            r.CreatedAtUtc, r.ExpiresAtUtc, r.EndedAtUtc, r.Status, r.EncryptedCode, r.HmacKeyId))];
    }

    private string? Reveal(Row r)
    {
        if (r.EncryptedCode is null) return null;
        try
        {
            return protector.Decrypt(r.EncryptedCode);
        }
        catch (CryptographicException)
        {
            // Keys rotated or lost: the code cannot be shown (the SMS/e-mail still has it). Only the id is logged.
            logger.LogWarning("The code of token {TokenId} could not be decrypted for the Portal do Cliente.", r.TokenId);
            return null;
        }
    }

    private sealed record Row(int TokenId, int TreatmentId, int Sequence, int BeneficiaryId, string Number, string DentistUserId, string ClinicName,
        DateTimeOffset CreatedAtUtc, DateTimeOffset ExpiresAtUtc, DateTimeOffset? EndedAtUtc, TokenStatus Status, string? EncryptedCode, string HmacKeyId);
}
