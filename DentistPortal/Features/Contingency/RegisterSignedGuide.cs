using System.Globalization;
using System.Security.Cryptography;
using DentistPortal.Domain.Audit;
using DentistPortal.Domain.Contingency;
using DentistPortal.Domain.Tiss;
using DentistPortal.Domain.Tokens;
using DentistPortal.Domain.Treatments;
using DentistPortal.Features.Common;
using DentistPortal.Features.Treatments;
using DentistPortal.Infrastructure.Data;
using DentistPortal.Infrastructure.Messaging;
using DentistPortal.Infrastructure.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DentistPortal.Features.Contingency;

/// <summary>
/// The scan arrives as a stream (the browser's upload): the handler streams it to a temporary file, never to memory
/// (issue 10, "Transport and headers").
/// </summary>
public sealed record RegisterSignedGuideCommand(int TreatmentId, string FileName, Stream Content, string? ContingencyNumber = null)
{
    /// <summary>For callers that already hold the bytes (tests, tools).</summary>
    public RegisterSignedGuideCommand(int treatmentId, string fileName, byte[] content, string? contingencyNumber = null)
        : this(treatmentId, fileName, new MemoryStream(content, writable: false), contingencyNumber) { }
}

/// <param name="Repeated">The same scan was already waiting for review (double click, retry): nothing new was stored.</param>
public sealed record RegisteredSignedGuide(int GuideId, int Submission, bool Repeated);

