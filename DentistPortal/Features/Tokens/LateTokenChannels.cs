using DentistPortal.Domain.Beneficiaries;

namespace DentistPortal.Features.Tokens;

/// <summary>pt-BR wording of where a late token can be read, naming only the channels the patient really has (issue 9 §8).</summary>
public static class LateTokenChannels
{
    /// <summary>"ao SMS ou ao e-mail do titular", "ao e-mail", "ao Portal do Cliente" (after "quando tiver acesso"); empty when there is none.</summary>
    public static string Describe(TokenReach reach)
    {
        var contacts = new List<string>();
        if (reach.Sms) contacts.Add("ao SMS");
        if (reach.Email) contacts.Add("ao e-mail");
        var text = Join(contacts);
        if (text.Length > 0 && reach.ThroughHolder) text += " do titular";
        if (reach.Portal) text = Join(text.Length == 0 ? ["ao Portal do Cliente"] : [text, "ao Portal do Cliente"]);
        return text;
    }

    public const string NoChannelRefusal =
        "O paciente não tem celular, e-mail nem acesso ao Portal do Cliente (nem pelo titular): o token tardio não chegaria a ele. " +
        "Ligue para a Central de Atendimento, que confirma a identidade e informa o código por telefone, ou imprima a guia de tratamento para o paciente assinar.";

    private static string Join(IReadOnlyList<string> parts) => parts.Count switch
    {
        0 => "",
        1 => parts[0],
        _ => string.Join(", ", parts.Take(parts.Count - 1)) + " ou " + parts[^1],
    };
}
