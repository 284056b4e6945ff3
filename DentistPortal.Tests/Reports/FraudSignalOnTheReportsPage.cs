using Bunit;
using DentistPortal.Components.Pages.Admin;
using DentistPortal.Tests.Admin;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace DentistPortal.Tests.Reports;

/// <summary>The admin reports page shows the fraud signal and marks the clinic and dentist that stand out.</summary>
[Collection(FraudSignalScenarioCollection.Name)]
public class FraudSignalOnTheReportsPage(FraudSignalScenario scenario)
{
    [Fact]
    public async Task TheOutlierClinicIsMarkedBesideTheNetworksMedian()
    {
        var (ctx, _) = await AdminComponentContext.CreateAsync(scenario.Database);
        await using var __ = ctx;
        ctx.Services.GetRequiredService<NavigationManager>().NavigateTo("admin/relatorios?de=2026-11-25&ate=2026-11-25");

        var cut = ctx.Render<AdminReports>();

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=share-section]").Count));
        var byClinic = cut.Find("[data-testid=share-section][data-key=vias-validacao-clinica]");
        var median = byClinic.QuerySelector("[data-testid=share-median]")!;
        Assert.Equal(["60,0 %", "14,3 %", "20,0 %", "0,0 %"], median.QuerySelectorAll("td[data-path]").Select(td => td.TextContent.Trim()));

        var marked = byClinic.QuerySelectorAll("[data-testid=share-row][data-outlier=yes]");
        var savassi = Assert.Single(marked);
        Assert.Contains("Clínica Dental Savassi", savassi.TextContent);
        Assert.Contains("Fora do padrão", savassi.TextContent);
        Assert.Equal(["SignedGuide", "ContingencyNumber"], savassi.QuerySelectorAll("td[data-outlier=yes]").Select(td => td.GetAttribute("data-path")));
        Assert.Contains("50,0 %", savassi.QuerySelector("td[data-path=SignedGuide]")!.TextContent);
        Assert.Equal(2, byClinic.QuerySelectorAll("[data-testid=share-row][data-outlier=no]").Length);
        Assert.Contains("1 fora do padrão", byClinic.QuerySelector("[data-testid=outlier-count]")!.TextContent);
        Assert.Equal("admin/relatorios/vias-validacao-clinica.csv?de=2026-11-25&ate=2026-11-25", byClinic.QuerySelector("[data-testid=csv-link]")!.GetAttribute("href"));

        var byDentist = cut.Find("[data-testid=share-section][data-key=vias-validacao-dentista]");
        Assert.Contains("Dr. Rafael Souza Neves", Assert.Single(byDentist.QuerySelectorAll("[data-testid=share-row][data-outlier=yes]")).TextContent);
        Assert.Contains("poucos atendimentos", byDentist.QuerySelectorAll("[data-testid=share-row]").Single(r => r.TextContent.Contains("Juliana")).TextContent);
    }
}
