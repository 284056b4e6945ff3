using DentistPortal.Domain.Audit;
using DentistPortal.Domain.Contingency;
using DentistPortal.Domain.Support;
using DentistPortal.Domain.Messaging;
using DentistPortal.Domain.Tokens;
using DentistPortal.Domain.Treatments;
using DentistPortal.Features.Common;
using DentistPortal.Features.Support;
using DentistPortal.Features.Treatments;
using DentistPortal.Infrastructure.Data;
using DentistPortal.Infrastructure.Messaging;
using DentistPortal.Infrastructure.Pdf;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DentistPortal.Features.Contingency;

/// <param name="ReasonCode">A TUSS 74 code offered for the printed guide (<see cref="ContingencyReasonChoices"/>).</param>
/// <param name="Note">Optional free text kept apart from the code (e.g. <see cref="ContingencyReasonChoices.CouldNotGenerateNote"/>).</param>
/// <param name="ConfirmedDespiteDeliveredToken">
/// Set by the screen after the user read that the patient already received an active token and chose to print anyway.
/// </param>
public sealed record RecordContingencyCommand(string TreatmentNumber, string ReasonCode, string? Note = null, bool ConfirmedDespiteDeliveredToken = false)
{
    public const int MaxNoteLength = 300;

    public static RecordContingencyCommand For(string treatmentNumber, ContingencyReasonChoice choice, bool confirmedDespiteDeliveredToken = false) =>
        new(treatmentNumber, choice.Code, choice.Note, confirmedDespiteDeliveredToken);
}

/// <summary>
/// What printing answered: the guide, or (with no change made) the question to ask first because an active token
/// already reached the patient (<see cref="ConfirmationNeeded"/>).
/// </summary>
public sealed record PrintedGuide(GuideDocument? Guide, string? ConfirmationNeeded)
{
    public bool NeedsConfirmation => ConfirmationNeeded is not null;
}

/// <summary>
/// Printing the guide records a contingency on the treatment: the TUSS 74 reason (only TUSS 74 codes are stored, issue 9
/// §8), a separate note, who and when. Refused when no
/// procedure is authorized (nothing is signable). While an active token was delivered to the patient, nothing is
/// recorded until the user confirms (issue 9 §1). Printing again with the same reason records nothing new.
/// </summary>
public sealed class RecordContingencyHandler(IDbContextFactory<AppDbContext> dbFactory, IOptionsMonitor<OperatorOptions> operatorOptions,
    ITreatmentEvents events, TimeProvider time,
    AccessCheck access)
{
    /// <summary>The audit action this handler records (<see cref="AuditActions.ContingencyPrinted"/>).</summary>
    public const string Action = AuditActions.ContingencyPrinted;

    public const string DeliveredTokenQuestion =
        "O paciente já recebeu um token ativo para este tratamento. Peça o código ao paciente: a guia impressa é só para quando o token não pode ser usado. Imprimir a guia mesmo assim?";

    public async Task<Result<PrintedGuide>> HandleAsync(RecordContingencyCommand command, Actor? actor, CancellationToken ct = default)
    {
        if (!ContingencyReasonChoices.IsOffered(command.ReasonCode)) return Result<PrintedGuide>.Invalid("Escolha o motivo da contingência (tabela TUSS 74).");
        var note = string.IsNullOrWhiteSpace(command.Note) ? null : command.Note.Trim();
        if (note?.Length > RecordContingencyCommand.MaxNoteLength) return Result<PrintedGuide>.Invalid($"A explicação pode ter até {RecordContingencyCommand.MaxNoteLength} caracteres.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var t = await db.Treatments.Include(x => x.Items).FirstOrDefaultAsync(x => x.Number == command.TreatmentNumber, ct);
        if (t is null) return Result<PrintedGuide>.NotFound("Tratamento não encontrado.");
        if (!(await access.ForTreatmentAsync(db, actor, t, ct)).CanPrintGuide) return Result<PrintedGuide>.NotFound("Tratamento não encontrado.");
        if (t.IsClosed) return Result<PrintedGuide>.Invalid("Este tratamento já foi validado: não é preciso imprimir a guia.");
        if (t.Status == TreatmentStatus.Draft) return Result<PrintedGuide>.Invalid("Envie o tratamento para autorização antes de imprimir a guia.");
        if (t.Status == TreatmentStatus.SignedGuideUnderReview)
            return Result<PrintedGuide>.Invalid("A guia assinada deste tratamento está em conferência pela auditoria: não é preciso imprimir outra.");
        if (!t.HasAuthorizedItem)
            return Result<PrintedGuide>.Invalid("Nenhum procedimento deste tratamento está autorizado: a guia não teria nenhuma linha para assinar.");

        var now = time.GetUtcNow();
        if (!command.ConfirmedDespiteDeliveredToken && await ActiveTokenWasDeliveredAsync(db, t.Id, now, ct))
            return Result<PrintedGuide>.Ok(new PrintedGuide(null, DeliveredTokenQuestion));

        // Same reason and note as the last print (a double click, a second tab, printing again): one record is enough.
        var last = await db.ContingencyRecords.Where(c => c.TreatmentId == t.Id).OrderByDescending(c => c.AtUtc).ThenByDescending(c => c.Id)
            .Select(c => new { c.ReasonCode, c.ReasonNote }).FirstOrDefaultAsync(ct);
        if (last is null || last.ReasonCode != command.ReasonCode || last.ReasonNote != note)
        {
            db.ContingencyRecords.Add(new ContingencyRecord { TreatmentId = t.Id, ReasonCode = command.ReasonCode, ReasonNote = note, ByUserId = actor!.UserId, ByName = actor.Name, AtUtc = now });
            Audit.Record(db, time, actor, AuditActions.ContingencyPrinted, "ok", "Treatment", t.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                $"guia impressa; motivo: {ContingencyReasonChoices.Display(command.ReasonCode, note)}{(command.ConfirmedDespiteDeliveredToken ? "; confirmada com token ativo já entregue ao paciente" : "")}", t.ClinicId);
            await db.SaveChangesAsync(ct);
            events.Publish(new TreatmentChanged(t.Id, "contingency"));
        }

        return Result<PrintedGuide>.Ok(new PrintedGuide(await GetGuideHandler.BuildAsync(db, t, operatorOptions.CurrentValue, now, ct), null));
    }

    /// <summary>An active, unexpired token of which at least one message (SMS or e-mail) was sent.</summary>
    private static Task<bool> ActiveTokenWasDeliveredAsync(AppDbContext db, int treatmentId, DateTimeOffset now, CancellationToken ct) =>
        (from k in db.Tokens
         where k.TreatmentId == treatmentId && k.Status == TokenStatus.Active && k.ExpiresAtUtc > now
         join d in db.Deliveries on k.Id equals d.TokenId
         where d.Status == DeliveryStatus.Sent
         select k.Id).AnyAsync(ct);
}
