using DentistPortal.Domain.Audit;

namespace DentistPortal.Features.AuditLog;

/// <summary>
/// The trail's action and outcome codes in words the back office reads (pt-BR); unknown codes show as they are.
/// Every <see cref="AuditActions"/> constant has its label here (a test checks it).
/// </summary>
public static class AuditLabels
{
    private static readonly Dictionary<string, string> Actions = new(StringComparer.Ordinal)
    {
        [AuditActions.BeneficiaryLookup] = "Busca de beneficiário",
        [AuditActions.BeneficiaryRead] = "Dados do beneficiário consultados (novo tratamento)",
        [AuditActions.TreatmentBeneficiaryRead] = "Dados do beneficiário consultados (página do tratamento)",
        [AuditActions.BeneficiaryReferenceRefused] = "Acesso a beneficiário sem busca recusado",
        [AuditActions.UnsolicitedCodeReported] = "Código não solicitado relatado por terceiro (Central)",
        [AuditActions.ClinicSelected] = "Clínica escolhida",
        [AuditActions.AccessDenied] = "Acesso negado",
        [AuditActions.TreatmentCreated] = "Tratamento aberto",
        [AuditActions.TreatmentSubmitted] = "Enviado para autorização",
        [AuditActions.TreatmentAwaitingLateToken] = "Marcado como token tardio",
        [AuditActions.TokenGenerated] = "Token gerado",
        [AuditActions.TokenCodeEntered] = "Token digitado",
        [AuditActions.TokenRevoked] = "Token cancelado (código não solicitado)",
        [AuditActions.AccountBlockedAlert] = "Alerta: conta bloqueada para validação",
        [AuditActions.ContingencyPrinted] = "Guia de tratamento impressa",
        [AuditActions.SignedGuideRegistered] = "Guia assinada registrada",
        [AuditActions.ContingencyNumberIssued] = "Número de contingência emitido",
        [AuditActions.ReviewDecided] = "Decisão da auditoria odontológica",
        [AuditActions.SignedGuideReviewed] = "Conferência da guia assinada",
        [AuditActions.CaseAssigned] = "Caso atribuído",
        [AuditActions.CaseClosed] = "Caso encerrado",
        [AuditActions.AuditExported] = "Trilha de auditoria exportada",
        [AuditActions.TokenResent] = "Token reenviado pela Central",
        [AuditActions.TokenRevealed] = "Token informado pela Central",
        [AuditActions.CallCenterSearch] = "Busca de beneficiário (Central)",
        [AuditActions.IdentityCheck] = "Confirmação de identidade (Central)",
        [AuditActions.ContactChangeRequested] = "Troca de contato solicitada",
        [AuditActions.ContactChangeConfirmed] = "Troca de contato confirmada",
        [AuditActions.ReportExported] = "Relatório exportado",
        [AuditActions.TissExported] = "Guias TISS exportadas",
        [AuditActions.TissFileDownloaded] = "Arquivo TISS baixado do histórico",
        [AuditActions.ClinicCreated] = "Clínica cadastrada",
        [AuditActions.ClinicUpdated] = "Clínica alterada",
        [AuditActions.ClinicActivated] = "Clínica reativada",
        [AuditActions.ClinicDeactivated] = "Clínica desativada",
        [AuditActions.WebhookUrlSet] = "Webhook da clínica definido",
        [AuditActions.WebhookSecretRotated] = "Segredo do webhook substituído",
        [AuditActions.WebhookDeactivated] = "Webhook da clínica desativado",
        [AuditActions.DentistCreated] = "Dentista cadastrado",
        [AuditActions.MembershipsUpdated] = "Vínculos com clínicas alterados",
        [AuditActions.AccountCreated] = "Conta de acesso criada",
        [AuditActions.AccountDisabled] = "Conta de acesso desativada",
        [AuditActions.AccountEnabled] = "Conta de acesso reativada",
        [AuditActions.AccountPasswordReset] = "Senha redefinida",
        [AuditActions.AccountUnlocked] = "Conta desbloqueada",
        [AuditActions.PlanCoverageUpdated] = "Cobertura do plano alterada",
        [AuditActions.PlanPriceUpdated] = "Preço do procedimento no plano alterado",
        [AuditActions.DentistCbosUpdated] = "CBO-S do dentista alterado",
        [AuditActions.ProcedureCreated] = "Procedimento cadastrado",
        [AuditActions.ProcedureUpdated] = "Procedimento alterado",
        [AuditActions.ApiCredentialCreated] = "Chave de API criada (integração)",
        [AuditActions.ApiCredentialRevoked] = "Chave de API revogada (integração)",
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
        ["Revoked"] = "token cancelado (não solicitado)",
        ["NoActiveToken"] = "sem token ativo",
        ["AlreadyValidated"] = "já validado",
        ["AccountBlocked"] = "conta bloqueada",
        ["ReissueRequired"] = "token precisa ser reemitido (chave ausente)",
        ["reissue-required"] = "código precisa ser reemitido (chave ausente)",
        ["accepted"] = "guia conferida",
        ["rejected"] = "guia devolvida",
        ["send-failed"] = "envio falhou",
    };

    public static string Action(string code) => Actions.GetValueOrDefault(code, code);

    public static string Outcome(string code) => Outcomes.GetValueOrDefault(code, code);

    public static IEnumerable<string> KnownActions => Actions.Keys;
}
