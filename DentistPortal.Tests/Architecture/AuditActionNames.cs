using System.Reflection;
using System.Text.RegularExpressions;
using DentistPortal.Domain.Audit;

namespace DentistPortal.Tests.Architecture;

/// <summary>
/// The audit action names are typed (issue 9, "Design and code health"): <see cref="AuditActions"/> is their one
/// definition, so no call, query, switch or label table spells a code as a string literal. NetArchTest cannot see
/// arguments, so the source is read, like <see cref="FolderRules.NoCodeReadsTheClockInline"/>.
/// </summary>
public partial class AuditActionNames
{
    private const string RecordCall = "Audit.Record(";

    [Fact]
    public void NoAuditRecordCallPassesAStringLiteralAsTheAction()
    {
        var offenders = new List<string>();
        foreach (var (file, text) in PortalSources(".cs"))
        {
            for (var at = text.IndexOf(RecordCall, StringComparison.Ordinal); at >= 0; at = text.IndexOf(RecordCall, at + 1, StringComparison.Ordinal))
            {
                var action = Argument(text, at + RecordCall.Length, index: 3);
                if (action is null || action.Contains('"', StringComparison.Ordinal))
                    offenders.Add($"{file}:{LineOf(text, at)} ({action ?? "unreadable call"})");
            }
        }
        Assert.True(offenders.Count == 0, "Audit.Record with a literal action (use an AuditActions constant): " + string.Join(", ", offenders));
    }

    [Fact]
    public void NoSourceSpellsAnAuditActionCodeAsALiteral()
    {
        // Queries (a.Action == "..."), timeline switches and label tables too: outside AuditActions itself, a stored
        // action code never appears as a literal. Comments may name codes.
        var codes = typeof(AuditActions).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToHashSet(StringComparer.Ordinal);
        var definition = Path.Combine("Domain", "Audit", "AuditEntry.cs");
        var offenders = PortalSources(".cs", ".razor")
            .Where(s => s.File != definition)
            .SelectMany(s => s.Text.Split('\n').Select((line, i) => (s.File, Line: i + 1, Text: line)))
            .Where(l => !l.Text.TrimStart().StartsWith("//", StringComparison.Ordinal))
            .SelectMany(l => Literal().Matches(l.Text).Where(m => codes.Contains(m.Groups[1].Value)).Select(m => $"{l.File}:{l.Line} ({m.Value})"))
            .ToList();
        Assert.True(offenders.Count == 0, "Audit action codes spelled as literals (use AuditActions): " + string.Join(", ", offenders));
    }

    [Theory]
    [InlineData("Audit.Record(db, time, actor, \"token.generated\", \"ok\", \"Treatment\", id);", "\"token.generated\"")]
    [InlineData("Audit.Record(db, time, actor!, on ? \"a.b\" : \"a.c\", \"ok\");", "on ? \"a.b\" : \"a.c\"")]
    [InlineData("Audit.Record(Db(x, y), time, actor, AuditActions.TokenGenerated, Outcome(a, b));", "AuditActions.TokenGenerated")]
    public void TheScanReadsTheActionArgument(string call, string action) =>
        Assert.Equal(action, Argument(call, RecordCall.Length, index: 3));

    [GeneratedRegex("\"([a-z][a-z0-9.-]*)\"")]
    private static partial Regex Literal();

    /// <summary>
    /// The trimmed text of the call's argument at <paramref name="index"/> (0-based), read from just after the opening
    /// parenthesis: commas count only outside nested brackets and string literals. Null when the call ends first.
    /// </summary>
    internal static string? Argument(string text, int start, int index)
    {
        var depth = 0;
        var current = 0;
        var begin = start;
        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '"')
            {
                // Skip a plain string literal (the action argument never holds an interpolation with nested quotes).
                for (i++; i < text.Length && text[i] != '"'; i++)
                    if (text[i] == '\\') i++;
                continue;
            }
            if (c is '(' or '[' or '{') depth++;
            else if (c is ')' or ']' or '}')
            {
                if (depth == 0) return current == index ? text[begin..i].Trim() : null;
                depth--;
            }
            else if (c == ',' && depth == 0)
            {
                if (current == index) return text[begin..i].Trim();
                current++;
                begin = i + 1;
            }
        }
        return null;
    }

    private static int LineOf(string text, int at) => text.AsSpan(0, at).Count('\n') + 1;

    /// <summary>The portal's own source files (no bin/obj, no migrations: their history is not rewritten).</summary>
    private static IEnumerable<(string File, string Text)> PortalSources(params string[] extensions)
    {
        var project = Path.Combine(SolutionFolder(), "DentistPortal");
        return Directory.EnumerateFiles(project, "*.*", SearchOption.AllDirectories)
            .Where(f => extensions.Any(e => f.EndsWith(e, StringComparison.Ordinal)))
            .Select(f => Path.GetRelativePath(project, f))
            .Where(f => !IsUnder(f, "bin") && !IsUnder(f, "obj") && !IsUnder(f, Path.Combine("Infrastructure", "Data", "Migrations")))
            .Select(f => (f, File.ReadAllText(Path.Combine(project, f))));
    }

    private static bool IsUnder(string relative, string folder) =>
        relative.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    private static string SolutionFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "DentistPortal.sln"))) return dir.FullName;
        throw new InvalidOperationException("DentistPortal.sln not found above " + AppContext.BaseDirectory);
    }
}
