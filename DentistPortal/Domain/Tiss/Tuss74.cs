namespace DentistPortal.Domain.Tiss;

/// <summary>One row of TUSS table 74: why the attendance token is missing from a guide.</summary>
public sealed record Tuss74Reason(string Code, string Description)
{
    /// <summary>"07 – Beneficiário não possui celular".</summary>
    public override string ToString() => $"{Code} – {Description}";
}

/// <summary>
/// TUSS table 74 ("ausência do código de validação"), the only values TISS accepts in <c>ausenciaCodValidacao</c>
/// (<c>dm_ausenciaCodValidacao</c> of TISS 4.01.00; SPEC §8). The one definition in the code base: every reason stored
/// on a treatment or a contingency record is one of these codes; free text is kept apart (issue 9 §8, SPEC §9).
/// Descriptions are the standard's own wording.
/// </summary>
public static class Tuss74
{
    public const string Hospitalized = "01";
    public const string Emergency = "02";
    /// <summary>Systems unstable; attendance regularized after the patient left. Also "dentista não conseguiu gerar o token" (SPEC §9).</summary>
    public const string SystemUnavailable = "03";
    public const string RefusedToInform = "04";
    public const string HomeCollection = "05";
    public const string MaterialSentByThirdParty = "06";
    public const string NoMobilePhone = "07";

    public static readonly IReadOnlyList<Tuss74Reason> Table =
    [
        new(Hospitalized, "Beneficiário internado"),
        new(Emergency, "Beneficiário em situação de urgência/emergência"),
        new(SystemUnavailable, "Intermitência/instabilidade de sistemas e regularização do atendimento após saída do beneficiário do prestador de serviço"),
        new(RefusedToInform, "Beneficiário se negou a transmitir o número do token"),
        new(HomeCollection, "Beneficiário em coleta domiciliar"),
        new(MaterialSentByThirdParty, "Material para exames enviado ao prestador por terceiros"),
        new(NoMobilePhone, "Beneficiário não possui celular"),
    ];

    public static Tuss74Reason? Find(string? code) => Table.FirstOrDefault(r => r.Code == code);

    public static bool IsCode(string? code) => Find(code) is not null;

    /// <summary>"03 – Intermitência…" for a stored code; an unknown value is shown as it is.</summary>
    public static string Display(string? code) => Find(code)?.ToString() ?? code ?? "";
}
