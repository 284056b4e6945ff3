using Bunit;
using DentistPortal.Components.Pages.Treatments;
using DentistPortal.Features.Common;
using DentistPortal.Features.Support;
using DentistPortal.Features.Treatments;
using DentistPortal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace DentistPortal.Tests.Components;

/// <summary>
/// Issue 9 §5: the token panel offers only what the viewer's handlers allow. The view comes from the real
/// <see cref="GetTreatmentHandler"/> for each kind of viewer, on a treatment with an active token.
/// </summary>
public class TreatmentActionsByViewer(TestDatabase database) : IClassFixture<TestDatabase>
{
    private readonly TokenScenario scenario = new(database);

    private async Task<IRenderedComponent<TokenPanel>> PanelForAsync(BunitContext ctx, Actor viewer)
    {
        var id = await scenario.SubmittedTreatmentAsync();
        await scenario.GenerateAsync(id, "314159");
        var view = await scenario.Handler<GetTreatmentHandler>().HandleAsync(new(id), viewer);
        Assert.True(view.IsOk, string.Join("; ", view.Errors));
        Assert.True(view.Value!.HasActiveToken);
        return ctx.Render<TokenPanel>(p => p
            .Add(x => x.View, view.Value)
            .Add(x => x.Actor, viewer)
            .Add(x => x.Support, database.Services.CreateScope().ServiceProvider.GetRequiredService<GetSupportChannelsHandler>().Handle()));
    }

    private static bool Offers(IRenderedComponent<TokenPanel> cut, string text) =>
        cut.FindAll("button, a").Any(b => b.TextContent.Trim() == text);

    private static void OffersNoClinicAction(IRenderedComponent<TokenPanel> cut)
    {
        Assert.Empty(cut.FindAll("input#token-code"));
        Assert.False(Offers(cut, "Validar token"));
        Assert.False(Offers(cut, "Gerar novo token"));
        Assert.False(Offers(cut, "Paciente sem celular (token tardio)"));
        Assert.False(Offers(cut, "Imprimir guia de tratamento"));
        Assert.NotNull(cut.Find("[data-testid=read-only]"));
    }

    [Theory]
    [InlineData("dentista@demo.local")]
    [InlineData("recepcao@demo.local")]
    public async Task ItsClinicGetsEveryChairSideAction(string email)
    {
        await using var ctx = ComponentContext.Create(database);
        var cut = await PanelForAsync(ctx, await DemoActors.ForAsync(database.Services, email, DemoActors.SaoPauloCnpj));
        Assert.NotNull(cut.Find("input#token-code"));
        Assert.True(Offers(cut, "Validar token"));
        Assert.True(Offers(cut, "Gerar novo token"));
        Assert.True(Offers(cut, "Paciente sem celular (token tardio)"));
        Assert.True(Offers(cut, "Imprimir guia de tratamento"));
        Assert.Empty(cut.FindAll("[data-testid=read-only]"));
    }

    [Fact]
    public async Task TheBeneficiaryOnTheirOwnTreatmentCannotValidateTheirToken()
    {
        await using var ctx = ComponentContext.Create(database);
        var cut = await PanelForAsync(ctx, await DemoActors.ForAsync(database.Services, "paciente@demo.local"));
        OffersNoClinicAction(cut);
        Assert.Contains("Informe o código somente ao dentista", cut.Find("[data-testid=read-only]").TextContent);
    }

    [Theory]
    [InlineData("auditor@demo.local")]
    [InlineData("admin@demo.local")]
    [InlineData("central@demo.local")]
    public async Task OperatorRolesReadWithoutTheClinicsButtons(string email)
    {
        await using var ctx = ComponentContext.Create(database);
        var cut = await PanelForAsync(ctx, await DemoActors.ForAsync(database.Services, email));
        OffersNoClinicAction(cut);
        Assert.Contains("Somente consulta", cut.Find("[data-testid=read-only]").TextContent);
    }

    [Fact]
    public async Task AnotherClinicsDentistDoesNotEvenSeeTheTreatment()
    {
        var id = await scenario.SubmittedTreatmentAsync();
        var other = await DemoActors.ForAsync(database.Services, "dentista2@demo.local", DemoActors.CampinasCnpj);
        var view = await scenario.Handler<GetTreatmentHandler>().HandleAsync(new(id), other);
        Assert.Equal(ResultStatus.NotFound, view.Status);
    }
}
