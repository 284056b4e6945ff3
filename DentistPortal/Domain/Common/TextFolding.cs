using System.Globalization;
using System.Text;

namespace DentistPortal.Domain.Common;

/// <summary>Accent- and case-insensitive matching for what people type in Portuguese ("joao" finds "João").</summary>
public static class TextFolding
{
    /// <summary>"  JOÃO  da Silva" → "joao da silva": lower case, no accents, single spaces.</summary>
    public static string Fold(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in WellFormed(text).Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            var lower = char.ToLowerInvariant(c);
            if (char.IsWhiteSpace(lower) && (sb.Length == 0 || sb[^1] == ' ')) continue;
            sb.Append(char.IsWhiteSpace(lower) ? ' ' : lower);
        }
        return sb.ToString().TrimEnd();
    }

    /// <summary>
    /// <paramref name="text"/> with every unpaired surrogate replaced by U+FFFD: typed or pasted text may carry one, and
    /// <see cref="string.Normalize()"/> throws on it (issue 10, "No server error on any input").
    /// </summary>
    public static string WellFormed(string text)
    {
        var bad = -1;
        for (var i = 0; i < text.Length && bad < 0; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
            else if (char.IsSurrogate(text[i])) bad = i;
        }
        if (bad < 0) return text;
        var chars = text.ToCharArray();
        for (var i = bad; i < chars.Length; i++)
        {
            if (char.IsHighSurrogate(chars[i]) && i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1])) i++;
            else if (char.IsSurrogate(chars[i])) chars[i] = '\uFFFD';
        }
        return new string(chars);
    }
}
