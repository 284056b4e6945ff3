using DentistPortal.Domain.Messaging;
using DentistPortal.Domain.Tokens;
using DentistPortal.Domain.Treatments;

namespace DentistPortal.Features.Common;

/// <summary>
/// The one pt-BR label per status value, used by every screen and message (issue 9 "one vocabulary"). Colours are
/// beside the chips in <c>Components/Shared/StatusColors</c>.
/// </summary>
public static class StatusLabels
{
    public static string Of(TokenStatus status) => status switch
    {
        TokenStatus.Active => "Ativo",
        TokenStatus.Validated => "Validado",
        TokenStatus.Superseded => "Substituído por um token mais novo",
        TokenStatus.Expired => "Expirado",
        TokenStatus.Locked => "Bloqueado por códigos incorretos",
        TokenStatus.Revoked => "Cancelado (código não solicitado)",
        TokenStatus.PaperGuide => "Encerrado: guia assinada enviada à auditoria",
        _ => status.ToString(),
    };

    /// <summary>
    /// A submitted treatment is named by what it waits for: a token when a procedure is authorized, otherwise the
    /// auditor (items under review) or nothing (all denied).
    /// </summary>
    public static string Of(TreatmentStatus status, bool hasAuthorizedItem = true, bool hasItemUnderReview = false) => status switch
    {
        TreatmentStatus.Draft => "Rascunho",
        TreatmentStatus.Submitted when !hasAuthorizedItem => hasItemUnderReview ? "Em análise pela auditoria" : "Nenhum procedimento autorizado",
        TreatmentStatus.Submitted => "Autorizado / aguardando token",
        TreatmentStatus.AwaitingLateToken => "Aguardando token tardio",
        TreatmentStatus.Validated => "Validado por token",
        TreatmentStatus.ValidatedBySignedGuide => "Validado por guia assinada",
        TreatmentStatus.SignedGuideUnderReview => "Guia assinada em conferência",
        TreatmentStatus.SignedGuideRejected => "Guia assinada devolvida",
        _ => status.ToString(),
    };

    public static string Of(DeliveryStatus status) => status switch
    {
        DeliveryStatus.Pending => "Enviando",
        DeliveryStatus.Sent => "Enviado",
        DeliveryStatus.Failed => "Falhou",
        _ => status.ToString(),
    };
}
