namespace DentistPortal.Domain.Tiss;

/// <summary>One CBO-S occupation: the 6-digit code of TISS <c>dm_CBOS</c> and its official pt-BR name (CBO 2002).</summary>
public sealed record CbosOccupation(string Code, string Name)
{
    /// <summary>"223208 – Cirurgião-dentista – clínico geral", as the admin screens list it.</summary>
    public string Display => $"{Code} – {Name}";

    /// <summary>The name without "Cirurgião-dentista": "clínico geral", "endodontista", for narrow tables.</summary>
    public string Specialty => Name.StartsWith("Cirurgião-dentista – ", StringComparison.Ordinal) ? Name["Cirurgião-dentista – ".Length..]
        : Name.StartsWith("Cirurgião-dentista ", StringComparison.Ordinal) ? Name["Cirurgião-dentista ".Length..] : Name;
}

/// <summary>
/// The dentists' occupations (CBO family 2232, "cirurgiões-dentistas") that TISS 4.01.00 accepts in <c>dm_CBOS</c>
/// (tissSimpleTypesV4_01_00.xsd); the guide's executing dentist carries one of them (issue 11, "TISS export").
/// </summary>
public static class Cbos
{
    /// <summary>Every 2232xx value of <c>dm_CBOS</c>, in code order.</summary>
    public static IReadOnlyList<CbosOccupation> Dental { get; } =
    [
        new("223204", "Cirurgião-dentista – auditor"),
        new("223208", "Cirurgião-dentista – clínico geral"),
        new("223212", "Cirurgião-dentista – endodontista"),
        new("223216", "Cirurgião-dentista – epidemiologista"),
        new("223220", "Cirurgião-dentista – estomatologista"),
        new("223224", "Cirurgião-dentista – implantodontista"),
        new("223228", "Cirurgião-dentista – odontogeriatra"),
        new("223232", "Cirurgião-dentista – odontologista legal"),
        new("223236", "Cirurgião-dentista – odontopediatra"),
        new("223240", "Cirurgião-dentista – ortopedista e ortodontista"),
        new("223244", "Cirurgião-dentista – patologista bucal"),
        new("223248", "Cirurgião-dentista – periodontista"),
        new("223252", "Cirurgião-dentista – protesiólogo bucomaxilofacial"),
        new("223256", "Cirurgião-dentista – protesista"),
        new("223260", "Cirurgião-dentista – radiologista"),
        new("223264", "Cirurgião-dentista – reabilitador oral"),
        new("223268", "Cirurgião-dentista – traumatologista bucomaxilofacial"),
        new("223272", "Cirurgião-dentista de saúde coletiva"),
        new("223276", "Cirurgião-dentista – odontologia do trabalho"),
        new("223280", "Cirurgião-dentista – dentística"),
        new("223284", "Cirurgião-dentista – disfunção temporomandibular e dor orofacial"),
        new("223288", "Cirurgião-dentista – odontologia para pacientes com necessidades especiais"),
        new("223293", "Cirurgião-dentista da estratégia de saúde da família"),
    ];

    private static readonly Dictionary<string, CbosOccupation> ByCode = Dental.ToDictionary(o => o.Code, StringComparer.Ordinal);

    /// <summary>True when <paramref name="code"/> is exactly one of the dental CBO-S codes above.</summary>
    public static bool IsDental(string? code) => code is not null && ByCode.ContainsKey(code);

    /// <summary>The occupation of a code, or null when it is not a dental CBO-S.</summary>
    public static CbosOccupation? Find(string? code) => code is not null && ByCode.TryGetValue(code, out var o) ? o : null;
}
