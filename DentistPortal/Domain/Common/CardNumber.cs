namespace DentistPortal.Domain.Common;

/// <summary>
/// Plan card number (carteirinha): 16 digits = operator ANS registration (6) + family (6) + member (3)
/// + a Luhn check digit, so a mistyped digit is caught before any query.
/// </summary>
public static class CardNumber
{
    public const int Length = 16;

    public static bool IsValid(string? input) => Normalize(input) is not null;

    public static string? Normalize(string? input)
    {
        var d = Digits.StripFormatting(input);
        if (d is null || d.Length != Length || !LuhnValid(d)) return null;
        return d;
    }

    public static string Format(string d) =>
        d.Length == Length ? $"{d[..4]} {d[4..8]} {d[8..12]} {d[12..]}" : d;

    public static string WithCheckDigit(string first15)
    {
        if (first15.Length != Length - 1 || !first15.All(Digits.IsAsciiDigit))
            throw new ArgumentException("Expected 15 digits.", nameof(first15));
        for (var c = '0'; c <= '9'; c++)
            if (LuhnValid(first15 + c)) return first15 + c;
        throw new InvalidOperationException("Unreachable: Luhn always has a check digit.");
    }

    private static bool LuhnValid(string digits)
    {
        var sum = 0;
        var doubleIt = false;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var v = digits[i] - '0';
            if (doubleIt) { v *= 2; if (v > 9) v -= 9; }
            sum += v;
            doubleIt = !doubleIt;
        }
        return sum % 10 == 0;
    }
}
