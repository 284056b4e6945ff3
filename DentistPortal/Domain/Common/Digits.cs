namespace DentistPortal.Domain.Common;

/// <summary>Helpers for identifiers typed by people: only ASCII digits count, formatting characters are dropped.</summary>
public static class Digits
{
    public static bool IsAsciiDigit(char c) => c is >= '0' and <= '9';

    /// <summary>
    /// Removes the punctuation people use when typing identifiers (dots, dashes, slashes, spaces).
    /// Returns null when anything else is present, so "12a" or Arabic-Indic digits are never silently accepted.
    /// </summary>
    public static string? StripFormatting(string? input, string allowedSeparators = ".-/ ")
    {
        if (input is null) return null;
        var trimmed = input.Trim();
        Span<char> buffer = trimmed.Length <= 256 ? stackalloc char[trimmed.Length] : new char[trimmed.Length];
        var n = 0;
        foreach (var c in trimmed)
        {
            if (IsAsciiDigit(c)) buffer[n++] = c;
            else if (allowedSeparators.Contains(c)) continue;
            else return null;
        }
        return new string(buffer[..n]);
    }

    public static bool AllSame(ReadOnlySpan<char> digits)
    {
        for (var i = 1; i < digits.Length; i++)
            if (digits[i] != digits[0]) return false;
        return true;
    }
}
