using DentistPortal.Domain.Audit;
using DentistPortal.Domain.Support;
using DentistPortal.Domain.Tiss;
using DentistPortal.Features.Common;
using DentistPortal.Infrastructure.Data;
using DentistPortal.Infrastructure.Tiss;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DentistPortal.Features.Billing;

/// <param name="ClinicId">The clinic the user works at now.</param>
/// <param name="From">First day (Brasília) of the validations to bill.</param>
/// <param name="To">Last day (Brasília), inclusive.</param>
/// <param name="IncludeAlreadyExported">Re-export: also the guides exported before (explicit, audited as "reexported").</param>
/// <param name="IdempotencyKey">One per click (issue 9 §3): a double click gets the same export, never a second one.</param>
public sealed record ExportTissBatchCommand(int ClinicId, DateOnly From, DateOnly To, bool IncludeAlreadyExported, Guid? IdempotencyKey = null);

/// <summary>What an export recorded (no personal data: it is replayed from the idempotency store).</summary>
/// <param name="NotExportable">Validated treatments of the period left out because they cannot be billed yet.</param>
public sealed record TissExportReceipt(int ExportId, string FileName, int GuideCount, bool IsReexport, long FirstSequence, long LastSequence, int NotExportable);

/// <summary>The export and its file (an .xml, or a .zip of batches of at most 100 guides).</summary>
public sealed record TissExportDownload(TissExportReceipt Receipt, TissFile File);

/// <summary>
/// "Gerar lote TISS" (issue 11, TISS export): the clinic's guides validated in the period, as TISS 4.01.00 batches
/// (<see cref="TissExportPackage"/>), each batch with a new <c>sequencialTransacao</c>/<c>numeroLote</c> from the counter.
/// By default only guides never exported; with <see cref="ExportTissBatchCommand.IncludeAlreadyExported"/> also those
/// (a re-export, audited as such). Guides that cannot be billed (no price, no CNES…) are left out and counted. Nothing new
/// to export answers <see cref="ResultStatus.Invalid"/> with a clear message and changes nothing. Runs as an
/// <see cref="IdempotentAction"/>: serialized (numbers never collide) and replayed for the same key (a double click).
/// For the dentists and receptionists working at the clinic now.
/// </summary>
public sealed class ExportTissBatchHandler(IDbContextFactory<AppDbContext> dbFactory, IOptionsMonitor<OperatorOptions> operatorOptions, TimeProvider time, AccessCheck access)
{
    public const string Action = AuditActions.TissExported;

    public async Task<Result<TissExportDownload>> HandleAsync(ExportTissBatchCommand command, Actor? actor, CancellationToken ct = default)
    {
        if (TissPeriod.Check(command.From, command.To) is { } wrong) return Result<TissExportDownload>.Invalid(wrong);
        var receipt = await IdempotentAction.RunAsync(dbFactory, time, actor, command.IdempotencyKey, Action, db => ExportAsync(db, command, actor, ct), ct);
        return await TissExportFiles.WithFileAsync(dbFactory, receipt, ct);
    }

    private async Task<Result<TissExportReceipt>> ExportAsync(AppDbContext db, ExportTissBatchCommand command, Actor? actor, CancellationToken ct)
    {
        if (!(await access.ReadAsync(db, actor, ct)).ActsForClinic(command.ClinicId))
        {
            await access.RecordRefusalAsync(db, actor, "TissExport", null, "exportação TISS de outra clínica", command.ClinicId, ct);
            return Result<TissExportReceipt>.Forbidden();
        }
        var ans = operatorOptions.CurrentValue.AnsRegistration;
        var candidates = await TissGuideData.CandidatesAsync(db, TissGuideData.ValidatedInPeriod(db, command.ClinicId, command.From, command.To), ans, ct);
        var chosen = candidates.Where(c => c.IsExportable && (command.IncludeAlreadyExported || !c.WasExported)).ToList();
        var notExportable = candidates.Count(c => !c.IsExportable);
        if (chosen.Count == 0) return Result<TissExportReceipt>.Invalid(NothingToExport(candidates, command));

        var clinic = await db.Clinics.AsNoTracking().SingleAsync(c => c.Id == command.ClinicId, ct);
        var now = time.GetUtcNow();
        var (file, first, last, links) = await TissGuideData.WriteAsync(db, chosen, clinic, ans, now, ct);
        var isReexport = chosen.Any(c => c.WasExported);
        var export = TissExport.Record(clinic.Id, TissExportKind.Batch, command.From, command.To, actor!.UserId, actor.Name, now, isReexport,
            file.FileName, file.ContentType, file.Content, first, last, links);
        db.TissExports.Add(export);
        Audit.Record(db, time, actor, AuditActions.TissExported, isReexport ? "reexported" : "exported", "TissExport", first.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"lote {Range(first, last)}; período {TissPeriod.Display(command.From, command.To)}; {chosen.Count} guia(s)"
            + (isReexport ? $", {chosen.Count(c => c.WasExported)} reexportada(s)" : "")
            + $"; tratamentos {TissPeriod.Numbers(chosen.Select(c => c.TreatmentNumber))}", clinic.Id);
        await db.SaveChangesAsync(ct);
        return Result<TissExportReceipt>.Ok(new TissExportReceipt(export.Id, file.FileName, chosen.Count, isReexport, first, last, notExportable));
    }

    internal static string Range(long first, long last) => first == last ? $"nº {first}" : $"nº {first} a {last}";

    private static string NothingToExport(List<TissGuideCandidate> candidates, ExportTissBatchCommand command)
    {
        var period = TissPeriod.Display(command.From, command.To);
        var exported = candidates.Count(c => c.IsExportable && c.WasExported);
        var blocked = candidates.Count(c => !c.IsExportable);
        if (candidates.Count == 0) return $"Nenhum atendimento validado de {period}: não há guias para exportar.";
        var parts = new List<string>();
        if (exported > 0) parts.Add($"{exported} guia(s) já exportada(s) — para gerá-las de novo, marque \"Incluir guias já exportadas (reexportação)\"");
        if (blocked > 0) parts.Add($"{blocked} guia(s) sem condições de faturamento (veja os motivos na prévia)");
        return $"Nenhuma guia nova para exportar de {period}: {string.Join("; ", parts)}.";
    }
}
