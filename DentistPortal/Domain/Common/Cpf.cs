namespace DentistPortal.Domain.Common;

/// <summary>Cadastro de Pessoas Físicas: 11 digits, the last two are check digits (mod 11).</summary>
public static class Cpf
{
    public static bool IsValid(string? input) => Normalize(input) is not null;

    /// <summary>The 11 digits of a valid CPF typed with or without punctuation; null when invalid.</summary>
    public static string? Normalize(string? input)
    {
        var d = Digits.StripFormatting(input);
        if (d is null || d.Length != 11 || Digits.AllSame(d)) return null;
        return CheckDigit(d.AsSpan(0, 9), 10) == d[9] - '0' && CheckDigit(d.AsSpan(0, 10), 11) == d[10] - '0' ? d : null;
    }

    public static string Format(string digits) =>
        digits.Length == 11 ? $"{digits[..3]}.{digits[3..6]}.{digits[6..9]}-{digits[9..]}" : digits;

    /// <summary>Shows only the middle digits, as Brazilian services usually do: ***.982.247-**.</summary>
    public static string Mask(string digits) =>
        digits.Length == 11 ? $"***.{digits[3..6]}.{digits[6..9]}-**" : "***";

    private static int CheckDigit(ReadOnlySpan<char> digits, int firstWeight)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++) sum += (digits[i] - '0') * (firstWeight - i);
        var rest = sum * 10 % 11;
        return rest == 10 ? 0 : rest;
    }
}
