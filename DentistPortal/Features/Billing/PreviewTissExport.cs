using DentistPortal.Domain.Support;
using DentistPortal.Features.Common;
using DentistPortal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DentistPortal.Features.Billing;

/// <summary>The TISS page's preview for a clinic and period (Brasília calendar days, inclusive).</summary>
public sealed record PreviewTissExportQuery(int ClinicId, DateOnly From, DateOnly To);

/// <summary>A validated treatment whose guide cannot be billed yet, and why (pt-BR).</summary>
public sealed record TissNotExportable(string TreatmentNumber, IReadOnlyList<string> Reasons);

/// <summary>A guide exported before, and when.</summary>
public sealed record TissAlreadyExported(string TreatmentNumber, DateTimeOffset ExportedAtUtc, bool IsExportable);

/// <summary>"N guias prontas, M já exportadas, K sem condições: motivos".</summary>
/// <param name="Ready">Exportable guides never exported: what "Gerar lote TISS" exports by default.</param>
public sealed record TissExportPreview(int Ready, IReadOnlyList<TissAlreadyExported> AlreadyExported, IReadOnlyList<TissNotExportable> NotExportable)
{
    /// <summary>What a re-export (including already exported guides) would carry.</summary>
    public int ReadyIncludingExported => Ready + AlreadyExported.Count(a => a.IsExportable);
}

/// <summary>
/// Counts what a TISS batch of the period would hold (issue 11, TISS export): ready, already exported, not exportable with
/// the reasons. Read-only; for the dentists and receptionists working at that clinic now (<see cref="AccessCheck"/>).
/// </summary>
public sealed class PreviewTissExportHandler(IDbContextFactory<AppDbContext> dbFactory, IOptionsMonitor<OperatorOptions> operatorOptions, AccessCheck access)
{
    public async Task<Result<TissExportPreview>> HandleAsync(PreviewTissExportQuery query, Actor? actor, CancellationToken ct = default)
    {
        if (TissPeriod.Check(query.From, query.To) is { } wrong) return Result<TissExportPreview>.Invalid(wrong);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!(await access.ReadAsync(db, actor, ct)).ActsForClinic(query.ClinicId))
        {
            await access.RecordRefusalAsync(db, actor, "TissExport", null, "prévia de exportação TISS de outra clínica", query.ClinicId, ct);
            return Result<TissExportPreview>.Forbidden();
        }
        var candidates = await TissGuideData.CandidatesAsync(db, TissGuideData.ValidatedInPeriod(db, query.ClinicId, query.From, query.To),
            operatorOptions.CurrentValue.AnsRegistration, ct);
        return Result<TissExportPreview>.Ok(new TissExportPreview(
            candidates.Count(c => c.IsExportable && !c.WasExported),
            [.. candidates.Where(c => c.WasExported).Select(c => new TissAlreadyExported(c.TreatmentNumber, c.LastExportedAtUtc!.Value, c.IsExportable))],
            [.. candidates.Where(c => !c.IsExportable).Select(c => new TissNotExportable(c.TreatmentNumber, c.Problems))]));
    }
}
