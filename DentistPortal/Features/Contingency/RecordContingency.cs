using DentistPortal.Domain.Contingency;
using DentistPortal.Features.Common;
using DentistPortal.Features.Support;
using DentistPortal.Features.Treatments;
using DentistPortal.Infrastructure.Data;
using DentistPortal.Infrastructure.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DentistPortal.Features.Contingency;

/// <param name="ReasonCode">A TUSS 74 code offered for the printed guide (<see cref="ContingencyReasonChoices"/>).</param>
/// <param name="Note">Optional free text kept apart from the code (e.g. <see cref="ContingencyReasonChoices.CouldNotGenerateNote"/>).</param>
public sealed record RecordContingencyCommand(string TreatmentNumber, string ReasonCode, string? Note = null)
{
    public const int MaxNoteLength = 300;

    public static RecordContingencyCommand For(string treatmentNumber, ContingencyReasonChoice choice) => new(treatmentNumber, choice.Code, choice.Note);
}

/// <summary>
/// Printing the guide records a contingency on the treatment: the TUSS 74 reason, a separate note, who and when
/// (SPEC §8/§9, issue 9 §8: only TUSS 74 codes are stored as reasons).
/// </summary>
public sealed class RecordContingencyHandler(IDbContextFactory<AppDbContext> dbFactory, IOptionsMonitor<OperatorOptions> operatorOptions,
    ITreatmentEvents events, TimeProvider time)
{
    public async Task<Result<GuideDocument>> HandleAsync(RecordContingencyCommand command, Actor? actor, CancellationToken ct = default)
    {
        if (!ContingencyReasonChoices.IsOffered(command.ReasonCode)) return Result<GuideDocument>.Invalid("Escolha o motivo da contingência (tabela TUSS 74).");
        var note = string.IsNullOrWhiteSpace(command.Note) ? null : command.Note.Trim();
        if (note?.Length > RecordContingencyCommand.MaxNoteLength) return Result<GuideDocument>.Invalid($"A explicação pode ter até {RecordContingencyCommand.MaxNoteLength} caracteres.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var t = await db.Treatments.Include(x => x.Items).FirstOrDefaultAsync(x => x.Number == command.TreatmentNumber, ct);
        if (t is null) return Result<GuideDocument>.NotFound("Tratamento não encontrado.");
        if (!await TreatmentAccess.IsClinicMemberAsync(db, actor, t, ct)) return Result<GuideDocument>.NotFound("Tratamento não encontrado.");
        if (t.IsClosed) return Result<GuideDocument>.Invalid("Este tratamento já foi validado: não é preciso imprimir a guia.");
        if (t.Status == Domain.Treatments.TreatmentStatus.Draft) return Result<GuideDocument>.Invalid("Envie o tratamento para autorização antes de imprimir a guia.");

        var now = time.GetUtcNow();
        db.ContingencyRecords.Add(new ContingencyRecord { TreatmentId = t.Id, ReasonCode = command.ReasonCode, ReasonNote = note, ByUserId = actor!.UserId, ByName = actor.Name, AtUtc = now });
        Audit.Record(db, time, actor, "contingency.printed", "ok", "Treatment", t.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"guia impressa; motivo: {ContingencyReasonChoices.Display(command.ReasonCode, note)}", t.ClinicId);
        await db.SaveChangesAsync(ct);
        events.Publish(new TreatmentChanged(t.Id, "contingency"));
        return Result<GuideDocument>.Ok(await GetGuideHandler.BuildAsync(db, t, operatorOptions.CurrentValue, now, ct));
    }
}
