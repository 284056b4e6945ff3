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
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            var lower = char.ToLowerInvariant(c);
            if (char.IsWhiteSpace(lower) && (sb.Length == 0 || sb[^1] == ' ')) continue;
            sb.Append(char.IsWhiteSpace(lower) ? ' ' : lower);
        }
        return sb.ToString().TrimEnd();
    }
}
