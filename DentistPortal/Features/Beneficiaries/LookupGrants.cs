using DentistPortal.Domain.Audit;
using DentistPortal.Domain.Beneficiaries;
using DentistPortal.Features.Common;
using DentistPortal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Features.Beneficiaries;

/// <summary>
/// The one way a clinic handler reaches a beneficiary (issue 9 §2): through a <see cref="LookupGrant"/> the audited
/// lookup gave this user at this clinic. Anything else — unknown reference, another user's or clinic's, expired, a
/// sequential id — answers exactly like "not found".
/// </summary>
public static class LookupGrants
{
    /// <summary>The only answer for a beneficiary the user may not reach, whatever the reason.</summary>
    public const string NotFoundMessage = "Beneficiário não encontrado. Busque o beneficiário pela carteirinha ou CPF.";

    /// <summary>
    /// The beneficiary id behind <paramref name="reference"/> when it is a valid grant of this actor at
    /// <paramref name="clinicId"/> now; otherwise null, with the refusal added to the unit of work's audit trail
    /// (saved by the caller).
    /// </summary>
    public static async Task<int?> ResolveAsync(AppDbContext db, TimeProvider time, Actor actor, int clinicId, string? reference, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (LookupGrant.IsWellFormed(reference))
        {
            var grant = await db.LookupGrants.AsNoTracking().FirstOrDefaultAsync(g => g.Reference == reference, ct);
            if (grant is not null && grant.Allows(actor.UserId, clinicId, now)) return grant.BeneficiaryId;
        }
        // Which of the reasons it was stays out of the answer; the trail keeps only that it happened.
        Audit.Record(db, time, actor, AuditActions.BeneficiaryReferenceRefused, "not-found", "Beneficiary", null, "referência de busca inválida, vencida ou de outro usuário/clínica", clinicId);
        return null;
    }

    /// <summary>Grants (or renews) this actor's access, at this clinic, to every beneficiary the lookup showed.</summary>
    public static async Task<IReadOnlyDictionary<int, string>> GrantAsync(AppDbContext db, Actor actor, int clinicId, IEnumerable<int> beneficiaryIds,
        DateTimeOffset now, LookupGrantPolicy policy, CancellationToken ct)
    {
        var ids = beneficiaryIds.Distinct().ToList();
        var existing = await db.LookupGrants
            .Where(g => g.UserId == actor.UserId && g.ClinicId == clinicId && ids.Contains(g.BeneficiaryId))
            .ToListAsync(ct);
        var references = new Dictionary<int, string>();
        foreach (var id in ids)
        {
            var grant = existing.Where(g => g.BeneficiaryId == id).MaxBy(g => g.ExpiresAtUtc);
            if (grant is not null && grant.Allows(actor.UserId, clinicId, now)) grant.Renew(now, policy);
            else db.LookupGrants.Add(grant = LookupGrant.Issue(actor.UserId, clinicId, id, now, policy));
            references[id] = grant.Reference;
        }
        return references;
    }
}
