using DentistPortal.Domain.Access;
using DentistPortal.Domain.Audit;
using DentistPortal.Domain.Tokens;
using DentistPortal.Features.Common;
using DentistPortal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Features.Cases;

/// <param name="Outcome">One of <see cref="CaseRules.Outcomes"/>.</param>
/// <param name="Details">Free text; required with "Outro".</param>
public sealed record CloseCaseCommand(int CaseId, string? Outcome, string? Details);

public sealed record CaseClosed(int CaseId, string Outcome, DateTimeOffset ClosedAtUtc);

/// <summary>
/// An admin closes an unsolicited-code case with an outcome. The case must be with the admin closing it (an
/// unassigned case is taken on closing); someone else's case is reassigned first, so nobody closes it behind
/// the colleague's back.
/// </summary>
public sealed class CloseCaseHandler(IDbContextFactory<AppDbContext> dbFactory, TimeProvider time, AccessCheck access)
{
    public async Task<Result<CaseClosed>> HandleAsync(CloseCaseCommand command, Actor? actor, CancellationToken ct = default)
    {
        if (actor is null) return Result<CaseClosed>.Forbidden();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await access.EnsureAdminAsync(db, actor, command.CaseId, CaseRules.ClosedAction, ct)) return Result<CaseClosed>.Forbidden();

        var choice = command.Outcome?.Trim();
        var details = string.IsNullOrWhiteSpace(command.Details) ? null : command.Details.Trim();
        if (string.IsNullOrEmpty(choice) || !CaseRules.Outcomes.Contains(choice))
            return Result<CaseClosed>.Invalid("Escolha o desfecho do caso.");
        if (choice == CaseRules.OtherOutcome && details is null)
            return Result<CaseClosed>.Invalid("Descreva o desfecho (obrigatório quando o desfecho é \"Outro\").");
        if (details is { Length: > CaseRules.MaxDetailsLength })
            return Result<CaseClosed>.Invalid($"Descrição muito longa (máximo {CaseRules.MaxDetailsLength} caracteres).");
        var outcome = details is null ? choice : choice == CaseRules.OtherOutcome ? details : $"{choice} — {details}";

        var report = await db.UnsolicitedReports.AsNoTracking().FirstOrDefaultAsync(r => r.Id == command.CaseId, ct);
        if (report is null) return Result<CaseClosed>.NotFound("Caso não encontrado.");
        if (report.Status == ReportStatus.Closed) return Result<CaseClosed>.Invalid($"O caso nº {report.Id} já foi encerrado.");
        if (report.AssignedToUserId is { } holder && holder != actor.UserId)
        {
            var name = await db.Users.Where(u => u.Id == holder).Select(u => u.FullName).FirstOrDefaultAsync(ct);
            return Result<CaseClosed>.Invalid($"O caso nº {report.Id} está com {name}. Atribua-o a você antes de encerrar.");
        }

        var now = time.GetUtcNow();
        await using var tx = await db.Database.BeginSerializedTransactionAsync(ct);
        var changed = await db.UnsolicitedReports
            .Where(r => r.Id == report.Id && r.Status != ReportStatus.Closed && (r.AssignedToUserId == null || r.AssignedToUserId == actor.UserId))
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Status, ReportStatus.Closed)
                .SetProperty(r => r.AssignedToUserId, actor.UserId)
                .SetProperty(r => r.Outcome, outcome)
                .SetProperty(r => r.ClosedAtUtc, now), ct);
        if (changed == 0) return Result<CaseClosed>.Invalid($"O caso nº {report.Id} mudou agora mesmo (outra pessoa o atribuiu ou encerrou). A lista foi atualizada.");

        Audit.Record(db, time, actor, AuditActions.CaseClosed, "ok", CaseRules.SubjectType, CaseRules.Subject(report.Id),
            $"caso nº {report.Id} encerrado: {outcome}", report.ClinicId);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Result<CaseClosed>.Ok(new CaseClosed(report.Id, outcome, now));
    }
}
