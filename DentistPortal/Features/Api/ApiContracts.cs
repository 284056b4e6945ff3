using DentistPortal.Domain.Messaging;
using DentistPortal.Domain.Tokens;
using DentistPortal.Domain.Treatments;
using DentistPortal.Features.Beneficiaries;
using DentistPortal.Features.LateTokens;
using DentistPortal.Features.Treatments;

namespace DentistPortal.Features.Api;

// The clinic API's JSON (issue 11): field names in Portuguese, camelCase; dates ISO 8601 with offset (UTC, "+00:00");
// enumerations as fixed lowercase Portuguese words (listed in docs/api.md and in each field's description).

/// <summary>One member of the family found by the lookup. <c>referencia</c> opens a treatment for this person (valid until the end of the day).</summary>
public sealed record ApiBeneficiario(string Referencia, string Nome, string Carteirinha, string? CpfMascarado, string Parentesco, int Idade,
    DateOnly DataNascimento, string Plano, bool Ativo, string? CelularMascarado, string? EmailMascarado, string Contatos);

/// <summary>The lookup's answer: the person found (<c>encontrado</c>) and the whole family as the clinic screen shows it (holder first).</summary>
public sealed record ApiBuscaBeneficiario(ApiBeneficiario Encontrado, IReadOnlyList<ApiBeneficiario> Familia);

/// <summary>A dentist named by CRO and UF; must be an active dentist member of the credential's clinic.</summary>
public sealed record ApiDentista(string? Cro, string? Uf);

/// <summary>One procedure to open: TUSS code (table 22), and the tooth (FDI), region or faces the catalogue asks for.</summary>
/// <remarks>Only <c>codigoTuss</c> is required; <c>quantidade</c> is 1 when omitted.</remarks>
public sealed record ApiItemNovo(string? CodigoTuss, int? Dente = null, string? Regiao = null, string? Faces = null, int? Quantidade = null);

/// <summary>Opens a treatment and sends it for authorization in one call (the screen's "Enviar para autorização").</summary>
public sealed record ApiNovoTratamento(string? Beneficiario, ApiDentista? Dentista, IReadOnlyList<ApiItemNovo>? Itens);

/// <summary>The decision on one procedure (AR-1): <c>autorizacao</c> = pendente | autorizado | negado | em_analise.</summary>
public sealed record ApiItem(string CodigoTuss, string Descricao, int? Dente, string? Regiao, string? Faces, int Quantidade, string Autorizacao, string? Motivo);

/// <summary>A planned or done delivery of the token: <c>canal</c> = sms | email; <c>situacao</c> = pendente | enviado | falhou.</summary>
public sealed record ApiEntrega(string Canal, string DestinoMascarado, bool ViaTitular, string Situacao);

/// <summary>
/// A token of the treatment, never its code. <c>situacao</c> = ativo | validado | substituido | expirado | bloqueado | revogado | guia_papel.
/// <c>precisaReemissao</c>: active but its code can no longer be checked; generate a new one.
/// </summary>
public sealed record ApiToken(int Sequencia, string Situacao, DateTimeOffset CriadoEm, DateTimeOffset ExpiraEm, int TentativasRestantes, bool PrecisaReemissao,
    IReadOnlyList<ApiEntrega> Entregas);

/// <summary>
/// A treatment as the API reads it. <c>situacao</c> = rascunho | enviado | aguardando_token_tardio | validado | validado_guia_assinada |
/// guia_assinada_em_conferencia. <c>tokenAtual</c>: the newest token (null before the first). <c>motivoSemToken</c>: why a token
/// cannot be generated now (null when it can). <c>motivoAusenciaToken</c>: TUSS table 74 code recorded when there is no token.
/// </summary>
public sealed record ApiTratamento(int Id, string Numero, string Situacao, DateTimeOffset CriadoEm, string Beneficiario, string Carteirinha, string Dentista,
    string Clinica, IReadOnlyList<ApiItem> Itens, ApiToken? TokenAtual, int CodigosIncorretos, int CodigosIncorretosRestantes, bool PodeGerarToken,
    string? MotivoSemToken, string? MotivoAusenciaToken, DateTimeOffset? ValidadoEm);

/// <summary>A token just generated: its sequence, lifetime and deliveries (never the code).</summary>
public sealed record ApiTokenGerado(int Sequencia, DateTimeOffset CriadoEm, DateTimeOffset ExpiraEm, bool SemCanal, IReadOnlyList<ApiEntrega> Entregas);

/// <summary>The code the patient told. <c>forma</c> = consultorio (default) | tardio (told later, on the late-token list).</summary>
public sealed record ApiValidacao(string? Codigo, string? Forma = null);

