using DentistPortal.Domain.Audit;
using DentistPortal.Infrastructure.Data;

namespace DentistPortal.Features.Common;

public static class Audit
{
    /// <summary>Adds an audit line to the unit of work; it commits with the action it records.</summary>
    public static void Record(AppDbContext db, TimeProvider time, Actor actor, string action, string outcome,
        string? subjectType = null, string? subjectId = null, string? detail = null, int? clinicId = null)
    {
        db.AuditEntries.Add(new AuditEntry
        {
            AtUtc = time.GetUtcNow(),
            ActorUserId = actor.UserId,
            ActorName = actor.Name,
            ActorRole = actor.PrimaryRole,
            ClinicId = clinicId ?? actor.ClinicId,
            Action = action,
            Outcome = outcome,
            SubjectType = subjectType,
            SubjectId = subjectId,
            Detail = detail,
        });
    }
}
