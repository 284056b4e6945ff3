using DentistPortal.Domain.Access;
using DentistPortal.Domain.Treatments;
using DentistPortal.Features.Common;
using DentistPortal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Features.Treatments;

/// <summary>Who may do what with a treatment (SPEC §1), checked in every handler against the database.</summary>
public static class TreatmentAccess
{
    /// <summary>Dentists and receptionists of the treatment's clinic, working there now.</summary>
    public static Task<bool> IsClinicMemberAsync(AppDbContext db, Actor? actor, Treatment t, CancellationToken ct) =>
        ClinicAccess.CanActForClinicAsync(db, actor, t.ClinicId, ct);

    /// <summary>The treatment's own dentist, at its clinic.</summary>
    public static async Task<bool> IsItsDentistAsync(AppDbContext db, Actor? actor, Treatment t, CancellationToken ct) =>
        actor is not null && actor.IsInRole(Roles.Dentist) && actor.UserId == t.DentistUserId
        && await ClinicAccess.CanActForClinicAsync(db, actor, t.ClinicId, ct);

    /// <summary>Ask for a token: its dentist or its clinic's staff (late-token screen re-issues expired ones).</summary>
    public static Task<bool> CanGenerateAsync(AppDbContext db, Actor? actor, Treatment t, CancellationToken ct) =>
        IsClinicMemberAsync(db, actor, t, ct);

    /// <summary>Type a code: the clinic (at the chair or late), or the call centre assisting.</summary>
    public static async Task<bool> CanValidateAsync(AppDbContext db, Actor? actor, Treatment t, CancellationToken ct) =>
        actor is not null && (actor.IsInRole(Roles.CallCenterAgent) || await IsClinicMemberAsync(db, actor, t, ct));

    /// <summary>Read a treatment: its clinic, the operator's roles, and the beneficiary (or their holder, SPEC §9).</summary>
    public static async Task<bool> CanViewAsync(AppDbContext db, Actor? actor, Treatment t, TimeProvider time, CancellationToken ct)
    {
        if (actor is null) return false;
        if (actor.IsInAnyRole(Roles.CallCenterAgent, Roles.Auditor, Roles.Admin)) return true;
        if (actor.IsInRole(Roles.Beneficiary)) return await IsBeneficiaryOrHolderAsync(db, actor, t.BeneficiaryId, time, ct);
        return await IsClinicMemberAsync(db, actor, t, ct);
    }

    /// <summary>
    /// The beneficiary themself, or their holder when the dependent is visible to the holder (a minor, or without own
    /// contacts: SPEC §9, issue 9 §7). An adult dependent with own contacts is private to that dependent.
    /// </summary>
    public static async Task<bool> IsBeneficiaryOrHolderAsync(AppDbContext db, Actor actor, int beneficiaryId, TimeProvider time, CancellationToken ct)
    {
        var b = await db.Beneficiaries.AsNoTracking().Include(x => x.Holder).FirstOrDefaultAsync(x => x.Id == beneficiaryId, ct);
        if (b is null) return false;
        if (b.UserId == actor.UserId) return true;
        return b.Holder?.UserId == actor.UserId && b.IsVisibleToHolderOn(Domain.Common.BrazilTime.Today(time.GetUtcNow()));
    }
}
