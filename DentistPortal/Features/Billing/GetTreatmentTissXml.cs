using System.Globalization;
using DentistPortal.Domain.Audit;
using DentistPortal.Domain.Support;
using DentistPortal.Domain.Tiss;
using DentistPortal.Features.Common;
using DentistPortal.Features.Treatments;
using DentistPortal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DentistPortal.Features.Billing;

/// <param name="TreatmentId">The validated treatment.</param>
/// <param name="AllowReexport">The user confirmed "Baixar novamente" for a guide exported before.</param>
/// <param name="IdempotencyKey">One per click: a double click downloads the same export.</param>
public sealed record GetTreatmentTissXmlCommand(int TreatmentId, bool AllowReexport, Guid? IdempotencyKey = null);

/// <summary>
/// "Baixar XML TISS" on the treatment page (issue 11, TISS export): the same <c>mensagemTISS</c> a batch would carry, with
/// this one guide and a new sequence number; recorded as an export of kind <see cref="TissExportKind.SingleTreatment"/>
/// (the guide is then "já exportada") and audited. For the clinic's dentists and receptionists working there now — the
/// clinic bills, so neither the operator's roles nor the beneficiary produce TISS files. Only validated treatments; a guide
/// exported before needs <see cref="GetTreatmentTissXmlCommand.AllowReexport"/> (answered Invalid with the date otherwise);
/// a guide that cannot be billed answers its reasons. Idempotent per key.
/// </summary>
public sealed class GetTreatmentTissXmlHandler(IDbContextFactory<AppDbContext> dbFactory, IOptionsMonitor<OperatorOptions> operatorOptions, TimeProvider time, AccessCheck access)
{
    public const string Action = AuditActions.TissExported + ":treatment";
    /// <summary>The refusal for a treatment not validated yet (the API maps it to <c>tiss.nao_validado</c>).</summary>
    public const string NotValidatedMessage = "Só atendimentos validados têm guia TISS: este tratamento ainda não foi validado.";
    /// <summary>First line of the refusal listing why the guide cannot be billed (API: <c>tiss.nao_faturavel</c>).</summary>
    public const string NotBillableHeading = "A guia TISS deste tratamento ainda não pode ser gerada:";
    /// <summary>Start of the refusal of a second download without confirmation (API: <c>tiss.ja_exportada</c>).</summary>
    public const string AlreadyExportedStart = "A guia TISS deste tratamento já foi exportada em";

    public async Task<Result<TissExportDownload>> HandleAsync(GetTreatmentTissXmlCommand command, Actor? actor, CancellationToken ct = default)
    {
        var receipt = await IdempotentAction.RunAsync(dbFactory, time, actor, command.IdempotencyKey, Action, db => ExportAsync(db, command, actor, ct), ct);
        return await TissExportFiles.WithFileAsync(dbFactory, receipt, ct);
    }

    private async Task<Result<TissExportReceipt>> ExportAsync(AppDbContext db, GetTreatmentTissXmlCommand command, Actor? actor, CancellationToken ct)
    {
        var treatment = await db.Treatments.AsNoTracking().FirstOrDefaultAsync(t => t.Id == command.TreatmentId, ct);
        if (treatment is null) return Result<TissExportReceipt>.NotFound("Tratamento não encontrado.");
        var subject = treatment.Id.ToString(CultureInfo.InvariantCulture);
        if (!(await access.ForTreatmentAsync(db, actor, treatment, ct)).IsClinic)
        {
            await access.RecordRefusalAsync(db, actor, "Treatment", subject, "XML TISS de tratamento de outra clínica", treatment.ClinicId, ct);
            return Result<TissExportReceipt>.Forbidden();
        }
        if (!treatment.IsClosed)
            return Result<TissExportReceipt>.Invalid(NotValidatedMessage);

        var ans = operatorOptions.CurrentValue.AnsRegistration;
        var candidate = (await TissGuideData.CandidatesAsync(db, db.Treatments.Where(t => t.Id == treatment.Id), ans, ct)).Single();
        if (!candidate.IsExportable)
            return Result<TissExportReceipt>.Invalid(candidate.Problems.Prepend(NotBillableHeading));
        if (candidate.WasExported && !command.AllowReexport)
            return Result<TissExportReceipt>.Invalid(AlreadyExportedMessage(candidate.LastExportedAtUtc!.Value));

        var clinic = await db.Clinics.AsNoTracking().SingleAsync(c => c.Id == treatment.ClinicId, ct);
        var now = time.GetUtcNow();
        var (file, first, last, links) = await TissGuideData.WriteAsync(db, [candidate], clinic, ans, now, ct);
        var export = TissExport.Record(clinic.Id, TissExportKind.SingleTreatment, null, null, actor!.UserId, actor.Name, now, candidate.WasExported,
            file.FileName, file.ContentType, file.Content, first, last, links);
        db.TissExports.Add(export);
        Audit.Record(db, time, actor, AuditActions.TissExported, candidate.WasExported ? "reexported" : "exported", "Treatment", subject,
            $"lote {ExportTissBatchHandler.Range(first, last)}; tratamento {treatment.Number}", clinic.Id);
        await db.SaveChangesAsync(ct);
        return Result<TissExportReceipt>.Ok(new TissExportReceipt(export.Id, file.FileName, 1, candidate.WasExported, first, last, 0));
    }

    /// <summary>The refusal of a second download without confirmation; the page offers "Baixar novamente".</summary>
    public static string AlreadyExportedMessage(DateTimeOffset exportedAtUtc) =>
        $"{AlreadyExportedStart} {TissGuideMapping.Display(exportedAtUtc)}. Para baixar de novo, confirme \"Baixar novamente\" (reexportação).";
}
