using System.Globalization;
using DentistPortal.Domain.Access;
using DentistPortal.Domain.Audit;
using DentistPortal.Domain.Contingency;
using DentistPortal.Features.Common;
using DentistPortal.Features.Contingency;
using DentistPortal.Infrastructure.Data;
using DentistPortal.Infrastructure.Messaging;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Features.Review;

/// <summary>
/// The auditor's decision on a signed guide: either <paramref name="Confirmed"/> rows (authorized procedures found dated
/// and signed, each with its data de realização) or a <paramref name="Rejection"/> (with <paramref name="Note"/>, required
/// for <see cref="SignedGuideRejection.Other"/>).
/// </summary>
public sealed record DecideSignedGuideCommand(int GuideId, IReadOnlyList<PerformedRow> Confirmed, SignedGuideRejection? Rejection = null, string? Note = null);

/// <param name="Repeated">The guide had already been decided: this is the first decision, nothing was changed.</param>
public sealed record SignedGuideDecision(int GuideId, int TreatmentId, string TreatmentNumber, SignedGuideStatus Outcome, int ConfirmedRows,
    string? RejectionText, bool Repeated);

/// <summary>
/// The dental auditor confirms the rows of a signed guide (the treatment becomes "Validado por guia assinada"; the
/// confirmed rows are the performed procedures) or sends it back to the clinic with a reason (issue 9 §1, SPEC §9).
/// Auditor only, checked in the database. A second decision on a decided guide changes nothing and answers the first.
/// The clinic's open treatment page is told at once.
/// </summary>
public sealed class DecideSignedGuideHandler(IDbContextFactory<AppDbContext> dbFactory, ITreatmentEvents events, TimeProvider time, AccessCheck access)
{
    /// <summary>The audit action this handler records (<see cref="AuditActions.SignedGuideReviewed"/>).</summary>
    public const string Action = AuditActions.SignedGuideReviewed;

    public async Task<Result<SignedGuideDecision>> HandleAsync(DecideSignedGuideCommand command, Actor? actor, CancellationToken ct = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await TryOnceAsync(command, actor, ct);
            }
            catch (DbUpdateConcurrencyException) when (attempt < 3)
            {
                // Decided meanwhile in another tab or by another auditor: the next read answers with that decision.
            }
        }
    }

    private async Task<Result<SignedGuideDecision>> TryOnceAsync(DecideSignedGuideCommand command, Actor? actor, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await access.EnsureRoleAsync(db, actor, [Roles.Auditor], "SignedGuide", $"{AuditActions.SignedGuideReviewed}: perfil sem permissão para decidir", ct))
            return Result<SignedGuideDecision>.Forbidden();

        var treatmentId = await db.SignedGuides.Where(g => g.Id == command.GuideId).Select(g => (int?)g.TreatmentId).FirstOrDefaultAsync(ct);
        if (treatmentId is null) return Result<SignedGuideDecision>.NotFound("Guia assinada não encontrada.");
        var t = await db.Treatments.Include(x => x.Items).Include(x => x.SignedGuides).ThenInclude(g => g.Confirmations).SingleAsync(x => x.Id == treatmentId, ct);
        var guide = t.SignedGuides.Single(g => g.Id == command.GuideId);
        if (guide.IsDecided) return Result<SignedGuideDecision>.Ok(DecisionOf(t.Number, guide, repeated: true));
        if (guide != t.CurrentSignedGuide) return Result<SignedGuideDecision>.Invalid("Esta não é a guia mais recente do tratamento.");

        var now = time.GetUtcNow();
        var error = command.Rejection is { } rejection
            ? t.RejectSignedGuide(guide.Id, rejection, command.Note, actor!.UserId, actor.Name, now)
            : t.ConfirmSignedGuide(guide.Id, command.Confirmed ?? [], actor!.UserId, actor.Name, now);
        if (error is not null) return Result<SignedGuideDecision>.Invalid(error);

        var detail = guide.Status == SignedGuideStatus.Accepted
            ? $"guia assinada (envio {guide.Submission}) conferida: {string.Join(", ", guide.Confirmations.Select(c => $"{t.Items.Single(i => i.Id == c.TreatmentItemId).TussCode} realizado em {c.PerformedOn.ToString("dd'/'MM'/'yyyy", CultureInfo.InvariantCulture)}"))}"
            : $"guia assinada (envio {guide.Submission}) devolvida à clínica — motivo: {SignedGuideLabels.Rejection(guide.Rejection, guide.RejectionNote)}";
        Audit.Record(db, time, actor, AuditActions.SignedGuideReviewed, guide.Status == SignedGuideStatus.Accepted ? "accepted" : "rejected", "Treatment",
            t.Id.ToString(CultureInfo.InvariantCulture), detail.Length <= 500 ? detail : detail[..499] + "…", t.ClinicId);
        await db.SaveChangesAsync(ct);

        events.Publish(new TreatmentChanged(t.Id, "signed-guide-review"));
        return Result<SignedGuideDecision>.Ok(DecisionOf(t.Number, guide, repeated: false));
    }

    private static SignedGuideDecision DecisionOf(string number, SignedGuide g, bool repeated) =>
        new(g.Id, g.TreatmentId, number, g.Status, g.Confirmations.Count,
            g.Status == SignedGuideStatus.Rejected ? SignedGuideLabels.Rejection(g.Rejection, g.RejectionNote) : null, repeated);
}
