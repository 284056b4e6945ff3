using DentistPortal.Domain.Audit;
using DentistPortal.Infrastructure.Data;

namespace DentistPortal.Features.Common;

public static class Audit
{
    /// <summary>
    /// Adds an audit line to the unit of work; it commits with the action it records. Every text is cut to its column's
    /// length (with "…"): SQLite stored longer values whole, PostgreSQL refused the line and so the action (issue 12), e.g.
    /// a refusal recorded for a caller whose name or id is longer than any real one.
    /// </summary>
    public static void Record(AppDbContext db, TimeProvider time, Actor actor, string action, string outcome,
        string? subjectType = null, string? subjectId = null, string? detail = null, int? clinicId = null)
    {
        var entry = new AuditEntry
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
        };
        var entity = db.AuditEntries.Add(entry);
        foreach (var property in entity.Properties)
        {
            if (property.CurrentValue is string text && property.Metadata.GetMaxLength() is { } max && text.Length > max)
                property.CurrentValue = text[..(max - 1)] + "…";
        }
    }
}
