using DentistPortal.Domain.Messaging;
using DentistPortal.Domain.Tokens;
using DentistPortal.Domain.Treatments;
using DentistPortal.Features.Common;
using DentistPortal.Features.Treatments;

namespace DentistPortal.Components.Pages.Treatments;

/// <summary>
/// What the treatment page's live regions say about changes that happen by themselves (issue 14, "Keyboard only":
/// aria-live for delivery status and revocation): the dispatcher sending the SMS, the patient cancelling the code in the
/// Portal do Cliente ("não solicitei"), the auditor deciding a procedure. Each text depends only on the state shown, so
/// it changes (and is spoken) only when that state changes, never on a clock tick.
/// </summary>
public static class TokenAnnouncements
{
    /// <summary>Polite: the current token's status and each delivery's, e.g. "Token nº 1 ativo. SMS: Enviado. E-mail: Enviando."; empty before a token.</summary>
    public static string Status(TreatmentView view)
    {
        if (view.CurrentToken is not { } token || token.Status == TokenStatus.Revoked) return "";
        var deliveries = token.Deliveries.Select(d => $" {Delivery.ChannelDisplay(d.Channel)}: {StatusLabels.Of(d.Status)}.");
        return $"Token nº {token.Sequence}: {StatusLabels.Of(token.Status)}.{string.Concat(deliveries)}";
    }

    /// <summary>Assertive: the patient cancelled the code (TR-9, manual Q8); empty otherwise.</summary>
    public static string Alert(TreatmentView view) =>
        view.CurrentToken is { Status: TokenStatus.Revoked } token
            ? $"Atenção: o paciente cancelou o token nº {token.Sequence} (informou que não solicitou o código). O código não vale mais; confirme com o paciente antes de gerar outro."
            : "";

    /// <summary>
    /// Polite: the procedures the auditor decided since the previous view of the same treatment, e.g. "Decisão da auditoria:
    /// 85400157 autorizado."; empty when nothing left "em análise".
    /// </summary>
    public static string ReviewDecisions(TreatmentView? before, TreatmentView after)
    {
        if (before is null || before.Id != after.Id) return "";
        var decided = after.Items
            .Where(i => i.Authorization is ItemAuthorization.Authorized or ItemAuthorization.Denied
                        && before.Items.Any(b => b.Id == i.Id && b.Authorization == ItemAuthorization.UnderReview))
            .Select(i => $"{i.TussCode} {(i.Authorization == ItemAuthorization.Authorized ? "autorizado" : "negado")}")
            .ToList();
        return decided.Count == 0 ? "" : $"Decisão da auditoria: {string.Join("; ", decided)}.";
    }
}
