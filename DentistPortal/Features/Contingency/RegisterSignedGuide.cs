using System.Security.Cryptography;
using DentistPortal.Domain.Contingency;
using DentistPortal.Domain.Tiss;
using DentistPortal.Domain.Tokens;
using DentistPortal.Features.Common;
using DentistPortal.Features.Treatments;
using DentistPortal.Infrastructure.Data;
using DentistPortal.Infrastructure.Messaging;
using DentistPortal.Infrastructure.Storage;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Features.Contingency;

public sealed record RegisterSignedGuideCommand(int TreatmentId, string FileName, ReadOnlyMemory<byte> Content, string? ContingencyNumber = null);

/// <summary>
/// Staff register the scan of the guide signed per procedure (PDF, JPEG or PNG, recognised by content, size-limited).
/// With a call-centre contingency number it regularizes an attendance from when the portal was down (reason 03).
/// A refused file leaves nothing behind.
/// </summary>
public sealed class RegisterSignedGuideHandler(IDbContextFactory<AppDbContext> dbFactory, IScanStorage storage, ITreatmentEvents events, TimeProvider time)
{
    public const string EmptyMessage = "O arquivo está vazio. Digitalize a guia assinada de novo.";
    public const string TooLargeMessage = "Arquivo maior que 10 MB. Digitalize em resolução menor (150–200 dpi) ou em PDF.";
    public const string FormatMessage = "Formato não reconhecido: envie a guia em PDF, JPEG ou PNG. O arquivo é conferido pelo conteúdo, não pelo nome.";

    public async Task<Result<int>> HandleAsync(RegisterSignedGuideCommand command, Actor? actor, CancellationToken ct = default)
    {
        if (command.Content.Length == 0) return Result<int>.Invalid(EmptyMessage);
        if (command.Content.Length > ScanFormat.MaxBytes) return Result<int>.Invalid(TooLargeMessage);
        if (ScanFormat.Detect(command.Content.Span[..Math.Min(16, command.Content.Length)]) is not { } format) return Result<int>.Invalid(FormatMessage);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var t = await db.Treatments.FirstOrDefaultAsync(x => x.Id == command.TreatmentId, ct);
        if (t is null || !await TreatmentAccess.IsClinicMemberAsync(db, actor, t, ct)) return Result<int>.NotFound("Tratamento não encontrado.");
        if (t.IsClosed) return Result<int>.Invalid("Este tratamento já foi validado.");
        if (t.Status == Domain.Treatments.TreatmentStatus.Draft) return Result<int>.Invalid("Envie o tratamento para autorização antes de registrar a guia.");

        var now = time.GetUtcNow();
        string reason;
        ContingencyNumber? number = null;
        if (!string.IsNullOrWhiteSpace(command.ContingencyNumber))
        {
            var typed = command.ContingencyNumber.Trim().ToUpperInvariant();
            number = await db.ContingencyNumbers.FirstOrDefaultAsync(n => n.Number == typed && n.ClinicId == t.ClinicId, ct);
            if (number is null) return Result<int>.Invalid("Número de contingência não encontrado para esta clínica. Confira com a Central de Atendimento.");
            if (number.IsUsed) return Result<int>.Invalid("Este número de contingência já foi usado em outro tratamento.");
            number.UsedByTreatmentId = t.Id;
            number.UsedAtUtc = now;
            number.Version++;
            reason = Tuss74.SystemUnavailable;
            db.ContingencyRecords.Add(new ContingencyRecord { TreatmentId = t.Id, ReasonCode = reason, ByUserId = actor!.UserId, ByName = actor.Name, AtUtc = now });
        }
        else
        {
            var printed = await db.ContingencyRecords.Where(c => c.TreatmentId == t.Id).OrderByDescending(c => c.AtUtc).Select(c => c.ReasonCode).FirstOrDefaultAsync(ct);
            if (printed is null)
                return Result<int>.Invalid("Imprima a guia deste tratamento (registrando o motivo) antes de registrar a guia assinada, ou informe o número de contingência da Central.");
            reason = printed;
        }

        // The active token, if any, can no longer be used: the signed guide validated the attendance.
        foreach (var token in await db.Tokens.Where(k => k.TreatmentId == t.Id && k.Status == TokenStatus.Active).ToListAsync(ct))
            token.Supersede(now);
        t.MarkValidatedBySignedGuide(reason, now);

        var stored = $"{Guid.NewGuid():N}{format.Extension}";
        var guide = new SignedGuide
        {
            TreatmentId = t.Id,
            StoredFileName = stored,
            OriginalFileName = Path.GetFileName(command.FileName ?? "guia").Trim() is { Length: > 0 } n ? n[..Math.Min(n.Length, 255)] : "guia",
            ContentType = format.ContentType,
            SizeBytes = command.Content.Length,
            Sha256 = Convert.ToHexString(SHA256.HashData(command.Content.Span)),
            UploadedByUserId = actor!.UserId,
            UploadedAtUtc = now,
            ContingencyNumber = number?.Number,
        };
        db.SignedGuides.Add(guide);
        Audit.Record(db, time, actor, "contingency.signed-guide", "ok", "Treatment", t.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"guia assinada registrada ({format.ContentType}, {command.Content.Length / 1024} KB); motivo: {Tuss74.Display(reason)}{(number is null ? "" : $"; contingência {number.Number}")}", t.ClinicId);

        // File first, then the database; if the commit fails the orphan file is deleted.
        await storage.SaveAsync(stored, command.Content, ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            storage.Delete(stored);
            return Result<int>.Invalid("O tratamento mudou enquanto a guia era enviada. Atualize a página e tente de novo.");
        }
        events.Publish(new TreatmentChanged(t.Id, "signed-guide"));
        return Result<int>.Ok(guide.Id);
    }
}
