using Bunit;
using DentistPortal.Components.Pages.Admin;
using DentistPortal.Tests.Infrastructure;
using DentistPortal.Tests.Review;

namespace DentistPortal.Tests.AuditLog;

/// <summary>The audit trail screen: rows from the server, filters, the export link (bUnit, real handlers).</summary>
public class AuditLogPanelStates(TestDatabase database) : IClassFixture<TestDatabase>
{
    private readonly OperatorScenario scenario = new(database);

    [Fact]
    public async Task TheBackOfficeSeesTheNewestLinesAndNarrowsThemToATreatment()
    {
        var first = await scenario.Tokens.SubmittedTreatmentAsync();
        var second = await scenario.OnlyUnderReviewAsync(TokenScenario.RobertoCpf);
        await using var ctx = DentistPortal.Tests.Components.ComponentContext.Create(database);

        var admin = await scenario.AdminAsync();
        var cut = ctx.Render<AuditLogPanel>(p => p.Add(x => x.Actor, admin));

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("tbody tr.mud-table-row")));
        var total = cut.Find("[data-testid=audit-total]").TextContent;
        Assert.Matches(@"^\d+ registros$", total.Trim());
        // Newest first: the last action (the second treatment's submission) is on top.
        Assert.Contains("Enviado para autorização", cut.FindAll("tbody tr.mud-table-row")[0].TextContent);
        Assert.Contains(second.Number, cut.FindAll("tbody tr.mud-table-row")[0].TextContent);
        Assert.Equal("admin/auditoria/exportar.csv", cut.Find("[data-testid=audit-export]").GetAttribute("href"));

        await cut.Find("input[inputmode=numeric]").InputAsync(new() { Value = second.Number });
        await cut.Find("form").SubmitAsync();

        cut.WaitForAssertion(() =>
        {
            var rows = cut.FindAll("tbody tr.mud-table-row");
            Assert.Equal(2, rows.Count); // created, submitted
            Assert.All(rows, r => Assert.Contains(second.Number, r.TextContent));
            Assert.Equal("2 registros", cut.Find("[data-testid=audit-total]").TextContent.Trim());
            Assert.Equal($"admin/auditoria/exportar.csv?tratamento={second.Number}", cut.Find("[data-testid=audit-export]").GetAttribute("href"));
        });
        Assert.True(first > 0);
    }

    [Fact]
    public async Task AnUnknownTreatmentShowsNoLines()
    {
        await using var ctx = DentistPortal.Tests.Components.ComponentContext.Create(database);
        var admin = await scenario.AdminAsync();
        var cut = ctx.Render<AuditLogPanel>(p => p.Add(x => x.Actor, admin));
        cut.WaitForAssertion(() => cut.Find("[data-testid=audit-total]"));

        await cut.Find("input[inputmode=numeric]").InputAsync(new() { Value = "1999000001" });
        await cut.Find("form").SubmitAsync();

        cut.WaitForAssertion(() =>
        {
            Assert.Equal("Nenhum registro", cut.Find("[data-testid=audit-total]").TextContent.Trim());
            Assert.Contains("Nenhum registro com estes filtros.", cut.Markup);
        });
    }

    [Fact]
    public async Task TheAuditorHasNoAccess()
    {
        var auditor = await scenario.AuditorAsync();
        await using var ctx = DentistPortal.Tests.Components.ComponentContext.Create(database);
        var cut = ctx.Render<AuditLogPanel>(p => p.Add(x => x.Actor, auditor));
        // Before the profile is read (asynchronous on PostgreSQL) neither the filters nor the export are shown.
        Assert.Empty(cut.FindAll("form"));
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=audit-forbidden]")));
        Assert.Empty(cut.FindAll("[data-testid=audit-export]"));
        Assert.Empty(cut.FindAll("form"));
    }
}