/// <summary>
/// Staff register the scan of the guide signed per procedure. The scan must be a readable PDF (≥ 1 page) or a JPEG/PNG
/// that decodes with sensible dimensions, ≤ 10 MB; the treatment then waits for the auditor ("guia assinada em
/// conferência"), it is NOT validated (issue 9 §1). With a call-centre contingency number it regularizes an attendance
/// from when the portal was down (reason 03). A refused file leaves nothing behind; the same scan sent twice is stored once.
/// Files (issue 10): the upload is streamed to a temporary file of the scans folder, reading stops at 10 MB + 1 byte
/// (refused, nothing kept); the file is inspected there, renamed to its stored name, the row committed, then moved into
/// place. Any failure before the commit (refusal, database error, cancellation, disconnection) deletes the temporary
/// file; a process killed between commit and move is finished by <see cref="ScanStorageRecovery"/> at the next start.
/// </summary>
public sealed class RegisterSignedGuideHandler(IDbContextFactory<AppDbContext> dbFactory, IScanStorage storage, IScanInspector inspector,
    IOptionsMonitor<SignedGuidePolicy> policy, ITreatmentEvents events, TimeProvider time, AccessCheck access)
{
    /// <summary>The audit action this handler records (<see cref="AuditActions.SignedGuideRegistered"/>).</summary>
    public const string Action = AuditActions.SignedGuideRegistered;
    public const string EmptyMessage = "O arquivo está vazio. Digitalize a guia assinada de novo.";
    public const string TooLargeMessage = "Arquivo maior que 10 MB. Digitalize em resolução menor (150–200 dpi) ou em PDF.";
    public const string FormatMessage = "Formato não reconhecido: envie a guia em PDF, JPEG ou PNG. O arquivo é conferido pelo conteúdo, não pelo nome.";
    public const string UnreadablePdfMessage = "Não foi possível abrir este PDF: o arquivo está incompleto ou danificado. Digitalize a guia assinada de novo.";
    public const string ProtectedPdfMessage = "Este PDF está protegido por senha. Digitalize a guia sem senha.";
    public const string EmptyPdfMessage = "Este PDF não tem nenhuma página. Digitalize a guia assinada de novo.";
    public const string UnreadableImageMessage = "Não foi possível ler esta imagem: o arquivo está incompleto ou danificado. Digitalize ou fotografe a guia de novo.";
    public const string ImageTooSmallMessage = "Imagem pequena demais para conferir as assinaturas (mínimo 300 × 300 pixels). Digitalize a guia em 150–200 dpi.";
    public const string ImageTooLargeMessage = "Imagem grande demais (máximo 12.000 pixels por lado). Digitalize a guia em 150–200 dpi.";

    /// <summary>
    /// Decoding a scan may take up to <see cref="ScanInspector"/>'s whole-image budget of memory: at most this many at once
    /// per process, so a handful of tiny "image bombs" sent together cannot exhaust the server (issue 10 attack).
    /// </summary>
    private static readonly SemaphoreSlim Inspections = new(2, 2);

    public async Task<Result<RegisteredSignedGuide>> HandleAsync(RegisterSignedGuideCommand command, Actor? actor, CancellationToken ct = default)
    {
        // Who may send it and whether the treatment can take a guide at all come first: nothing is read, stored or decoded
        // for a request that would be refused anyway (these answers never change after a successful send, so a repeated
        // send still reaches the "same scan" answer below).
        if (await RefusalBeforeReadingAsync(command, actor, ct) is { } refused) return refused;

        await using var staged = await storage.StageAsync(command.Content, ScanFormat.MaxBytes, ct);
        if (staged.TooLarge) return Result<RegisteredSignedGuide>.Invalid(TooLargeMessage);
        ScanInspection inspection;
        await Inspections.WaitAsync(ct);
        try
        {
            await using var content = staged.OpenRead();
            inspection = inspector.Inspect(content);
        }
        finally
        {
            Inspections.Release();
        }
        if (!inspection.IsReadable) return Result<RegisteredSignedGuide>.Invalid(Refusal(inspection.Verdict));

        // The name the row will carry; the staged file takes it now so a restart can tell a committed upload from a dead one.
        var stored = $"{Guid.NewGuid():N}{inspection.Extension}";
        staged.Reserve(stored);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await TryOnceAsync(command, staged, stored, inspection, actor, ct);
            }
            catch (DbUpdateException ex) when (attempt < 3 && LostARace(ex))
            {
                // Another request changed the treatment meanwhile (a double click storing the same scan): read it again;
                // the next attempt answers "already registered" or the refusal that now applies.
            }
        }
    }

    private async Task<Result<RegisteredSignedGuide>?> RefusalBeforeReadingAsync(RegisterSignedGuideCommand command, Actor? actor, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var t = await db.Treatments.AsNoTracking().Include(x => x.Items).Include(x => x.SignedGuides).Include(x => x.Tokens).AsSplitQuery()
            .FirstOrDefaultAsync(x => x.Id == command.TreatmentId, ct);
        if (t is null || !(await access.ForTreatmentAsync(db, actor, t, ct)).CanUploadSignedGuide) return Result<RegisteredSignedGuide>.NotFound("Tratamento não encontrado.");
        // The treatment's own refusals, while nothing was sent yet (after a send, a repeated send of the same scan must still
        // reach its "already registered" answer, which needs the file's hash).
        if (t.SignedGuides.Count == 0 && t.WhyNoSignedGuide(policy.CurrentValue.MaxSubmissions) is { } why) return Result<RegisteredSignedGuide>.Invalid(why);
        if (!string.IsNullOrWhiteSpace(command.ContingencyNumber)) return null; // checked with the row, in one transaction
        var printed = await db.ContingencyRecords.AnyAsync(c => c.TreatmentId == t.Id, ct);
        return printed ? null : Result<RegisteredSignedGuide>.Invalid(NotPrintedMessage);
    }

    public const string NotPrintedMessage = "Imprima a guia deste tratamento (registrando o motivo) antes de registrar a guia assinada, ou informe o número de contingência da Central.";

    private async Task<Result<RegisteredSignedGuide>> TryOnceAsync(RegisterSignedGuideCommand command, StagedScan staged, string stored,
        ScanInspection inspection, Actor? actor, CancellationToken ct)
    {
        var sha = staged.Sha256;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var t = await db.Treatments.Include(x => x.Items).Include(x => x.SignedGuides).Include(x => x.Tokens).AsSplitQuery().FirstOrDefaultAsync(x => x.Id == command.TreatmentId, ct);
        if (t is null || !(await access.ForTreatmentAsync(db, actor, t, ct)).CanUploadSignedGuide) return Result<RegisteredSignedGuide>.NotFound("Tratamento não encontrado.");
        if (t.RepeatedSubmission(sha) is { } same) return Result<RegisteredSignedGuide>.Ok(new(same.Id, same.Submission, Repeated: true));
        if (t.WhyNoSignedGuide(policy.CurrentValue.MaxSubmissions) is { } why) return Result<RegisteredSignedGuide>.Invalid(why);

        var now = time.GetUtcNow();
        string reason;
        ContingencyNumber? number = null;
        if (!string.IsNullOrWhiteSpace(command.ContingencyNumber))
        {
            var typed = command.ContingencyNumber.Trim().ToUpperInvariant();
            number = await db.ContingencyNumbers.FirstOrDefaultAsync(n => n.Number == typed && n.ClinicId == t.ClinicId, ct);
            if (number is null) return Result<RegisteredSignedGuide>.Invalid("Número de contingência não encontrado para esta clínica. Confira com a Central de Atendimento.");
            if (number.IsUsed && number.UsedByTreatmentId != t.Id) return Result<RegisteredSignedGuide>.Invalid("Este número de contingência já foi usado em outro tratamento.");
            if (!number.IsUsed)
            {
                number.UsedByTreatmentId = t.Id;
                number.UsedAtUtc = now;
                number.Version++;
                db.ContingencyRecords.Add(new ContingencyRecord { TreatmentId = t.Id, ReasonCode = Tuss74.SystemUnavailable, ByUserId = actor!.UserId, ByName = actor.Name, AtUtc = now });
            }
            reason = Tuss74.SystemUnavailable;
        }
        else
        {
            var printed = await db.ContingencyRecords.Where(c => c.TreatmentId == t.Id).OrderByDescending(c => c.AtUtc).ThenByDescending(c => c.Id).Select(c => c.ReasonCode).FirstOrDefaultAsync(ct);
            if (printed is null)
                return Result<RegisteredSignedGuide>.Invalid(NotPrintedMessage);
            reason = printed;
        }

        var originalName = Path.GetFileName(command.FileName ?? "guia").Trim() is { Length: > 0 } n ? n[..Math.Min(n.Length, 255)] : "guia";
        var guide = t.SubmitSignedGuide(new SignedGuideScan(stored, originalName, inspection.ContentType!, staged.Length, sha),
            reason, number?.Number, actor!.UserId, actor.Name, policy.CurrentValue.MaxSubmissions, now);
        Audit.Record(db, time, actor, AuditActions.SignedGuideRegistered, "ok", "Treatment", t.Id.ToString(CultureInfo.InvariantCulture),
            $"guia assinada enviada para conferência (envio {guide.Submission}; {inspection.ContentType}, {Pages(inspection)}, {staged.Length / 1024} KB); motivo: {Tuss74.Display(reason)}{(number is null ? "" : $"; contingência {number.Number}")}", t.ClinicId);

        // The row first, then the file: a failed commit leaves only the staged file, which the caller's dispose deletes.
        // Once committing starts it is not cancelled (a commit that happened must get its file).
        await db.SaveChangesAsync(CancellationToken.None);
        staged.PutInPlace(stored);
        events.Publish(new TreatmentChanged(t.Id, "signed-guide"));
        return Result<RegisteredSignedGuide>.Ok(new(guide.Id, guide.Submission, Repeated: false));
    }

    /// <summary>Another request committed first: a concurrency conflict on the treatment, the unique submission number, or a busy database.</summary>
    /// <summary>A lost race (<see cref="DbRetry.IsLostRace"/>) or the same submission stored first by a concurrent request (unique index).</summary>
    private static bool LostARace(DbUpdateException ex) => DbRetry.IsLostRace(ex) || DbRetry.IsUniqueViolation(ex);

    private static string Pages(ScanInspection i) =>
        i.ContentType == "application/pdf" ? (i.Pages == 1 ? "1 página" : $"{i.Pages} páginas") : $"{i.Width}×{i.Height} px";

    public static string Refusal(ScanVerdict verdict) => verdict switch
    {
        ScanVerdict.Empty => EmptyMessage,
        ScanVerdict.TooLarge => TooLargeMessage,
        ScanVerdict.UnreadablePdf => UnreadablePdfMessage,
        ScanVerdict.PasswordProtectedPdf => ProtectedPdfMessage,
        ScanVerdict.PdfWithoutPages => EmptyPdfMessage,
        ScanVerdict.UndecodableImage => UnreadableImageMessage,
        ScanVerdict.ImageTooSmall => ImageTooSmallMessage,
        ScanVerdict.ImageTooLarge => ImageTooLargeMessage,
        _ => FormatMessage,
    };
}
