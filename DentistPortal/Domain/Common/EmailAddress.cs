using System.Text.RegularExpressions;

namespace DentistPortal.Domain.Common;

public static partial class EmailAddress
{
    [GeneratedRegex(@"^[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)+$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();

    public static string? Normalize(string? input)
    {
        if (string.IsNullOrWhiteSpace(input)) return null;
        var e = input.Trim();
        return e.Length <= 254 && Shape().IsMatch(e) ? e.ToLowerInvariant() : null;
    }

    public static bool IsValid(string? input) => Normalize(input) is not null;

    /// <summary>joana@exemplo.com.br → j***@e***.com.br.</summary>
    public static string Mask(string email)
    {
        var at = email.IndexOf('@');
        if (at <= 0) return "***";
        var local = email[..at];
        var domain = email[(at + 1)..];
        var dot = domain.IndexOf('.');
        var host = dot < 0 ? domain : domain[..dot];
        var suffix = dot < 0 ? "" : domain[dot..];
        return $"{local[0]}***@{(host.Length > 0 ? host[0] : '*')}***{suffix}";
    }
}
