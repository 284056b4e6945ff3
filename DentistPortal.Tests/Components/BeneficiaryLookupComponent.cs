using System.Security.Claims;
using Bunit;
using DentistPortal.Components.Pages.Beneficiaries;
using DentistPortal.Infrastructure.Identity;
using DentistPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace DentistPortal.Tests.Components;

/// <summary>The "Carteirinha ou CPF" lookup as the receptionist uses it, on the real handler and database.</summary>
public class BeneficiaryLookupComponent(TestDatabase database) : IClassFixture<TestDatabase>
{
    private Task<BunitContext> ContextAsync() =>
        ComponentContext.SignedInAsync(database, "recepcao@demo.local", DemoActors.SaoPauloCnpj);

    private static async Task SearchAsync(IRenderedComponent<BeneficiaryLookup> cut, string term)
    {
        await cut.Find("input#lookup-term").InputAsync(new ChangeEventArgs { Value = term });
        await cut.Find("form.dp-lookup").SubmitAsync();
    }

    [Fact]
    public async Task AValidCpfShowsTheHolderAndDependentsWithMaskedContacts()
    {
        await using var ctx = await ContextAsync();
        var cut = ctx.Render<BeneficiaryLookup>();
        await SearchAsync(cut, "529.982.247-25");
        cut.WaitForAssertion(() =>
        {
            var cards = cut.FindAll("[data-testid=member-card]");
            Assert.Equal(3, cards.Count);
            Assert.Contains("Maria Aparecida da Silva", cards[0].TextContent);
            Assert.Contains("(11) *****-4321", cards[0].TextContent);
            Assert.Contains("m***@e***.com.br", cards[0].TextContent);
            Assert.Contains("João Carlos da Silva", cut.Markup);
            Assert.Contains("Pedro Henrique da Silva", cut.Markup);
            Assert.DoesNotContain("98765-4321", cut.Markup);
        });
    }

    [Fact]
    public async Task AnInvalidCpfShowsTheMessageAndNoResult()
    {
        await using var ctx = await ContextAsync();
        var cut = ctx.Render<BeneficiaryLookup>();
        await SearchAsync(cut, "529.982.247-24");
        cut.WaitForAssertion(() =>
        {
            Assert.Contains("CPF inválido: confira os dígitos digitados.", cut.Markup);
            Assert.Empty(cut.FindAll("[data-testid=member-card]"));
        });
    }

    [Fact]
    public async Task LettersAreRefusedWithAClearMessage()
    {
        await using var ctx = await ContextAsync();
        var cut = ctx.Render<BeneficiaryLookup>();
        await SearchAsync(cut, "Maria da Silva");
        cut.WaitForAssertion(() => Assert.Contains("Use apenas números", cut.Markup));
    }

    [Fact]
    public async Task MissingContactsAreSaidAndTheWayToUpdateThemIsShown()
    {
        await using var ctx = await ContextAsync();
        var cut = ctx.Render<BeneficiaryLookup>();
        await SearchAsync(cut, "390.533.447-05");
        cut.WaitForAssertion(() =>
        {
            Assert.Contains("Sem celular e sem e-mail", cut.Find("[data-testid=contacts]").TextContent);
            var help = cut.Find("[data-testid=update-contacts]").TextContent;
            Assert.Contains("Portal do Cliente", help);
            Assert.Contains("3003-0000", help);
            Assert.Contains("segunda a sexta, das 09h às 18h", help);
        });
    }

    [Fact]
    public async Task TheMinorDependentIsShownReceivingThroughTheHolder()
    {
        await using var ctx = await ContextAsync();
        var cut = ctx.Render<BeneficiaryLookup>();
        await SearchAsync(cut, "9876540000010030");
        cut.WaitForAssertion(() => Assert.Contains("o token vai para o celular e o e-mail do titular", cut.Markup));
    }

    [Fact]
    public async Task AnInactiveBeneficiaryIsClearlyMarked()
    {
        await using var ctx = await ContextAsync();
        var cut = ctx.Render<BeneficiaryLookup>();
        await SearchAsync(cut, "714.602.380-01");
        cut.WaitForAssertion(() =>
        {
            Assert.Equal("INATIVO", cut.Find("[data-testid=inactive]").TextContent.Trim());
            Assert.Contains("Beneficiário inativo no plano", cut.Markup);
        });
    }

    [Fact]
    public async Task AnUnknownCpfSaysNothingWasFound()
    {
        await using var ctx = await ContextAsync();
        var cut = ctx.Render<BeneficiaryLookup>();
        await SearchAsync(cut, "123.456.789-09");
        cut.WaitForAssertion(() => Assert.Contains("Nenhum beneficiário encontrado", cut.Markup));
    }
}
