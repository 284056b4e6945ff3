namespace DentistPortal.Domain.Common;

/// <summary>Cadastro Nacional da Pessoa Jurídica: 14 digits, two mod-11 check digits.</summary>
public static class Cnpj
{
    private static readonly int[] FirstWeights = [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];
    private static readonly int[] SecondWeights = [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];

    public static bool IsValid(string? input) => Normalize(input) is not null;

    public static string? Normalize(string? input)
    {
        var d = Digits.StripFormatting(input);
        if (d is null || d.Length != 14 || Digits.AllSame(d)) return null;
        return CheckDigit(d.AsSpan(0, 12), FirstWeights) == d[12] - '0' && CheckDigit(d.AsSpan(0, 13), SecondWeights) == d[13] - '0' ? d : null;
    }

    public static string Format(string d) =>
        d.Length == 14 ? $"{d[..2]}.{d[2..5]}.{d[5..8]}/{d[8..12]}-{d[12..]}" : d;

    private static int CheckDigit(ReadOnlySpan<char> digits, int[] weights)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++) sum += (digits[i] - '0') * weights[i];
        var rest = sum % 11;
        return rest < 2 ? 0 : 11 - rest;
    }
}
