using DentistPortal.Domain.Contingency;
using DentistPortal.Domain.Support;
using DentistPortal.Features.Common;
using DentistPortal.Features.Support;
using DentistPortal.Features.Treatments;
using DentistPortal.Infrastructure.Data;
using DentistPortal.Infrastructure.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DentistPortal.Features.Contingency;

public sealed record RecordContingencyCommand(string TreatmentNumber, string ReasonCode);

/// <summary>Printing the guide records a contingency on the treatment: reason (TUSS 74 or Q9), who and when.</summary>
public sealed class RecordContingencyHandler(IDbContextFactory<AppDbContext> dbFactory, IOptionsMonitor<OperatorOptions> operatorOptions,
    ITreatmentEvents events, TimeProvider time,
    AccessCheck access)
{
    public async Task<Result<GuideDocument>> HandleAsync(RecordContingencyCommand command, Actor? actor, CancellationToken ct = default)
    {
        if (!ContingencyReasons.All.ContainsKey(command.ReasonCode ?? "")) return Result<GuideDocument>.Invalid("Escolha o motivo da contingência.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var t = await db.Treatments.Include(x => x.Items).FirstOrDefaultAsync(x => x.Number == command.TreatmentNumber, ct);
        if (t is null) return Result<GuideDocument>.NotFound("Tratamento não encontrado.");
        if (!(await access.ForTreatmentAsync(db, actor, t, ct)).CanPrintGuide) return Result<GuideDocument>.NotFound("Tratamento não encontrado.");
        if (t.IsClosed) return Result<GuideDocument>.Invalid("Este tratamento já foi validado: não é preciso imprimir a guia.");
        if (t.Status == Domain.Treatments.TreatmentStatus.Draft) return Result<GuideDocument>.Invalid("Envie o tratamento para autorização antes de imprimir a guia.");

        var now = time.GetUtcNow();
        db.ContingencyRecords.Add(new ContingencyRecord { TreatmentId = t.Id, ReasonCode = command.ReasonCode!, ByUserId = actor!.UserId, ByName = actor.Name, AtUtc = now });
        Audit.Record(db, time, actor, "contingency.printed", "ok", "Treatment", t.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"guia impressa; motivo: {ContingencyReasons.Display(command.ReasonCode)}", t.ClinicId);
        await db.SaveChangesAsync(ct);
        events.Publish(new TreatmentChanged(t.Id, "contingency"));
        return Result<GuideDocument>.Ok(await GetGuideHandler.BuildAsync(db, t, operatorOptions.CurrentValue, now, ct));
    }
}