/// <summary>A validated token.</summary>
public sealed record ApiValidado(string Resultado, string Mensagem, int? Sequencia);

/// <summary>Mark the treatment as waiting for a late token: TUSS 74 reason (07 by default: patient without a mobile phone now).</summary>
public sealed record ApiTokenTardio(string? Motivo = null);

/// <summary>The treatment waits for its late token.</summary>
public sealed record ApiTokenTardioMarcado(string Mensagem);

/// <summary>One treatment of the clinic waiting for its late token, soonest expiry first.</summary>
public sealed record ApiTokenTardioLinha(int TratamentoId, string Numero, string Beneficiario, string Dentista, int? Sequencia, DateTimeOffset? ExpiraEm, bool Expirado);

/// <summary>
/// Register the contingency reason (the screen's "Imprimir guia de tratamento"). <c>motivo</c>: TUSS 74 code 02 | 03 | 04 | 07,
/// or "nao-gerou" (03 with the note "Dentista não conseguiu gerar o token"). <c>confirmarTokenEntregue</c>: print even though the
/// patient already received an active token.
/// </summary>
public sealed record ApiContingencia(string? Motivo, string? Observacao = null, bool? ConfirmarTokenEntregue = null);

/// <summary>The contingency recorded: the TUSS 74 reason and where to download the guide PDF.</summary>
public sealed record ApiContingenciaRegistrada(string Motivo, string MotivoDescricao, string GuiaPdf);

/// <summary>Portuguese words of the enumerations (stable API vocabulary).</summary>
public static class ApiWords
{
    public static string Of(TreatmentStatus s) => s switch
    {
        TreatmentStatus.Draft => "rascunho",
        TreatmentStatus.Submitted => "enviado",
        TreatmentStatus.AwaitingLateToken => "aguardando_token_tardio",
        TreatmentStatus.Validated => "validado",
        TreatmentStatus.ValidatedBySignedGuide => "validado_guia_assinada",
        TreatmentStatus.SignedGuideUnderReview => "guia_assinada_em_conferencia",
        _ => "desconhecido",
    };

    public static string Of(ItemAuthorization a) => a switch
    {
        ItemAuthorization.Pending => "pendente",
        ItemAuthorization.Authorized => "autorizado",
        ItemAuthorization.Denied => "negado",
        ItemAuthorization.UnderReview => "em_analise",
        _ => "desconhecido",
    };

    public static string Of(TokenStatus s) => s switch
    {
        TokenStatus.Active => "ativo",
        TokenStatus.Validated => "validado",
        TokenStatus.Superseded => "substituido",
        TokenStatus.Expired => "expirado",
        TokenStatus.Locked => "bloqueado",
        TokenStatus.Revoked => "revogado",
        TokenStatus.PaperGuide => "guia_papel",
        _ => "desconhecido",
    };

    public static string Of(DeliveryChannel c) => c == DeliveryChannel.Sms ? "sms" : "email";

    public static string Of(DeliveryStatus s) => s switch
    {
        DeliveryStatus.Pending => "pendente",
        DeliveryStatus.Sent => "enviado",
        _ => "falhou",
    };

    public static ApiBeneficiario Beneficiary(BeneficiarySummary b) => new(b.Reference ?? "", b.FullName, b.CardNumber, b.MaskedCpf, b.Relationship, b.Age,
        b.BirthDate, b.PlanName, b.IsActive, b.MaskedMobile, b.MaskedEmail, b.ContactsText);

    public static ApiEntrega Delivery(DeliveryView d) => new(Of(d.Channel), d.MaskedDestination, d.ThroughHolder, Of(d.Status));

    public static ApiTratamento Treatment(TreatmentView t) => new(t.Id, t.Number, Of(t.Status), t.CreatedAtUtc, t.BeneficiaryName, t.CardNumber, t.DentistName, t.ClinicName,
        [.. t.Items.Select(i => new ApiItem(i.TussCode, i.Description, i.Tooth, i.Region, i.Faces, i.Quantity, Of(i.Authorization), i.Reason))],
        t.CurrentToken is { } k
            ? new ApiToken(k.Sequence, Of(k.Status), k.CreatedAtUtc, k.ExpiresAtUtc, k.AttemptsLeft, k.NeedsReissue, [.. k.Deliveries.Select(Delivery)])
            : null,
        t.WrongCodeCount, t.WrongCodesLeft, t.CanGenerate, t.WhyNoToken, t.MissingTokenReason, t.ValidatedAtUtc);

    public static ApiTokenTardioLinha LateToken(LateTokenRow r) => new(r.TreatmentId, r.Number, r.PatientName, r.DentistName, r.TokenSequence, r.ExpiresAtUtc, r.IsExpired);
}
