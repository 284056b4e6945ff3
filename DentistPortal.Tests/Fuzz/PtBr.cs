using System.Text;
using DentistPortal.Features.Common;

namespace DentistPortal.Tests.Fuzz;

/// <summary>A heuristic that a message shown to a user is Portuguese and not a framework default or an exception text.</summary>
public static class PtBr
{
    private static readonly string[] Foreign =
    [
        "The field", "must not be empty", "is not valid", "is required", "must be", "should not", "is invalid", "not found",
        "Exception", "Object reference", "Value cannot be null", "Sequence contains", "Index was out", " at DentistPortal.", "SQLite Error",
        "An error occurred", "' must", "cannot be", "Nullable object",
    ];

    /// <summary>Words that any short pt-BR sentence of the portal uses; one of them must be there.</summary>
    private static readonly string[] Portuguese =
    [
        "ã", "ç", "é", "á", "ó", "í", "ú", "ê", "ô", "â", " de ", " do ", " da ", " o ", " a ", " não ", " é ", " um ", " uma ", " para ", " com ", " no ", " na ", " os ", " as ",
        "Informe", "inválid", "deve", "entre", "está", "ser ", "tem ", "foi", "já", "ainda", "mais", "pelo", "pela", "Código", "Token", "Tratamento", "Beneficiário", "Selecione", "Escolha", "encontrad", "permissão", "Nenhum", "Use ", "máximo", "mínimo",
    ];

    public static void AssertMessage(string message)
    {
        Assert.False(string.IsNullOrWhiteSpace(message), "A refusal came without a message.");
        foreach (var foreign in Foreign)
            Assert.False(message.Contains(foreign, StringComparison.OrdinalIgnoreCase), $"Not a pt-BR message (\"{foreign}\"): {Show.Text(message)}");
        var padded = " " + message + " ";
        Assert.True(Portuguese.Any(w => padded.Contains(w, StringComparison.OrdinalIgnoreCase)), $"Does not read as pt-BR: {Show.Text(message)}");
    }

    public static bool IsForbidden(string message) => message == Result<int>.ForbiddenMessage;
}

/// <summary>Prints generated inputs short and visible (escapes control characters, cuts 100k strings).</summary>
public static class Show
{
    public static string Text(string? s)
    {
        if (s is null) return "null";
        var sb = new StringBuilder("\"");
        foreach (var c in s.Length > 80 ? s[..80] : s)
            sb.Append(c < ' ' || c is '\u007f' || char.IsSurrogate(c) || c is >= '\u2000' and <= '\u206f' ? $"\\u{(int)c:x4}" : c.ToString());
        sb.Append('"');
        if (s.Length > 80) sb.Append($"…({s.Length} chars)");
        return sb.ToString();
    }

    public static string Value(object? value) => Value(value, 0);

    private static string Value(object? value, int depth) => depth > 3 ? "…" : value switch
    {
        null => "null",
        string s => Text(s),
        byte[] b => $"byte[{b.Length}]",
        System.Collections.IEnumerable e when value is not string => "[" + string.Join(", ", e.Cast<object?>().Select(v => Value(v, depth + 1))) + "]",
        _ when value.GetType().IsValueType && value.GetType().FullName?.StartsWith("System.ValueTuple", StringComparison.Ordinal) == true =>
            "(" + string.Join(", ", value.GetType().GetFields().Select(f => Value(f.GetValue(value), depth + 1))) + ")",
        _ when value.GetType().Namespace?.StartsWith("DentistPortal", StringComparison.Ordinal) == true && !value.GetType().IsEnum =>
            value.GetType().Name + " { " + string.Join(", ", value.GetType().GetProperties().Where(p => p.GetIndexParameters().Length == 0 && p.DeclaringType == value.GetType())
                .Select(p => $"{p.Name} = {Value(SafeGet(p, value), depth + 1)}")) + " }",
        ReadOnlyMemory<byte> m => $"byte[{m.Length}]",
        _ => value.ToString() ?? "",
    };

    private static object? SafeGet(System.Reflection.PropertyInfo p, object o)
    {
        try { return p.GetValue(o); } catch (System.Reflection.TargetInvocationException) { return "?"; }
    }

    public static string Actor(DentistPortal.Features.Common.Actor a) => $"{Text(a.UserId)} [{string.Join(",", a.Roles)}] clinic {a.ClinicId?.ToString() ?? "-"}";
}
