using DentistPortal.Domain.Access;
using DentistPortal.Domain.Audit;
using DentistPortal.Domain.Tokens;
using DentistPortal.Features.Common;
using DentistPortal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Features.Cases;

/// <param name="AssigneeUserId">Null: the acting admin takes the case ("Atribuir a mim").</param>
public sealed record AssignCaseCommand(int CaseId, string? AssigneeUserId = null);

public sealed record CaseAssigned(int CaseId, string AssigneeUserId, string AssigneeName);

/// <summary>An admin takes an unsolicited-code case or hands it to another admin. Closed cases stay closed.</summary>
public sealed class AssignCaseHandler(IDbContextFactory<AppDbContext> dbFactory, TimeProvider time, AccessCheck access)
{
    public async Task<Result<CaseAssigned>> HandleAsync(AssignCaseCommand command, Actor? actor, CancellationToken ct = default)
    {
        if (actor is null) return Result<CaseAssigned>.Forbidden();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await access.EnsureAdminAsync(db, actor, command.CaseId, CaseRules.AssignedAction, ct)) return Result<CaseAssigned>.Forbidden();

        var assigneeId = string.IsNullOrWhiteSpace(command.AssigneeUserId) ? actor.UserId : command.AssigneeUserId;
        var assignee = (await CaseRules.AssigneesAsync(db, ct)).FirstOrDefault(a => a.Id == assigneeId);
        if (assignee is null) return Result<CaseAssigned>.Invalid("Escolha um usuário ativo da administração para o caso.");

        var report = await db.UnsolicitedReports.AsNoTracking().FirstOrDefaultAsync(r => r.Id == command.CaseId, ct);
        if (report is null) return Result<CaseAssigned>.NotFound("Caso não encontrado.");
        if (report.Status == ReportStatus.Closed) return Result<CaseAssigned>.Invalid($"O caso nº {report.Id} já foi encerrado; não pode ser atribuído.");
        if (report.AssignedToUserId == assignee.Id) return Result<CaseAssigned>.Invalid($"O caso nº {report.Id} já está com {assignee.Name}.");

        await using var tx = await db.Database.BeginSerializedTransactionAsync(ct);
        // Conditional write: a case closed (or reassigned) a moment ago by someone else is not overwritten.
        var changed = await db.UnsolicitedReports
            .Where(r => r.Id == report.Id && r.Status != ReportStatus.Closed && r.AssignedToUserId == report.AssignedToUserId)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, ReportStatus.Assigned).SetProperty(r => r.AssignedToUserId, assignee.Id), ct);
        if (changed == 0) return Result<CaseAssigned>.Invalid($"O caso nº {report.Id} mudou agora mesmo (outra pessoa o atribuiu ou encerrou). A lista foi atualizada.");

        var previous = report.AssignedToUserId is { } prev ? await db.Users.Where(u => u.Id == prev).Select(u => u.FullName).FirstOrDefaultAsync(ct) : null;
        Audit.Record(db, time, actor, AuditActions.CaseAssigned, "ok", CaseRules.SubjectType, CaseRules.Subject(report.Id),
            $"caso nº {report.Id}: atribuído a {assignee.Name}{(previous is null ? "" : $" (antes: {previous})")}", report.ClinicId);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Result<CaseAssigned>.Ok(new CaseAssigned(report.Id, assignee.Id, assignee.Name));
    }
}
