using System.Globalization;
using System.Text.RegularExpressions;

namespace DentistPortal.Domain.Plans;

/// <summary>
/// A plan's price for one procedure, in reais, as TISS <c>valorProc</c> carries it (<c>st_decimal8-2</c>: up to 8 digits,
/// 2 of them decimals, so below R$ 1.000.000,00) and as the operator types it in pt-BR ("150,00", "1.234,56").
/// </summary>
public static partial class PlanPrice
{
    /// <summary>The first price st_decimal8-2 cannot carry.</summary>
    public const decimal Limit = 1_000_000m;

    private static readonly NumberFormatInfo Brazilian = new() { NumberDecimalSeparator = ",", NumberGroupSeparator = ".", NegativeSign = "-" };

    /// <summary>Greater than zero, below <see cref="Limit"/>, at most 2 decimals.</summary>
    public static bool IsValid(decimal price) => price > 0 && price < Limit && HasAtMostTwoDecimals(price);

    public static bool HasAtMostTwoDecimals(decimal price) => decimal.Round(price, 2) == price;

    /// <summary>
    /// Reads a price typed in pt-BR: optional "R$", thousands with dots, cents after a comma ("1.234,56", "150", "R$ 80,5").
    /// A dot as decimal separator ("150.00") or letters are not a price. The sign and the number of decimals are kept, so
    /// the caller can say "maior que zero" or "2 casas decimais" rather than "formato".
    /// </summary>
    public static bool TryParse(string? text, out decimal price)
    {
        price = 0;
        if (string.IsNullOrWhiteSpace(text) || text.Length > 40) return false;
        var s = text.Trim().Replace('\u00A0', ' ');
        if (s.StartsWith("R$", StringComparison.OrdinalIgnoreCase)) s = s[2..].TrimStart();
        if (!Shape().IsMatch(s)) return false;
        return decimal.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowThousands | NumberStyles.AllowDecimalPoint, Brazilian, out price);
    }

    /// <summary>"R$ 1.234,56".</summary>
    public static string Format(decimal price) => "R$ " + FormatNumber(price);

    /// <summary>"1.234,56", as the edit field shows it.</summary>
    public static string FormatNumber(decimal price) => price.ToString("#,##0.00", Brazilian);

    // Digits grouped by dots in threes (or not grouped at all), then an optional comma and the decimals.
    [GeneratedRegex(@"^-?(\d{1,3}(\.\d{3})+|\d{1,12})(,\d{1,12})?$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
