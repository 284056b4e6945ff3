namespace DentistPortal.Domain.Tokens;

/// <summary>TR-1: what the dentist typed, understood as a 6-digit code, or refused.</summary>
public static class TokenCode
{
    public const int Length = 6;
    public const string FormatMessage = "O token tem 6 números (por exemplo 123456, 123 456 ou 123-456). Confira o que o paciente informou.";

    /// <summary>
    /// Accepts only ASCII digits, after trimming spaces, with at most one separator (space or hyphen)
    /// between digits. Other Unicode digits, letters and anything longer are refused.
    /// </summary>
    public static string? Normalize(string? input)
    {
        if (input is null || input.Length > 32) return null;
        var s = input.Trim();
        Span<char> digits = stackalloc char[Length];
        var n = 0;
        var separators = 0;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c is >= '0' and <= '9')
            {
                if (n == Length) return null;
                digits[n++] = c;
            }
            else if ((c == ' ' || c == '-') && n > 0 && i < s.Length - 1 && separators == 0)
            {
                separators++;
            }
            else
            {
                return null;
            }
        }
        return n == Length ? new string(digits) : null;
    }

    /// <summary>"004219" → "004 219", how codes are shown to people.</summary>
    public static string Display(string code) => code.Length == Length ? $"{code[..3]} {code[3..]}" : code;
}
