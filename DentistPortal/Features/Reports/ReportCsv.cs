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

    public static string FileName(ReportSection section, ReportQuery query) => FileName(section.Key, query);

    public static string FileName(string key, ReportQuery query) => $"relatorio-{key}-{query.Slug}.csv";

    /// <summary>
    /// The fraud signal as a table: per clinic/dentist, attendances, then per path the count, the share and the network's
    /// median share (percentages with a comma, as shown), whether it was judged and the paths where it stands out.
    /// </summary>
    public static byte[] Build(ValidationShareTable table)
    {
        var ptBr = System.Globalization.CultureInfo.GetCultureInfo("pt-BR");
        var paths = Domain.Oversight.ValidationPathStatistics.Paths;
        string Pct(double share) => (share * 100).ToString("0.0", ptBr);
        var sb = new StringBuilder();
        AppendLine(sb, [table.UnitHeader, "Atendimentos",
            .. paths.SelectMany(p => new[] { ValidationPathText.Label(p), $"{ValidationPathText.Label(p)} (%)", $"{ValidationPathText.Label(p)} – mediana da rede (%)" }),
            "Avaliado", "Fora do padrão"]);
        foreach (var row in table.Rows)
            AppendLine(sb, [row.Name, row.Counts.Total.ToString(System.Globalization.CultureInfo.InvariantCulture),
                .. paths.SelectMany(p => new[] { row.Counts.Count(p).ToString(System.Globalization.CultureInfo.InvariantCulture), Pct(row.Counts.Share(p)), Pct(table.NetworkMedians[p]) }),
                row.IsJudged ? "Sim" : "Não (poucos atendimentos)", string.Join(", ", row.Outliers.Select(ValidationPathText.Label))]);
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(sb.ToString())];
    }

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
