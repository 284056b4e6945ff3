using System.Globalization;
using System.Text;
using DentistPortal.Domain.Common;

namespace DentistPortal.Domain.Messaging;

/// <summary>Everything a token message says (TR-11).</summary>
/// <param name="BeneficiaryFirstName">Whom the message greets: the person who receives it.</param>
/// <param name="PatientFirstName">
/// Set when a dependent's token goes to the holder's contacts (SPEC §9, issue 9 §7): the message greets the holder
/// (<paramref name="BeneficiaryFirstName"/>) and names this dependent as the patient.
/// </param>
public sealed record TokenMessageData(
    string OperatorName,
    string Code,
    string TreatmentNumber,
    string DentistName,
    string ClinicName,
    DateTimeOffset GeneratedAtUtc,
    DateTimeOffset ValidUntilUtc,
    string SacNumber,
    string BeneficiaryFirstName,
    string? SmsSenderName = null,
    string? PatientFirstName = null)
{
    public bool ThroughHolder => !string.IsNullOrWhiteSpace(PatientFirstName);
}

/// <summary>
/// pt-BR message templates. The SMS must fit one segment: 160 GSM-7 septets (accents outside GSM-7 are folded,
/// names shortened when needed), never silently split.
/// </summary>
public static class TokenMessage
{
    public const int SmsGsm7Limit = 160;
    public const int SmsUcs2Limit = 70;

    private static readonly CultureInfo PtBr = CultureInfo.GetCultureInfo("pt-BR");

    public static string Sms(TokenMessageData d)
    {
        var from = BrazilTime.ToLocal(d.GeneratedAtUtc).ToString("dd/MM HH'h'mm", PtBr);
        var until = BrazilTime.ToLocal(d.ValidUntilUtc).ToString("dd/MM HH'h'mm", PtBr);
        var op = ToGsm7(d.SmsSenderName ?? d.OperatorName);
        // Through the holder, the patient is named (never cut): "token 123456 de Pedro trat ...".
        var patientName = ToGsm7(FirstWord(d.PatientFirstName ?? ""));
        var patient = d.ThroughHolder ? $" de {patientName[..Math.Min(patientName.Length, 12)]}" : "";
        string Build(string who) =>
            $"{op}: token {d.Code}{patient} trat {d.TreatmentNumber} {who}. Vale de {from} a {until}. Nao compartilhe. Nao pediu? SAC {d.SacNumber}";

        // Names give way first; the code, treatment number, times and SAC number are never cut.
        var dentist = ToGsm7(ShortName(d.DentistName));
        var clinic = ToGsm7(d.ClinicName);
        var room = SmsGsm7Limit - SmsSeptets(Build(""));
        var who = $"{dentist}, {clinic}";
        if (who.Length > room) who = $"{dentist}, {clinic[..Math.Clamp(room - dentist.Length - 2, 0, clinic.Length)].TrimEnd()}";
        if (who.Length > room || who.EndsWith(", ", StringComparison.Ordinal)) who = dentist.Length <= room ? dentist : dentist[..Math.Max(0, room)].TrimEnd();
        return Build(who);
    }

    public static string EmailSubject(TokenMessageData d) => d.ThroughHolder
        ? $"{d.OperatorName}: token do atendimento de {d.PatientFirstName} (tratamento {d.TreatmentNumber})"
        : $"{d.OperatorName}: seu token de atendimento do tratamento {d.TreatmentNumber}";

    /// <summary>"Seu token" to the patient; "o token do atendimento de Pedro" to the holder who receives for him.</summary>
    private static string Whose(TokenMessageData d) => d.ThroughHolder
        ? $"O token do atendimento de {d.PatientFirstName}"
        : "Seu token de atendimento";

    private static string WhyYou(TokenMessageData d) => d.ThroughHolder
        ? $"Você recebe este código como titular do plano de {d.PatientFirstName}, que é o paciente deste atendimento."
        : "";

    public static string EmailText(TokenMessageData d)
    {
        var until = BrazilTime.ToLocal(d.ValidUntilUtc).ToString("dd/MM/yyyy 'às' HH:mm", PtBr);
        var generated = BrazilTime.ToLocal(d.GeneratedAtUtc).ToString("dd/MM/yyyy 'às' HH:mm", PtBr);
        return $"""
            Olá, {d.BeneficiaryFirstName}.

            {Whose(d)} ({d.OperatorName}) é: {d.Code}{(d.ThroughHolder ? "\n\n" + WhyYou(d) : "")}

            Tratamento nº {d.TreatmentNumber}
            Dentista: {d.DentistName}
            Clínica: {d.ClinicName}
            Gerado em {generated}; válido até {until} (horário de Brasília).

            Informe este código somente ao dentista, no atendimento. Não compartilhe com mais ninguém.
            Se receber mais de um token para o mesmo tratamento, use sempre o último recebido: o mais novo anula o anterior.

            Não pediu este código? Ligue para o SAC {d.SacNumber} (24 horas) ou informe pelo Portal do Cliente.
            """;
    }

