using System.Globalization;
using DentistPortal.Domain.Access;
using DentistPortal.Domain.Audit;
using DentistPortal.Domain.Common;
using DentistPortal.Domain.Treatments;
using DentistPortal.Features.Common;
using DentistPortal.Infrastructure.Data;
using DentistPortal.Infrastructure.Messaging;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Features.Review;

/// <param name="Reason">Required to deny (the dentist reads it on the treatment); an optional note to approve.</param>
public sealed record DecideReviewItemCommand(int ItemId, bool Approve, string? Reason);

/// <param name="FirstAuthorized">This approval is the treatment's first authorized procedure: the token can now be generated (TR-3).</param>
public sealed record ReviewDecision(int ItemId, int TreatmentId, string TreatmentNumber, string TussCode, string Description,
    ItemAuthorization Authorization, bool FirstAuthorized);

/// <summary>
/// The dental auditor approves or denies a procedure under review (AR-1). Never touches tokens (TR-3); the
/// dentist's open treatment page is told at once so "Gerar token" follows the new authorization.
/// </summary>
public sealed class DecideReviewItemHandler(IDbContextFactory<AppDbContext> dbFactory, ITreatmentEvents events, TimeProvider time, AccessCheck access)
{
    /// <summary>The audit action this handler records (<see cref="AuditActions.ReviewDecided"/>).</summary>
    public const string Action = AuditActions.ReviewDecided;
    public const int MaxReasonLength = 300;
    private const int MaxConcurrencyRetries = 5;

    public async Task<Result<ReviewDecision>> HandleAsync(DecideReviewItemCommand command, Actor? actor, CancellationToken ct = default)
    {
        if (actor is null || !await MayDecideAsync(command, actor, ct)) return Result<ReviewDecision>.Forbidden();
        var reason = string.IsNullOrWhiteSpace(command.Reason) ? null : command.Reason.Trim();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await TryOnceAsync(command.ItemId, command.Approve, reason, actor, ct);
            }
            catch (DbUpdateConcurrencyException) when (attempt < MaxConcurrencyRetries)
            {
                // The treatment changed meanwhile (another decision, a token…): read it again; if the item was
                // decided by someone else, the next attempt says so.
            }
        }
    }

    private async Task<Result<ReviewDecision>> TryOnceAsync(int itemId, bool approve, string? reason, Actor actor, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var treatmentId = await db.TreatmentItems.Where(i => i.Id == itemId).Select(i => (int?)i.TreatmentId).FirstOrDefaultAsync(ct);
        if (treatmentId is null) return Result<ReviewDecision>.NotFound("Procedimento não encontrado.");
        var treatment = await db.Treatments.Include(t => t.Items).SingleAsync(t => t.Id == treatmentId, ct);
        var item = treatment.Items.Single(i => i.Id == itemId);

        // Decided meanwhile by someone else: say so first, whatever was typed.
        if (item.Authorization != ItemAuthorization.UnderReview)
            return Result<ReviewDecision>.Invalid(await AlreadyDecidedMessageAsync(db, treatment, item, ct));
        if (!approve && reason is null)
            return Result<ReviewDecision>.Invalid("Informe o motivo da negativa: o dentista verá este texto no tratamento.");
        if (reason is { Length: > MaxReasonLength })
            return Result<ReviewDecision>.Invalid($"Texto muito longo (máximo {MaxReasonLength} caracteres).");

        var hadAuthorized = treatment.HasAuthorizedItem;
        var now = time.GetUtcNow();
        item.Decide(approve, reason, actor.UserId, now);
        treatment.Touch(); // optimistic concurrency on the treatment: two auditors cannot both decide the item

        var where = item.Tooth is { } tooth ? $" (dente {tooth})" : item.Region is { } region ? $" ({region})" : "";
        var detail = approve
            ? $"{item.TussCode} {item.Description}{where}: autorizado{(reason is null ? "" : $" — observação: {reason}")}"
            : $"{item.TussCode} {item.Description}{where}: negado — motivo: {reason}";
        Audit.Record(db, time, actor, AuditActions.ReviewDecided, approve ? "authorized" : "denied", "Treatment",
            treatment.Id.ToString(CultureInfo.InvariantCulture), Truncate(detail, 500), treatment.ClinicId);
        await db.SaveChangesAsync(ct);

        events.Publish(new TreatmentChanged(treatment.Id, "authorization"));
        return Result<ReviewDecision>.Ok(new ReviewDecision(item.Id, treatment.Id, treatment.Number, item.TussCode, item.Description,
            item.Authorization, approve && !hadAuthorized));
    }

    private static async Task<string> AlreadyDecidedMessageAsync(AppDbContext db, Treatment treatment, TreatmentItem item, CancellationToken ct)
    {
        if (item.Authorization == ItemAuthorization.Pending)
            return $"O procedimento {item.TussCode} do tratamento nº {treatment.Number} não foi enviado para autorização; não há o que decidir.";
        var what = item.Authorization switch
        {
            ItemAuthorization.Authorized => "autorizado",
            ItemAuthorization.Denied => "negado",
            _ => "decidido",
        };
        var by = item.DecidedByUserId is { } userId
            ? await db.Users.Where(u => u.Id == userId).Select(u => u.FullName).FirstOrDefaultAsync(ct)
            : null;
        var when = item.DecidedAtUtc is { } at ? $" em {BrazilTime.ToLocal(at):dd/MM/yyyy 'às' HH:mm}" : "";
        return $"O procedimento {item.TussCode} do tratamento nº {treatment.Number} já foi {what}{(by is null ? "" : $" por {by}")}{when}. Nada foi alterado; a fila foi atualizada.";
    }

    /// <summary>
    /// Only an enabled auditor decides, as the database says now (an auditor disabled while the queue is open is refused
    /// at the next click). A decision tried by someone who may not decide is worth a line in the trail (about the item,
    /// so it stays out of the treatment's timeline that the clinic reads).
    /// </summary>
    private async Task<bool> MayDecideAsync(DecideReviewItemCommand command, Actor? actor, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if ((await access.ReadAsync(db, actor, ct)).Holds(Roles.Auditor)) return true;
        var clinicId = await (from i in db.TreatmentItems
                              where i.Id == command.ItemId
                              join t in db.Treatments on i.TreatmentId equals t.Id
                              select (int?)t.ClinicId).FirstOrDefaultAsync(ct);
        await access.RecordRefusalAsync(db, actor, "TreatmentItem", command.ItemId.ToString(CultureInfo.InvariantCulture),
            $"{AuditActions.ReviewDecided}: perfil sem permissão para decidir", clinicId, ct);
        return false;
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";
}
