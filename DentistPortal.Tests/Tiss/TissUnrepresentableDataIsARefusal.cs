using DentistPortal.Features.Billing;
using DentistPortal.Features.Common;
using DentistPortal.Features.Treatments;
using DentistPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Tests.Tiss;

/// <summary>
/// Found by the outside tester (issue 11, TISS export): data the admin screens accept but TISS cannot carry — a procedure
/// description with no ISO-8859-1 character left (emoji only), or quantity × price above valorProc's R$ 999.999,99 — made the
/// writer throw inside the export (an unhandled exception on the page, and every batch of the period blocked). Such a guide is
/// "sem condições de faturamento" with its reason; the other guides of the period still export.
/// </summary>
public class TissUnrepresentableDataIsARefusal(PricedDatabase database) : IClassFixture<PricedDatabase>
{
    private readonly TissExportScenario s = new(database);

    [Fact]
    public async Task ADescriptionWithNothingLatin1LeftIsAReasonNotAnException()
    {
        var good = await s.ValidatedAtTheChairAsync("661230", new TreatmentItemInput("81000030", null, null, null));
        var id = await s.ValidatedAtTheChairAsync("661234", new TreatmentItemInput("81000030", null, null, null));
        await using (var db = await s.Tokens.ContextAsync())
            await db.TreatmentItems.Where(i => i.TreatmentId == id).ExecuteUpdateAsync(x => x.SetProperty(i => i.Description, "🦷🦷"));

        var single = await s.Handler<GetTreatmentTissXmlHandler>().HandleAsync(new(id, false), await s.StaffAsync());
        Assert.Equal(ResultStatus.Invalid, single.Status);
        Assert.Equal(GetTreatmentTissXmlHandler.NotBillableHeading, single.Errors[0]);
        Assert.Contains(single.Errors, e => e.Contains("ISO-8859-1", StringComparison.Ordinal));

        var batch = await s.Handler<ExportTissBatchHandler>().HandleAsync(new(await s.SaoPauloAsync(), s.Today, s.Today, false), await s.StaffAsync());
        Assert.True(batch.IsOk, string.Join("; ", batch.Errors));
        Assert.True(batch.Value!.Receipt.NotExportable >= 1);
        Assert.Contains(await s.NumberAsync(good), System.Text.Encoding.Latin1.GetString(batch.Value.File.Content), StringComparison.Ordinal);
    }

    [Fact]
    public async Task QuantityTimesPriceAboveTheTissMaximumIsAReasonNotAnException()
    {
        await using (var db = await s.Tokens.ContextAsync())
            await db.PlanCoverages.Where(c => c.TussCode == "85100102").ExecuteUpdateAsync(x => x.SetProperty(c => c.Price, 999_999.99m));
        try
        {
            var id = await s.ValidatedAtTheChairAsync("771234", new TreatmentItemInput("85100102", 16, null, "MO", 2));
            var result = await s.Handler<GetTreatmentTissXmlHandler>().HandleAsync(new(id, false), await s.StaffAsync());
            Assert.Equal(ResultStatus.Invalid, result.Status);
            Assert.Contains(result.Errors, e => e.Contains("999.999,99", StringComparison.Ordinal));
        }
        finally
        {
            await using var db = await s.Tokens.ContextAsync();
            await db.PlanCoverages.Where(c => c.TussCode == "85100102").ExecuteUpdateAsync(x => x.SetProperty(c => c.Price, PricedDatabase.OtherPrice));
        }
    }
}
