using Bunit;
using DentistPortal.Components.Pages.Admin;
using DentistPortal.Tests.Admin;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace DentistPortal.Tests.Reports;

/// <summary>The reports page on the report scenario: one section per report, each with its chart, its table and its CSV link.</summary>
[Collection(ReportScenarioCollection.Name)]
public class ReportsPageComponent(ReportScenario scenario)
{
    private static string[] Cells(AngleSharp.Dom.IElement row) => [.. row.QuerySelectorAll("td").Select(td => td.TextContent.Trim())];

    [Fact]
    public async Task EachReportShowsItsChartTableAndCsvLinkForThePeriodInTheAddress()
    {
        var (ctx, _) = await AdminComponentContext.CreateAsync(scenario.Database);
        await using var __ = ctx;
        ctx.Services.GetRequiredService<NavigationManager>().NavigateTo("admin/relatorios?de=2026-11-25&ate=2026-11-27");

        var cut = ctx.Render<AdminReports>();

        cut.WaitForAssertion(() => Assert.Equal(5, cut.FindAll("[data-testid=report-section]").Count));
        Assert.Contains("Todas as clínicas · 25/11/2026 a 27/11/2026", cut.Find("[data-testid=report-caption]").TextContent);

        var tokens = cut.Find("[data-testid=report-section][data-key=tokens]");
        Assert.Equal(["Situação", "Quantidade"], tokens.QuerySelectorAll("thead th").Select(th => th.TextContent.Trim()));
        var rows = tokens.QuerySelectorAll("[data-testid=report-row]").Select(Cells).ToList();
        Assert.Equal(
        [
            ["Gerados", "8"], ["Validados na cadeira", "1"], ["Validados como token tardio", "1"], ["Validados com a Central", "1"],
            ["Validados por guia assinada", "1"], ["Expirados", "2"], ["Bloqueados por códigos incorretos", "1"],
            ["Cancelados (código não solicitado)", "2"], ["Códigos incorretos digitados", "8"],
        ], rows);
        Assert.NotNull(tokens.QuerySelector(".mud-chart svg"));   // the MudChart
        Assert.Equal("admin/relatorios/tokens.csv?de=2026-11-25&ate=2026-11-27", tokens.QuerySelector("[data-testid=csv-link]")!.GetAttribute("href"));

        var failures = cut.Find("[data-testid=report-section][data-key=falhas-envio]");
        Assert.Equal([["SMS", "2", "8"], ["E-mail", "1", "8"]], failures.QuerySelectorAll("[data-testid=report-row]").Select(Cells));
        Assert.Equal(["Total", "3", "16"], failures.QuerySelectorAll("[data-testid=report-total] th").Select(th => th.TextContent.Trim()));

        var byDentist = cut.Find("[data-testid=report-section][data-key=nao-solicitados-dentista]");
        Assert.Equal(2, byDentist.QuerySelectorAll("[data-testid=report-row]").Length);
        Assert.Contains("Dra. Ana Beatriz Ferreira (CRO-SP 98765)", byDentist.TextContent);
    }

    [Fact]
    public async Task AClinicInTheAddressFiltersEveryTableAndAnEmptyReportSaysSo()
    {
        var (ctx, _) = await AdminComponentContext.CreateAsync(scenario.Database);
        await using var __ = ctx;
        ctx.Services.GetRequiredService<NavigationManager>().NavigateTo($"admin/relatorios?de=2026-10-01&ate=2026-10-31&clinica={scenario.CampinasId}");

        var cut = ctx.Render<AdminReports>();

        cut.WaitForAssertion(() => Assert.Contains("Odonto Campinas Centro · 01/10/2026 a 31/10/2026", cut.Find("[data-testid=report-caption]").TextContent));
        var byClinic = cut.Find("[data-testid=report-section][data-key=nao-solicitados-clinica]");
        Assert.Contains("Nenhum registro no período.", byClinic.TextContent);
        Assert.Null(byClinic.QuerySelector(".mud-chart"));
        Assert.EndsWith($"&clinica={scenario.CampinasId}", cut.Find("[data-testid=report-section][data-key=tokens] [data-testid=csv-link]").GetAttribute("href"));
    }
}
