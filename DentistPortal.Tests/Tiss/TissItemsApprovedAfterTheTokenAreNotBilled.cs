using DentistPortal.Domain.Treatments;
using DentistPortal.Features.Review;
using DentistPortal.Features.Treatments;
using DentistPortal.Tests.Infrastructure;
using static DentistPortal.Tests.Tiss.TissExportScenario;

namespace DentistPortal.Tests.Tiss;

/// <summary>
/// Found by the outside tester (issue 11, TISS export): a token can be generated and validated while a procedure is still
/// under review (TR-3 needs one authorized item), and the auditor may authorize that procedure after the validation. The
/// patient's token never covered it, so it must not be billed on that validation (it used to appear in the guide, dated
/// the validation day).
/// </summary>
public class TissItemsApprovedAfterTheTokenAreNotBilled(PricedDatabase database) : IClassFixture<PricedDatabase>
{
    private readonly TissExportScenario s = new(database);

    [Fact]
    public async Task AProcedureAuthorizedAfterTheValidationIsNotInTheGuide()
    {
        var id = await s.ValidatedAtTheChairAsync("391827", new TreatmentItemInput("81000030", null, null, null), new TreatmentItemInput("85200158", 36, null, null));
        var endo = (await s.TreatmentAsync(id)).Items.Single(i => i.TussCode == "85200158");
        Assert.Equal(ItemAuthorization.UnderReview, endo.Authorization);
        database.Clock.Advance(TimeSpan.FromHours(2));
        Assert.True((await s.Handler<DecideReviewItemHandler>().HandleAsync(new(endo.Id, true, null), await s.AuditorAsync())).IsOk);

        var guide = SingleGuide((await s.TreatmentXmlAsync(id)).File);
        var procedure = Assert.Single(guide.Elements(Ans + "procedimentosExecutados"));
        Assert.Equal("81000030", V(E(procedure, "procSolic"), "codigoProcedimento"));
        Assert.Equal("85.50", V(guide, "valorTotalProc"));
    }
}
