using Microsoft.Extensions.DependencyInjection;
using System.Text;
using DentistPortal.Features.Common;
using DentistPortal.Features.Reports;

namespace DentistPortal.Tests.Reports;

/// <summary>The report figures on <see cref="ReportScenario"/>: exact counts, per clinic and per period, and their CSV.</summary>
[Collection(ReportScenarioCollection.Name)]
public class TokenReportFigures(ReportScenario scenario)
{
    private async Task<TokenReport> ReportAsync(DateOnly from, DateOnly to, int? clinic = null)
    {
        var result = await scenario.Database.Scope().ServiceProvider.GetRequiredService<GetTokenReportHandler>()
            .HandleAsync(new ReportQuery(from, to, clinic), await scenario.AdminAsync());
        Assert.True(result.IsOk, string.Join("; ", result.Errors));
        return result.Value!;
    }

    private static Dictionary<string, int> Column(ReportSection section, int series = 0) =>
        section.Categories.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => section.Series[series].Values[x.i]);

    [Fact]
    public async Task EveryTokenOutcomeIsCountedOnceForTheWholeNetwork()
    {
        var report = await ReportAsync(ReportScenario.Day1, ReportScenario.Day3);
        Assert.Equal("Todas as clínicas", report.ClinicName);
        Assert.Equal(new Dictionary<string, int>
        {
            ["Gerados"] = 8,
            ["Validados na cadeira"] = 1,
            ["Validados como token tardio"] = 1,
            ["Validados com a Central"] = 1,
            ["Validados por guia assinada"] = 1,
            ["Expirados"] = 2,
            ["Bloqueados por códigos incorretos"] = 1,
            ["Cancelados (código não solicitado)"] = 2,
            ["Códigos incorretos digitados"] = 8,
        }, Column(report.Section(ReportKeys.Tokens)));
    }

    [Fact]
    public async Task TheClinicFilterKeepsOnlyThatClinicsTreatments()
    {
        var sp = await ReportAsync(ReportScenario.Day1, ReportScenario.Day3, scenario.SaoPauloId);
        Assert.Equal("Clínica Sorriso Paulista", sp.ClinicName);
        var tokens = Column(sp.Section(ReportKeys.Tokens));
        Assert.Equal((7, 2, 1, 1, 7), (tokens["Gerados"], tokens["Expirados"], tokens["Bloqueados por códigos incorretos"], tokens["Cancelados (código não solicitado)"], tokens["Códigos incorretos digitados"]));
        Assert.Equal(new Dictionary<string, int> { ["Clínica Sorriso Paulista (São Paulo/SP)"] = 1 }, Column(sp.Section(ReportKeys.UnsolicitedByClinic)));
        Assert.Equal(new Dictionary<string, int> { ["Dra. Ana Beatriz Ferreira (CRO-SP 98765)"] = 1 }, Column(sp.Section(ReportKeys.UnsolicitedByDentist)));
        var failures = sp.Section(ReportKeys.DeliveryFailures);
        Assert.Equal(new Dictionary<string, int> { ["SMS"] = 1, ["E-mail"] = 1 }, Column(failures));
        Assert.Equal(new Dictionary<string, int> { ["SMS"] = 7, ["E-mail"] = 7 }, Column(failures, 1));

        var campinas = Column((await ReportAsync(ReportScenario.Day1, ReportScenario.Day3, scenario.CampinasId)).Section(ReportKeys.Tokens));
        Assert.Equal((1, 0, 0, 1, 1), (campinas["Gerados"], campinas["Validados na cadeira"], campinas["Expirados"], campinas["Cancelados (código não solicitado)"], campinas["Códigos incorretos digitados"]));
    }

    [Fact]
    public async Task UnsolicitedReportsArePerClinicAndPerDentist()
    {
        var report = await ReportAsync(ReportScenario.Day1, ReportScenario.Day3);
        Assert.Equal(new Dictionary<string, int>
        {
            ["Clínica Sorriso Paulista (São Paulo/SP)"] = 1,
            ["Odonto Campinas Centro (Campinas/SP)"] = 1,
        }, Column(report.Section(ReportKeys.UnsolicitedByClinic)));
        Assert.Equal(new Dictionary<string, int>
        {
            ["Dra. Ana Beatriz Ferreira (CRO-SP 98765)"] = 1,
            ["Dr. Carlos Eduardo Lima (CRO-SP 54321)"] = 1,
        }, Column(report.Section(ReportKeys.UnsolicitedByDentist)));
    }

    [Fact]
    public async Task DeliveryFailuresAreCountedPerChannelAgainstAllSends()
    {
        var section = (await ReportAsync(ReportScenario.Day1, ReportScenario.Day3)).Section(ReportKeys.DeliveryFailures);
        Assert.Equal(["Canal", "Falhas", "Envios no período"], section.Columns);
        Assert.Equal(new Dictionary<string, int> { ["SMS"] = 2, ["E-mail"] = 1 }, Column(section));
        Assert.Equal(new Dictionary<string, int> { ["SMS"] = 8, ["E-mail"] = 8 }, Column(section, 1));
    }

    [Fact]
    public async Task EachEventFallsOnItsBrasiliaDay()
    {
        var daily = (await ReportAsync(ReportScenario.Day1, ReportScenario.Day3)).Section(ReportKeys.Daily);
        Assert.Equal(["25/11/2026", "26/11/2026", "27/11/2026"], daily.Categories);
        Assert.Equal(["Dia", "Tokens gerados", "Validados", "Códigos incorretos"], daily.Columns);
        Assert.Equal([8, 0, 0], daily.Series[0].Values);
        Assert.Equal([4, 0, 0], daily.Series[1].Values);
        Assert.Equal([8, 0, 0], daily.Series[2].Values);

        // The two tokens expired on 27/11 (Brasília): a period ending on 26/11 has none, one starting on 27/11 has only them.
        var before = Column((await ReportAsync(ReportScenario.Day1, ReportScenario.Day1.AddDays(1))).Section(ReportKeys.Tokens));
        Assert.Equal((8, 0), (before["Gerados"], before["Expirados"]));
        var after = Column((await ReportAsync(ReportScenario.Day3, ReportScenario.Day3)).Section(ReportKeys.Tokens));
        Assert.Equal((0, 2, 0), (after["Gerados"], after["Expirados"], after["Validados na cadeira"]));
    }

    [Fact]
    public async Task APeriodWithoutEventsIsAllZeros()
    {
        var report = await ReportAsync(new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31));
        Assert.All(report.Section(ReportKeys.Tokens).Series[0].Values, v => Assert.Equal(0, v));
        Assert.Empty(report.Section(ReportKeys.UnsolicitedByClinic).Categories);
        Assert.Equal(31, report.Section(ReportKeys.Daily).Categories.Count);
        Assert.True(report.Section(ReportKeys.DeliveryFailures).IsEmpty);
    }

    [Fact]
    public async Task ImpossibleFiltersAreRefusedInWords()
    {
        var handler = scenario.Database.Scope().ServiceProvider.GetRequiredService<GetTokenReportHandler>();
        var admin = await scenario.AdminAsync();
        Assert.Equal(["A data final deve ser igual ou posterior à data inicial."],
            (await handler.HandleAsync(new(ReportScenario.Day3, ReportScenario.Day1), admin)).Errors);
        Assert.Equal(["Escolha um período de até 366 dias."],
            (await handler.HandleAsync(new(new DateOnly(2025, 1, 1), ReportScenario.Day1), admin)).Errors);
        Assert.Equal(["Clínica não encontrada."],
            (await handler.HandleAsync(new(ReportScenario.Day1, ReportScenario.Day3, 999_999), admin)).Errors);
    }

    [Fact]
    public async Task TheCsvIsUtf8WithBomSemicolonsAndTheTableRows()
    {
        var export = scenario.Database.Scope().ServiceProvider.GetRequiredService<ExportReportCsvHandler>();
        var result = await export.HandleAsync(new(ReportKeys.Tokens, new(ReportScenario.Day1, ReportScenario.Day3, scenario.SaoPauloId)), await scenario.AdminAsync());

        Assert.True(result.IsOk, string.Join("; ", result.Errors));
        var file = result.Value!;
        Assert.Equal("relatorio-tokens-2026-11-25_a_2026-11-27.csv", file.FileName);
        Assert.Equal("text/csv; charset=utf-8", file.ContentType);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, file.Content[..3]);
        var lines = Encoding.UTF8.GetString(file.Content[3..]).Split("\r\n");
        Assert.Equal(
        [
            "Situação;Quantidade",
            "Gerados;7",
            "Validados na cadeira;1",
            "Validados como token tardio;1",
            "Validados com a Central;1",
            "Validados por guia assinada;1",
            "Expirados;2",
            "Bloqueados por códigos incorretos;1",
            "Cancelados (código não solicitado);1",
            "Códigos incorretos digitados;7",
            "",
        ], lines);

        var audit = scenario.Database.Scope().ServiceProvider.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<DentistPortal.Infrastructure.Data.AppDbContext>>();
        await using var db = await audit.CreateDbContextAsync();
        Assert.Contains(db.AuditEntries.Where(a => a.Action == "report.exported"), a => a.SubjectId == ReportKeys.Tokens && a.ClinicId == scenario.SaoPauloId);
    }

    [Fact]
    public async Task EveryCsvHasTheHeaderOfItsTable()
    {
        var export = scenario.Database.Scope().ServiceProvider.GetRequiredService<ExportReportCsvHandler>();
        var admin = await scenario.AdminAsync();
        var expected = new Dictionary<string, string[]>
        {
            [ReportKeys.Daily] = ["Dia;Tokens gerados;Validados;Códigos incorretos", "25/11/2026;8;4;8", "26/11/2026;0;0;0", "27/11/2026;0;0;0"],
            [ReportKeys.UnsolicitedByClinic] = ["Clínica;Relatos"],
            [ReportKeys.UnsolicitedByDentist] = ["Dentista;Relatos"],
            [ReportKeys.DeliveryFailures] = ["Canal;Falhas;Envios no período", "SMS;2;8", "E-mail;1;8"],
        };
        foreach (var (key, firstLines) in expected)
        {
            var file = (await export.HandleAsync(new(key, new(ReportScenario.Day1, ReportScenario.Day3)), admin)).Value!;
            var lines = Encoding.UTF8.GetString(file.Content[3..]).Split("\r\n");
            Assert.Equal(firstLines, lines.Take(firstLines.Length));
        }
        Assert.Equal(ResultStatus.NotFound, (await export.HandleAsync(new("nao-existe", new(ReportScenario.Day1, ReportScenario.Day3)), admin)).Status);
    }

    [Theory]
    [InlineData("Clínica; Centro", "\"Clínica; Centro\"")]
    [InlineData("Dr. \"Zé\"", "\"Dr. \"\"Zé\"\"\"")]
    [InlineData("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\"")]
    [InlineData("+55 11", "'+55 11")]
    [InlineData("Odonto Centro", "Odonto Centro")]
    public void CsvCellsAreQuotedAndFormulasNeutralised(string value, string cell) => Assert.Equal(cell, ReportCsv.Cell(value));
}
