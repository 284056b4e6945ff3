using DentistPortal.Domain.Audit;

namespace DentistPortal.Features.AuditLog;

/// <summary>The trail's action and outcome codes in words the back office reads (pt-BR); unknown codes show as they are.</summary>
public static class AuditLabels
{
    private static readonly Dictionary<string, string> Actions = new(StringComparer.Ordinal)
    {
        ["beneficiary.lookup"] = "Busca de beneficiário",
        [AuditActions.BeneficiaryRead] = "Dados do beneficiário consultados (novo tratamento)",
        [AuditActions.TreatmentBeneficiaryRead] = "Dados do beneficiário consultados (página do tratamento)",
        [AuditActions.BeneficiaryReferenceRefused] = "Acesso a beneficiário sem busca recusado",
        [AuditActions.UnsolicitedCodeReported] = "Código não solicitado relatado por terceiro (Central)",
        ["clinic.selected"] = "Clínica escolhida",
        ["access.denied"] = "Acesso negado",
        ["treatment.created"] = "Tratamento aberto",
        ["treatment.submitted"] = "Enviado para autorização",
        ["treatment.awaiting-late-token"] = "Marcado como token tardio",
        ["token.generated"] = "Token gerado",
        ["token.validate"] = "Token digitado",
        ["token.revoked"] = "Token cancelado (código não solicitado)",
        ["alert.account-blocked"] = "Alerta: conta bloqueada para validação",
        ["contingency.printed"] = "Guia de tratamento impressa",
        ["contingency.signed-guide"] = "Guia assinada registrada",
        ["contingency.number-issued"] = "Número de contingência emitido",
        ["review.decided"] = "Decisão da auditoria odontológica",
        ["case.assigned"] = "Caso atribuído",
        ["case.closed"] = "Caso encerrado",
        ["audit.exported"] = "Trilha de auditoria exportada",
        ["token.resent"] = "Token reenviado pela Central",
        ["token.revealed"] = "Token informado pela Central",
        ["callcenter.search"] = "Busca de beneficiário (Central)",
        ["callcenter.identity-check"] = "Confirmação de identidade (Central)",
        ["contact.change-requested"] = "Troca de contato solicitada",
        ["contact.change-confirmed"] = "Troca de contato confirmada",
        ["report.exported"] = "Relatório exportado",
        ["admin.clinic.created"] = "Clínica cadastrada",
        ["admin.clinic.updated"] = "Clínica alterada",
        ["admin.clinic.activated"] = "Clínica reativada",
        ["admin.clinic.deactivated"] = "Clínica desativada",
        ["admin.dentist.created"] = "Dentista cadastrado",
        ["admin.memberships.updated"] = "Vínculos com clínicas alterados",
        ["admin.account.created"] = "Conta de acesso criada",
        ["admin.account.disabled"] = "Conta de acesso desativada",
        ["admin.account.enabled"] = "Conta de acesso reativada",
        ["admin.account.password-reset"] = "Senha redefinida",
        ["admin.account.unlocked"] = "Conta desbloqueada",
        ["admin.plan.coverage-updated"] = "Cobertura do plano alterada",
        ["admin.procedure.created"] = "Procedimento cadastrado",
        ["admin.procedure.updated"] = "Procedimento alterado",
    };

    private static readonly Dictionary<string, string> Outcomes = new(StringComparer.Ordinal)
    {
        ["ok"] = "ok",
        ["found"] = "encontrado",
        ["not-found"] = "não encontrado",
        ["refused"] = "recusado",
        ["matched"] = "número e final do celular conferem",
        ["not-matched"] = "final do celular não confere",
        ["unknown-number"] = "número de tratamento inexistente",
        ["repeated"] = "relato repetido (já registrado)",
        ["alert"] = "alerta",
        ["authorized"] = "autorizado",
        ["denied"] = "negado",
        ["passed"] = "confirmada",
        ["failed"] = "não confirmada",
        ["Validated"] = "validado",
        ["WrongCode"] = "código incorreto",
        ["SupersededCode"] = "código de token anterior",
        ["Locked"] = "token bloqueado",
        ["TreatmentBlocked"] = "tratamento bloqueado",
        ["Expired"] = "expirado",
        ["account-blocked"] = "conta bloqueada",
    };

    public static string Action(string code) => Actions.GetValueOrDefault(code, code);

    public static string Outcome(string code) => Outcomes.GetValueOrDefault(code, code);

    public static IEnumerable<string> KnownActions => Actions.Keys;
}
