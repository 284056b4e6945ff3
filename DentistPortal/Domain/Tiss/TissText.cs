using System.Globalization;
using System.Text;

namespace DentistPortal.Domain.Tiss;

/// <summary>
/// How a value becomes TISS text: ISO-8859-1 only (TISS Componente de Comunicação: "o encoding a ser utilizado será sempre
/// o ISO-8859-1"), no control characters, whitespace collapsed, and free text longer than its <c>st_textoN</c> field
/// truncated at the right (the standard's rule for descriptive fields; issue 11, TISS export).
/// </summary>
/// <remarks>
/// Characters Latin-1 cannot hold are mapped, never turned into '?': typographic quotes and dashes to their ASCII forms,
/// letters with marks Latin-1 lacks to the base letter ("ő" → "o", "Ł" → "L", "ﬁ" → "fi"), everything else (emoji, other scripts)
/// removed. Every character of the result is one UTF-16 unit of U+0020–U+007E or U+00A1–U+00FF, so a cut can never split
/// a surrogate pair and the XML is always well formed.
/// </remarks>
public static class TissText
{
    /// <summary>Free text (names, descriptions): cleaned, then cut to <paramref name="maxLength"/> with no trailing
    /// space. Empty when nothing representable is left.</summary>
    public static string Truncate(string? value, int maxLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        var clean = Clean(value);
        return clean.Length <= maxLength ? clean : clean[..maxLength].TrimEnd();
    }

    /// <summary>Latin-1 only, no control characters, runs of whitespace as one space, trimmed.</summary>
    public static string Clean(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        var text = new StringBuilder(value.Length);
        var pendingSpace = false;
        // Lone surrogates become U+FFFD first (string.Normalize refuses them), which is then dropped like any symbol.
        var wellFormed = string.Concat(value.EnumerateRunes().Select(r => r.ToString()));
        foreach (var rune in wellFormed.Normalize(NormalizationForm.FormC).EnumerateRunes())
        {
            var mapped = Map(rune);
            if (mapped is null) continue;
            if (mapped == " ")
            {
                pendingSpace = text.Length > 0;
                continue;
            }
            if (pendingSpace) text.Append(' ');
            pendingSpace = false;
            text.Append(mapped);
        }
        return text.ToString();
    }

    /// <summary>Only the digits of <paramref name="value"/> ("12.345.678/0001-95" → "12345678000195").</summary>
    public static string Digits(string? value) =>
        string.IsNullOrEmpty(value) ? "" : new string(value.Where(char.IsAsciiDigit).ToArray());

    /// <summary>The Latin-1 text for one code point: itself, an equivalent, " " for whitespace, or null to drop it.</summary>
    private static string? Map(Rune rune)
    {
        if (Rune.IsWhiteSpace(rune)) return " ";
        var category = Rune.GetUnicodeCategory(rune);
        if (category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
            or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned) return null;
        var value = rune.Value;
        if (value is >= 0x20 and <= 0x7E or >= 0xA1 and <= 0xFF) return rune.ToString();
        if (Equivalents.TryGetValue(value, out var equivalent)) return equivalent;

        // A letter with a mark Latin-1 lacks, a full-width or ligature form: keep its compatibility base letters.
        var decomposed = rune.ToString().Normalize(NormalizationForm.FormKD);
        var kept = new StringBuilder();
        foreach (var part in decomposed.EnumerateRunes())
            if (Rune.GetUnicodeCategory(part) != UnicodeCategory.NonSpacingMark && part.Value is > 0x20 and <= 0x7E or >= 0xA1 and <= 0xFF)
                kept.Append(part.ToString());
        return kept.Length > 0 ? kept.ToString() : null;
    }

    private static readonly Dictionary<int, string> Equivalents = new()
    {
        [0x2018] = "'", [0x2019] = "'", [0x201A] = "'", [0x201B] = "'", [0x2032] = "'", [0x02BC] = "'", [0x02B9] = "'",
        [0x201C] = "\"", [0x201D] = "\"", [0x201E] = "\"", [0x201F] = "\"", [0x2033] = "\"",
        [0x2010] = "-", [0x2011] = "-", [0x2012] = "-", [0x2013] = "-", [0x2014] = "-", [0x2015] = "-", [0x2212] = "-",
        [0x2026] = "...", [0x2022] = "-", [0x2122] = "TM", [0x20AC] = "EUR",
        [0x0141] = "L", [0x0142] = "l", [0x0110] = "D", [0x0111] = "d", [0x0152] = "OE", [0x0153] = "oe",
        [0x0131] = "i", [0x0126] = "H", [0x0127] = "h", [0x0166] = "T", [0x0167] = "t", [0x1E9E] = "SS",
        [0x0132] = "IJ", [0x0133] = "ij", [0x014A] = "N", [0x014B] = "n", [0x0138] = "k", [0x017F] = "s",
    };
}