    public static string EmailHtml(TokenMessageData d)
    {
        static string E(string s) => System.Net.WebUtility.HtmlEncode(s);
        var until = BrazilTime.ToLocal(d.ValidUntilUtc).ToString("dd/MM/yyyy 'às' HH:mm", PtBr);
        var generated = BrazilTime.ToLocal(d.GeneratedAtUtc).ToString("dd/MM/yyyy 'às' HH:mm", PtBr);
        return $"""
            <!DOCTYPE html><html lang="pt-BR"><body style="font-family:Arial,Helvetica,sans-serif;color:#222">
            <p>Olá, {E(d.BeneficiaryFirstName)}.</p>
            <p>{E(Whose(d))} (<b>{E(d.OperatorName)}</b>) é:</p>
            {(d.ThroughHolder ? $"<p>{E(WhyYou(d))}</p>" : "")}
            <p style="font-size:28px;letter-spacing:6px;font-weight:bold">{E(d.Code)}</p>
            <table style="border-collapse:collapse">
            <tr><td style="padding:2px 8px 2px 0">Tratamento nº</td><td><b>{E(d.TreatmentNumber)}</b></td></tr>
            <tr><td style="padding:2px 8px 2px 0">Dentista</td><td>{E(d.DentistName)}</td></tr>
            <tr><td style="padding:2px 8px 2px 0">Clínica</td><td>{E(d.ClinicName)}</td></tr>
            <tr><td style="padding:2px 8px 2px 0">Gerado em</td><td>{E(generated)}</td></tr>
            <tr><td style="padding:2px 8px 2px 0">Válido até</td><td>{E(until)} (horário de Brasília)</td></tr>
            </table>
            <p><b>Não compartilhe:</b> informe este código somente ao dentista, no atendimento.</p>
            <p>Recebeu mais de um token para o mesmo tratamento? Use sempre o último recebido: o mais novo anula o anterior.</p>
            <p>Não pediu este código? Ligue para o SAC <b>{E(d.SacNumber)}</b> (24 horas) ou informe pelo Portal do Cliente.</p>
            </body></html>
            """;
    }

    private static string FirstWord(string name) => name.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? name;

    /// <summary>"Dra. Ana Beatriz Ferreira" → "Dra. Ana Ferreira".</summary>
    private static string ShortName(string name)
    {
        var parts = name.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var title = parts.Length > 0 && parts[0].EndsWith('.') ? parts[0] + " " : "";
        var rest = title.Length > 0 ? parts[1..] : parts;
        return rest.Length <= 2 ? name : $"{title}{rest[0]} {rest[^1]}";
    }

    // GSM 03.38 basic character set (one septet each) and the extension table (two septets: escape + char).
    private const string Gsm7Basic = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private const string Gsm7Extended = "^{}\\[~]|€\f";

    public static bool IsGsm7(string text) => text.All(c => Gsm7Basic.Contains(c) || Gsm7Extended.Contains(c));

    /// <summary>Septets used by the text in GSM-7, or int.MaxValue when it needs UCS-2.</summary>
    public static int SmsSeptets(string text)
    {
        if (!IsGsm7(text)) return int.MaxValue;
        return text.Sum(c => Gsm7Extended.Contains(c) ? 2 : 1);
    }

    /// <summary>True when the text is one SMS segment: ≤160 GSM-7 septets, or ≤70 UCS-2 characters.</summary>
    public static bool FitsOneSegment(string text) =>
        IsGsm7(text) ? SmsSeptets(text) <= SmsGsm7Limit : text.Length <= SmsUcs2Limit;

    /// <summary>Folds Portuguese accents GSM-7 lacks (ã, ç, ê, ó…) to plain letters; keeps those it has (é, à, Ç).</summary>
    public static string ToGsm7(string text)
    {
        var sb = new StringBuilder(text.Length);
        char? previous = null;
        foreach (var c in text)
        {
            if (Gsm7Basic.Contains(c) || Gsm7Extended.Contains(c)) { sb.Append(c); previous = c; continue; }
            // Half of an emoji (or a lone surrogate) has no GSM-7 form, and Normalize would throw on it.
            if (char.IsLowSurrogate(c) && previous is { } p && char.IsHighSurrogate(p)) { previous = c; continue; }
            previous = c;
            if (char.IsSurrogate(c)) { sb.Append('?'); continue; }
            var folded = c.ToString().Normalize(NormalizationForm.FormD)
                .Where(ch => CharUnicodeInfo.GetUnicodeCategory(ch) != UnicodeCategory.NonSpacingMark).ToArray();
            foreach (var f in folded) sb.Append(Gsm7Basic.Contains(f) ? f : '?');
        }
        return sb.ToString();
    }
}
