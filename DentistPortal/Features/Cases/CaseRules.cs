using System.Globalization;
using DentistPortal.Domain.Access;
using DentistPortal.Domain.Audit;
using DentistPortal.Domain.Tokens;
using DentistPortal.Features.Common;
using DentistPortal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Features.Cases;

/// <summary>What the case handlers share: who can hold a case, how outcomes read, how the trail names a case.</summary>
public static class CaseRules
{
    /// <summary>The audit actions of the case handlers (<see cref="AuditActions.CaseAssigned"/>, <see cref="AuditActions.CaseClosed"/>); refusal lines and tests name them too.</summary>
    public const string AssignedAction = AuditActions.CaseAssigned;
    public const string ClosedAction = AuditActions.CaseClosed;

    /// <summary>Subject of the case lines in the audit trail (kept off the treatment's timeline the clinic reads).</summary>
    public const string SubjectType = "UnsolicitedReport";

    public const string OtherOutcome = "Outro";

    /// <summary>How a case ends; "Outro" needs the text to say what happened.</summary>
    public static readonly IReadOnlyList<string> Outcomes =
    [
        "Beneficiário reconheceu o atendimento (engano)",
        "Token gerado por engano da clínica, sem atendimento",
        "Uso indevido confirmado: clínica notificada",
        "Suspeita de fraude: encaminhado à auditoria",
        "Sem retorno do beneficiário",
        OtherOutcome,
    ];

    public const int MaxDetailsLength = 240;

    /// <summary>Active back-office (Admin) accounts: the only ones who may hold a case.</summary>
    public static async Task<IReadOnlyList<CaseOption>> AssigneesAsync(AppDbContext db, CancellationToken ct) =>
        await (from u in db.Users
               join ur in db.UserRoles on u.Id equals ur.UserId
               join r in db.Roles on ur.RoleId equals r.Id
               where r.Name == Roles.Admin && !u.IsDisabled
               orderby u.FullName
               select new CaseOption(u.Id, u.FullName)).ToListAsync(ct);

    /// <summary>Cases are the back office's (the Admin role, from the database): anyone else is refused, and the refusal is filed against the case.</summary>
    public static Task<bool> EnsureAdminAsync(this AccessCheck check, AppDbContext db, Actor? actor, int? caseId, string action, CancellationToken ct) =>
        check.EnsureRoleAsync(db, actor, AdminOnly, SubjectType, $"{action}: perfil sem permissão", ct, caseId is { } id ? Subject(id) : null);

    private static readonly string[] AdminOnly = [Roles.Admin];

    public static string Subject(int caseId) => caseId.ToString(CultureInfo.InvariantCulture);

    public static bool IsOpen(ReportStatus status) => status != ReportStatus.Closed;
}
