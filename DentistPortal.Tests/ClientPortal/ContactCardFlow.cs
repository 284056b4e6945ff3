using Bunit;
using DentistPortal.Components.Pages.ClientPortal;
using DentistPortal.Features.ClientPortal;
using DentistPortal.Features.Common;
using DentistPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Tests.ClientPortal;

/// <summary>"Meus contatos" card: masked contacts, the change form, the code field and its messages, on the real handlers.</summary>
public class ContactCardFlow(TestDatabase database) : IClassFixture<TestDatabase>
{
    private readonly PortalScenario s = new(database);

    private BunitContext Context() => DentistPortal.Tests.Components.ComponentContext.Create(database);

    private async Task<MyContactCard> CardAsync(int beneficiaryId, Actor? holder = null) =>
        (await s.Tokens.Handler<GetMyContactsHandler>().HandleAsync(holder ?? await s.MariaAsync())).Value!.Single(c => c.BeneficiaryId == beneficiaryId);

    [Fact]
    public async Task ContactsAreMaskedAndADependentWithoutContactsSaysItReceivesThroughTheHolder()
    {
        await using var ctx = Context();
        var maria = await s.MariaAsync();
        var selfCard = await CardAsync(await s.Tokens.BeneficiaryIdAsync(TokenScenario.MariaCpf));
        var pedroCard = await CardAsync(await s.Tokens.BeneficiaryIdAsync(TokenScenario.PedroCard));
        var self = ctx.Render<ContactCard>(p => p.Add(x => x.Card, selfCard).Add(x => x.Actor, maria));
        Assert.Equal("(11) *****-4321", self.Find("[data-testid=current-mobile]").TextContent.Trim());
        Assert.Equal("m***@e***.com.br", self.Find("[data-testid=current-email]").TextContent.Trim());
        Assert.Contains("Você", self.Markup);
        Assert.Contains(self.FindAll("button"), b => b.TextContent.Trim() == "Alterar celular");

        var pedro = ctx.Render<ContactCard>(p => p.Add(x => x.Card, pedroCard).Add(x => x.Actor, maria));
        Assert.Equal("não cadastrado", pedro.Find("[data-testid=current-mobile]").TextContent.Trim());
        Assert.Contains("pelo celular e pelo e-mail do titular", pedro.Find("[data-testid=through-holder]").TextContent);
        Assert.Contains(pedro.FindAll("button"), b => b.TextContent.Trim() == "Cadastrar celular");
        Assert.Contains(pedro.FindAll("button"), b => b.GetAttribute("aria-label") == "Cadastrar celular de Pedro Henrique da Silva");
    }

    [Fact]
    public async Task TheHolderChangesADependentsMobileWithTheCodeSentToIt()
    {
        await using var ctx = Context();
        // Lucas is a minor with his own mobile: his holder manages it (an adult dependent's is private, SPEC §9).
        var holder = await s.BeatrizAsync();
        var lucas = await s.Tokens.BeneficiaryIdAsync(PortalScenario.LucasCpf);
        var card = await CardAsync(lucas, holder);
        var cut = ctx.Render<ContactCard>(p => p.Add(x => x.Card, card).Add(x => x.Actor, holder)
            .Add(x => x.OnChanged, async () => { card = await CardAsync(lucas, holder); }));

        await cut.FindAll("button").Single(b => b.TextContent.Trim() == "Alterar celular").ClickAsync(new());
        // An invalid number is explained and nothing is sent.
        await cut.Find("#new-mobile-" + lucas).InputAsync(new() { Value = "(11) 3333-4444" });
        await cut.Find("[data-testid=change-form]").SubmitAsync();
        Assert.Contains("Celular inválido", cut.Find("[data-testid=contact-message]").TextContent);

        database.Codes.Enqueue("583001");
        await cut.Find("#new-mobile-" + lucas).InputAsync(new() { Value = "(11) 95830-0100" });
        await cut.Find("[data-testid=change-form]").SubmitAsync();
        Assert.Empty(cut.FindAll("[data-testid=contact-message]"));

        // The page reloads the card: now with the pending change, where the code went, and its code field.
        cut.Render(p => p.Add(x => x.Card, card));
        var pending = cut.Find("[data-testid=pending-change]");
        var pendingText = System.Text.RegularExpressions.Regex.Replace(pending.TextContent, @"\s+", " ");
        Assert.Contains("Enviamos um código de 6 números por SMS para o novo celular (11) *****-0100", pendingText);
        Assert.Contains("nada muda", pendingText);
        Assert.Contains("Você tem 5 tentativas.", pendingText);
        var requestId = card.Pending.Single().RequestId;

        await cut.Find($"#confirm-code-{requestId}").InputAsync(new() { Value = "583000" });
        await cut.Find("[data-testid=pending-change]").SubmitAsync();
        Assert.Equal("Código incorreto. Nada foi alterado. Restam 4 tentativas.", cut.Find("[data-testid=contact-message]").TextContent.Trim());
        await using (var db = await s.Tokens.ContextAsync())
            Assert.NotEqual("+5511958300100", (await db.Beneficiaries.SingleAsync(b => b.Id == lucas)).MobilePhone);

        cut.Render(p => p.Add(x => x.Card, card));
        await cut.Find($"#confirm-code-{requestId}").InputAsync(new() { Value = "583 001" });
        await cut.Find("[data-testid=pending-change]").SubmitAsync();
        var done = cut.Find("[data-testid=contact-message]").TextContent;
        Assert.Contains("Pronto: o celular de Lucas agora é (11) *****-0100", done);
        Assert.Contains("Avisamos o celular anterior", done);
        await using (var db = await s.Tokens.ContextAsync())
            Assert.Equal("+5511958300100", (await db.Beneficiaries.SingleAsync(b => b.Id == lucas)).MobilePhone);
        cut.Render(p => p.Add(x => x.Card, card));
        Assert.Empty(cut.FindAll("[data-testid=pending-change]"));
        Assert.Equal("(11) *****-0100", cut.Find("[data-testid=current-mobile]").TextContent.Trim());
    }
}
