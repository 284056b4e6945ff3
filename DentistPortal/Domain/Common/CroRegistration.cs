namespace DentistPortal.Domain.Common;

/// <summary>Dentist registration at the regional council: number (1–6 digits) + UF of the council.</summary>
public sealed record CroRegistration(string Number, string Uf)
{
    public static readonly IReadOnlySet<string> Ufs = new HashSet<string>(StringComparer.Ordinal)
    {
        "AC", "AL", "AP", "AM", "BA", "CE", "DF", "ES", "GO", "MA", "MT", "MS", "MG", "PA",
        "PB", "PR", "PE", "PI", "RJ", "RN", "RS", "RO", "RR", "SC", "SP", "SE", "TO",
    };

    public static bool IsValidUf(string? uf) => uf is not null && Ufs.Contains(uf.Trim().ToUpperInvariant());

    public static bool IsValidNumber(string? number)
    {
        var d = Digits.StripFormatting(number, ". ");
        return d is { Length: >= 1 and <= 6 } && d.TrimStart('0').Length > 0;
    }

    public static CroRegistration? TryCreate(string? number, string? uf)
    {
        if (!IsValidNumber(number) || !IsValidUf(uf)) return null;
        return new CroRegistration(Digits.StripFormatting(number, ". ")!.TrimStart('0'), uf!.Trim().ToUpperInvariant());
    }

    public override string ToString() => $"CRO-{Uf} {Number}";
}
