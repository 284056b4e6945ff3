using DentistPortal.Domain.Access;
using DentistPortal.Domain.Beneficiaries;
using DentistPortal.Features.Common;
using DentistPortal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Features.ClientPortal;

/// <summary>One person the signed-in beneficiary may act for: themself or, for a holder, one of their dependents.</summary>
public sealed record FamilyMember(int BeneficiaryId, string FullName, Relationship Relationship, bool IsSelf, int? HolderId);

/// <summary>
/// Who a Portal do Cliente user may see and act for (SPEC §1): the beneficiary linked to the login
/// (Beneficiary.UserId) and, for a holder, the dependents the holder may see — minors (today, Brasília) and those with
/// no contact of their own (<see cref="Beneficiary.IsVisibleToHolderOn"/>; an adult dependent with own contacts is
/// private, issue 9 §7) — for an enabled account holding the Beneficiary role (<see cref="AccessCheck"/>).
/// Read from the database on every call.
/// </summary>
public static class MyFamily
{
    /// <summary>Self first, then dependents by name; empty for anyone but a Beneficiary or a login linked to nobody.</summary>
    public static async Task<IReadOnlyList<FamilyMember>> ListAsync(AppDbContext db, ActorAccess access, TimeProvider time, CancellationToken ct)
    {
        if (!access.Holds(Roles.Beneficiary) || access.Actor is not { } actor) return [];
        var today = Domain.Common.BrazilTime.Today(time.GetUtcNow());
        var people = await db.Beneficiaries.AsNoTracking()
            .Where(b => b.UserId == actor.UserId || (b.Holder != null && b.Holder.UserId == actor.UserId))
            .ToListAsync(ct);
        return [.. people
            .Where(p => p.UserId == actor.UserId || p.IsVisibleToHolderOn(today))
            .Select(p => new FamilyMember(p.Id, p.FullName, p.Relationship, p.UserId == actor.UserId, p.HolderId))
            .OrderByDescending(p => p.IsSelf).ThenBy(p => p.FullName, StringComparer.Ordinal)];
    }

    /// <summary>The member with this id, when the actor may act for them; null otherwise (no oracle for other people).</summary>
    public static async Task<FamilyMember?> FindAsync(AppDbContext db, ActorAccess access, int beneficiaryId, TimeProvider time, CancellationToken ct) =>
        (await ListAsync(db, access, time, ct)).FirstOrDefault(m => m.BeneficiaryId == beneficiaryId);
}
