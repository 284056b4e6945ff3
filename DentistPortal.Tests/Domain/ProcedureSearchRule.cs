using DentistPortal.Domain.Procedures;
using DentistPortal.Features.Treatments;

namespace DentistPortal.Tests.Domain;

/// <summary>
/// The catalogue search rule (ProcedureCatalog.Search / Matches): a TUSS code prefix, or words of the description. The
/// third outside tester pasted an option's own label, a code with words and a spaced code: each found nothing.
/// </summary>
public class ProcedureSearchRule
{
    private static readonly IReadOnlyDictionary<string, ProcedureSnapshot> Catalogue = new[]
    {
        new ProcedureSnapshot("81000030", "Consulta odontológica", ProcedureSite.None, false, 0, false, true),
        new ProcedureSnapshot("81000049", "Consulta odontológica de urgência", ProcedureSite.None, false, 0, false, true),
        new ProcedureSnapshot("85100196", "Restauração de resina composta - 1 face", ProcedureSite.Tooth, true, 1, false, true),
        new ProcedureSnapshot("85100200", "Restauração antiga", ProcedureSite.Tooth, true, 1, false, false),
    }.ToDictionary(p => p.TussCode);

    private static string[] Found(string text) => [.. ProcedureCatalog.Search(Catalogue, text).Select(p => p.TussCode)];

    [Theory]
    [InlineData("81000030 – Consulta odontológica", new[] { "81000030" })]
    [InlineData("81000030 consulta", new[] { "81000030" })]
    [InlineData("8100 0030", new[] { "81000030" })]
    [InlineData("810000", new[] { "81000030", "81000049" })]
    [InlineData("consulta URGENCIA", new[] { "81000049" })]
    [InlineData("restauracao resina", new[] { "85100196" })]
    [InlineData("85100196 – Restauração de resina composta - 1 face", new[] { "85100196" })]
    [InlineData("99999999", new string[0])]
    [InlineData("consulta 85", new string[0])]
    public void FindsByCodePrefixOrWordsAndIgnoresInactiveProcedures(string text, string[] expected) =>
        Assert.Equal(expected, Found(text));
}
