using System.Text;

namespace DentistPortal.Features.Reports;

/// <summary>
/// CSV as Brazilian spreadsheets open it: UTF-8 with BOM, ';' between fields, CRLF lines, quotes when needed,
/// and cells that a spreadsheet would run as a formula (=, +, -, @) neutralised with a leading apostrophe.
/// </summary>
public static class ReportCsv
{
    public const string ContentType = "text/csv; charset=utf-8";

    public static byte[] Build(ReportSection section)
    {
        var sb = new StringBuilder();
        AppendLine(sb, section.Columns);
        for (var i = 0; i < section.Categories.Count; i++)
            AppendLine(sb, [section.Categories[i], .. section.Series.Select(s => s.Values[i].ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        var preamble = Encoding.UTF8.GetPreamble();
        var body = Encoding.UTF8.GetBytes(sb.ToString());
        return [.. preamble, .. body];
    }

    public static string FileName(ReportSection section, ReportQuery query) => $"relatorio-{section.Key}-{query.Slug}.csv";

    private static void AppendLine(StringBuilder sb, IEnumerable<string> cells)
    {
        sb.AppendJoin(';', cells.Select(Cell));
        sb.Append("\r\n");
    }

    internal static string Cell(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
        return value.IndexOfAny([';', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
