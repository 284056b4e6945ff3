using System.Globalization;
using DentistPortal.Domain.Common;
using DentistPortal.Domain.Messaging;
using DentistPortal.Domain.Support;
using DentistPortal.Features.Support;

namespace DentistPortal.Features.ClientPortal;

/// <summary>
/// pt-BR texts of the contact change: the confirmation code sent to the NEW contact and the notice sent to the OLD one.
/// SMS fit one GSM-7 segment. Built here, handed to the sender, never logged.
/// </summary>
public static class ContactChangeMessages
{
    private static readonly CultureInfo PtBr = CultureInfo.GetCultureInfo("pt-BR");

    public static string What(DeliveryChannel channel) => channel == DeliveryChannel.Sms ? "celular" : "e-mail";

    public static string Masked(DeliveryChannel channel, string value) =>
        channel == DeliveryChannel.Sms ? BrazilianMobile.Mask(value) : EmailAddress.Mask(value);

    private static string SmsName(OperatorOptions op) => TokenMessage.ToGsm7(string.IsNullOrWhiteSpace(op.SmsName) ? op.Name : op.SmsName);

    private static string Sac(OperatorOptions op) => (op.Channel("sac") ?? op.Channel("central"))?.Phones.FirstOrDefault()?.Number ?? "";

    public static string CodeSms(OperatorOptions op, string code, int minutes) =>
        $"{SmsName(op)}: codigo {code} para confirmar este celular no Portal do Cliente. Vale {minutes} min. Nao compartilhe. Nao pediu? Ignore esta mensagem.";

    public static string CodeEmailSubject(OperatorOptions op) => $"{op.Name}: confirme seu novo e-mail";

    public static string CodeEmailText(OperatorOptions op, string firstName, string code, int minutes) => $"""
        Olá, {firstName}.

        Recebemos um pedido para cadastrar este e-mail no {op.Name}.
        Para confirmar, digite no Portal do Cliente o código: {code}

        O código vale {minutes} minutos. Não compartilhe com ninguém: nossa equipe nunca pede este código.
        Não foi você? Ignore esta mensagem: nada muda sem a confirmação.
        """;

    public static string CodeEmailHtml(OperatorOptions op, string firstName, string code, int minutes)
    {
        static string E(string s) => System.Net.WebUtility.HtmlEncode(s);
        return $"""
            <!DOCTYPE html><html lang="pt-BR"><body style="font-family:Arial,Helvetica,sans-serif;color:#222">
            <p>Olá, {E(firstName)}.</p>
            <p>Recebemos um pedido para cadastrar este e-mail no <b>{E(op.Name)}</b>. Para confirmar, digite no Portal do Cliente o código:</p>
            <p style="font-size:28px;letter-spacing:6px;font-weight:bold">{E(code)}</p>
            <p>O código vale {minutes} minutos. <b>Não compartilhe</b> com ninguém: nossa equipe nunca pede este código.</p>
            <p>Não foi você? Ignore esta mensagem: nada muda sem a confirmação.</p>
            </body></html>
            """;
    }

    /// <summary>To the OLD mobile: what changed, masked, and where to complain.</summary>
    public static string ChangedSms(OperatorOptions op, DeliveryChannel channel, string maskedNew, DateTimeOffset atUtc) =>
        $"{SmsName(op)}: o {What(channel)} do cadastro foi alterado para {TokenMessage.ToGsm7(maskedNew)} em {BrazilTime.ToLocal(atUtc).ToString("dd/MM HH'h'mm", PtBr)}. Nao foi voce? SAC {Sac(op)}";

    public static string ChangedEmailSubject(OperatorOptions op, DeliveryChannel channel) => $"{op.Name}: o {What(channel)} do seu cadastro foi alterado";

    public static string ChangedEmailText(OperatorOptions op, string firstName, DeliveryChannel channel, string maskedNew, DateTimeOffset atUtc) => $"""
        Olá, {firstName}.

        O {What(channel)} do cadastro no {op.Name} foi alterado para {maskedNew} em {BrazilTime.ToLocal(atUtc).ToString("dd/MM/yyyy 'às' HH:mm", PtBr)} (horário de Brasília), pelo Portal do Cliente.
        Os próximos tokens de atendimento vão para o novo contato.

        Não foi você? Ligue para o SAC {Sac(op)} (24 horas).
        """;

    public static string ChangedEmailHtml(OperatorOptions op, string firstName, DeliveryChannel channel, string maskedNew, DateTimeOffset atUtc)
    {
        static string E(string s) => System.Net.WebUtility.HtmlEncode(s);
        return $"""
            <!DOCTYPE html><html lang="pt-BR"><body style="font-family:Arial,Helvetica,sans-serif;color:#222">
            <p>Olá, {E(firstName)}.</p>
            <p>O {What(channel)} do cadastro no <b>{E(op.Name)}</b> foi alterado para <b>{E(maskedNew)}</b> em {E(BrazilTime.ToLocal(atUtc).ToString("dd/MM/yyyy 'às' HH:mm", PtBr))} (horário de Brasília), pelo Portal do Cliente.</p>
            <p>Os próximos tokens de atendimento vão para o novo contato.</p>
            <p>Não foi você? Ligue para o SAC <b>{E(Sac(op))}</b> (24 horas).</p>
            </body></html>
            """;
    }

    public static string FirstName(string fullName) => fullName.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? fullName;
}
