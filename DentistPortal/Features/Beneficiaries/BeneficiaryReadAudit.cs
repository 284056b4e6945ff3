using System.Globalization;
using DentistPortal.Domain.Access;
using DentistPortal.Domain.Audit;
using DentistPortal.Features.Common;
using DentistPortal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Features.Beneficiaries;

/// <summary>
/// Issue 9 §2: every read of a beneficiary's data by a clinic or call-centre user is audited. A treatment page
/// reloads live on every token or delivery change; one line per user and treatment per <see cref="Window"/> says
/// who saw whom without burying the trail.
/// </summary>
public static class BeneficiaryReadAudit
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(10);

    /// <summary>Records (and saves) that <paramref name="actor"/> read the beneficiary block of a treatment.</summary>
    public static async Task RecordTreatmentReadAsync(AppDbContext db, TimeProvider time, Actor? actor, string treatmentNumber, int beneficiaryId, int clinicId, CancellationToken ct)
    {
        if (actor is null || !actor.IsInAnyRole(Roles.Dentist, Roles.ClinicStaff, Roles.CallCenterAgent)) return;
        // Filed under the beneficiary, not the treatment: reads stay off the timeline the clinic sees.
        var subject = beneficiaryId.ToString(CultureInfo.InvariantCulture);
        var since = time.GetUtcNow() - Window;
        if (await db.AuditEntries.AnyAsync(a => a.ActorUserId == actor.UserId && a.Action == AuditActions.TreatmentBeneficiaryRead
                                                && a.SubjectId == subject && a.AtUtc > since, ct))
            return;
        Audit.Record(db, time, actor, AuditActions.TreatmentBeneficiaryRead, "ok", "Beneficiary", subject,
            $"página do tratamento {treatmentNumber}", actor.ClinicId ?? clinicId);
        await db.SaveChangesAsync(ct);
    }
}
