using System.Security.Claims;
using AngleSharp.Dom;
using Bunit;
using DentistPortal.Components;
using DentistPortal.Components.Pages.Beneficiaries;
using DentistPortal.Components.Pages.ClientPortal;
using DentistPortal.Components.Pages.Treatments;
using DentistPortal.Domain.Beneficiaries;
using DentistPortal.Domain.Treatments;
using DentistPortal.Features.ClientPortal;
using DentistPortal.Features.Treatments;
using DentistPortal.Features.Contingency;
using DentistPortal.Infrastructure.Identity;
using DentistPortal.Tests.ClientPortal;
using DentistPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace DentistPortal.Tests.Components;

/// <summary>
/// Issue 14, "focus moved to the result or error after each action", the faults an outside tester found: the Portal do
/// Cliente's "Não solicitei" and contacts form, the signed-guide upload's refusal; and the names a screen reader lists:
/// one "Novo tratamento" link per beneficiary, named after them, and MudBlazor's own labels in pt-BR.
/// </summary>
public class FocusGoesToEachAnswer(TestDatabase database) : IClassFixture<TestDatabase>
{
    private const string FocusCall = "Blazor._internal.domWrapper.focus";

    private static string? RefOf(IElement element) => element.GetAttribute("blazor:elementReference");

    /// <summary>The element the last focus call named (bUnit records ElementReference.FocusAsync as a JS call).</summary>
    private static ElementReference? LastFocused(BunitContext ctx) =>
        ctx.JSInterop.Invocations[FocusCall].Select(i => i.Arguments[0]).OfType<ElementReference>().Cast<ElementReference?>().LastOrDefault();

    /// <summary>
    /// The last focus call named <paramref name="element"/>. bUnit prints a render's element references only when that render
    /// ran in its own dispatch; after a truly asynchronous handler it prints none, and then the call must at least name a
    /// drawn element (as <see cref="LiveAnnouncementsAndFocus"/> does).
    /// </summary>
    private static void AssertFocusedOn(BunitContext ctx, IElement element)
    {
        var focused = LastFocused(ctx);
        Assert.True(focused is not null, "Nenhum elemento recebeu o foco.");
        Assert.False(string.IsNullOrEmpty(focused!.Value.Id));
        Assert.Equal("-1", element.GetAttribute("tabindex"));
        if (RefOf(element) is { Length: > 0 } id) Assert.Equal(id, focused.Value.Id);
    }

    private static readonly DateTimeOffset Now = new(2026, 11, 25, 13, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task NaoSoliciteiMovesTheFocusToItsConfirmationQuestion()
    {
        await using var ctx = ComponentContext.Create(database);
        var token = new MyTokenView(1, 1, 1, 1, "Maria Aparecida da Silva", true, "123456", "2026000101",
            "Dra. Ana Beatriz Ferreira", "Clínica Sorriso Paulista", Now.AddHours(-1), Now.AddHours(47), null, DentistPortal.Domain.Tokens.TokenStatus.Active);
        var cut = ctx.Render<MyTokenList>(p => p.Add(x => x.Tokens, new MyTokens([token], [], [new(1, "Maria Aparecida da Silva", Relationship.Holder, true, null)]))
            .Add(x => x.Now, Now));
        Assert.Null(LastFocused(ctx));

        await cut.FindAll("button").Single(b => b.TextContent.Trim() == "Não solicitei este código").ClickAsync(new());

        cut.WaitForAssertion(() =>
        {
            var question = cut.Find("[data-testid=report-confirm]");
            Assert.Equal("alertdialog", question.GetAttribute("role"));
            AssertFocusedOn(ctx, question);
        });
    }

    /// <summary>The last focus call named this button (MudButton.FocusAsync focuses its own element).</summary>
    private static void AssertFocusedOnButton(BunitContext ctx, IElement button)
    {
        var focused = LastFocused(ctx);
        Assert.True(focused is not null, "Nenhum elemento recebeu o foco.");
        Assert.False(string.IsNullOrEmpty(focused!.Value.Id));
        if (RefOf(button) is { Length: > 0 } id) Assert.Equal(id, focused.Value.Id);
    }

    /// <summary>What <paramref name="closed"/> showed is gone and a focus call after <paramref name="callsBefore"/> named the button that opened it.</summary>
    private static void FocusCameBackTo(BunitContext ctx, IRenderedComponent<IComponent> cut, int callsBefore, string closed, string button) =>
        cut.WaitForAssertion(() =>
        {
            Assert.Empty(cut.FindAll(closed));
            Assert.True(ctx.JSInterop.Invocations[FocusCall].Count > callsBefore, $"O foco não voltou a \"{button}\".");
            AssertFocusedOnButton(ctx, cut.FindAll("button").Single(b => b.TextContent.Trim() == button));
        });

    /// <summary>Maria's own contact card in the Portal do Cliente, signed in as her; her beneficiary id names its fields.</summary>
    private async Task<(IRenderedComponent<ContactCard> Cut, int MariaId)> RenderMariasContactCardAsync(BunitContext ctx)
    {
        var s = new PortalScenario(database);
        var maria = await s.MariaAsync();
        var mariaId = await s.Tokens.BeneficiaryIdAsync(TokenScenario.MariaCpf);
        var card = (await s.Tokens.Handler<GetMyContactsHandler>().HandleAsync(maria)).Value!.Single(c => c.BeneficiaryId == mariaId);
        return (ctx.Render<ContactCard>(p => p.Add(x => x.Card, card).Add(x => x.Actor, maria)), mariaId);
    }

    private IRenderedComponent<MyTokenList> RenderMariasToken(BunitContext ctx)
    {
        var token = new MyTokenView(1, 1, 1, 1, "Maria Aparecida da Silva", true, "123456", "2026000101",
            "Dra. Ana Beatriz Ferreira", "Clínica Sorriso Paulista", Now.AddHours(-1), Now.AddHours(47), null, DentistPortal.Domain.Tokens.TokenStatus.Active);
        return ctx.Render<MyTokenList>(p => p.Add(x => x.Tokens, new MyTokens([token], [], [new(1, "Maria Aparecida da Silva", Relationship.Holder, true, null)]))
            .Add(x => x.Now, Now));
    }

    [Theory]
    [InlineData("Voltar")]
    [InlineData("Escape")]
    public async Task ClosingTheNaoSoliciteiQuestionGivesTheFocusBackToItsButton(string how)
    {
        // The outside tester: "Voltar" removed the question and the focus fell to <body> (a screen reader lost its place);
        // Escape did nothing on an alertdialog.
        await using var ctx = ComponentContext.Create(database);
        var cut = RenderMariasToken(ctx);
        await cut.FindAll("button").Single(b => b.TextContent.Trim() == "Não solicitei este código").ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=report-confirm]")));
        var calls = ctx.JSInterop.Invocations[FocusCall].Count;

        if (how == "Escape") await cut.Find("[data-testid=report-confirm]").KeyDownAsync(new KeyboardEventArgs { Key = "Escape" });
        else await cut.FindAll("button").Single(b => b.TextContent.Trim() == "Voltar").ClickAsync(new());

        FocusCameBackTo(ctx, cut, calls, closed: "[data-testid=report-confirm]", button: "Não solicitei este código");
    }

    [Fact]
    public async Task CancellingANewContactGivesTheFocusBackToAlterarAndAnEmptyOneIsAnsweredNotIgnored()
    {
        await using var ctx = ComponentContext.Create(database);
        var (cut, mariaId) = await RenderMariasContactCardAsync(ctx);

        await cut.FindAll("button").Single(b => b.TextContent.Trim() == "Alterar celular").ClickAsync(new());
        // "Enviar código" is never off for an empty field: Enter typed before the server saw the text used to do nothing.
        var send = cut.FindAll("button").Single(b => b.TextContent.Trim() == "Enviar código");
        Assert.False(send.HasAttribute("disabled"));
        await cut.Find("[data-testid=change-form]").SubmitAsync();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.Find("[data-testid=contact-message]").TextContent.Trim()));

        var calls = ctx.JSInterop.Invocations[FocusCall].Count;
        await cut.FindAll("button").Single(b => b.TextContent.Trim() == "Cancelar").ClickAsync(new());
        FocusCameBackTo(ctx, cut, calls, closed: "[data-testid=change-form]", button: "Alterar celular");
    }

    [Fact]
    public async Task CancellingTheCodeMovesTheFocusToWhatHappensNext()
    {
        var s = new PortalScenario(database);
        var t = await s.TokenForAsync(TokenScenario.MariaCpf, "765431");
        var maria = await s.MariaAsync();
        var tokens = await s.MyTokensAsync(maria);
        await using var ctx = ComponentContext.Create(database);
        var cut = ctx.Render<MyTokenList>(p => p.Add(x => x.Tokens, tokens).Add(x => x.Now, database.Clock.GetUtcNow()).Add(x => x.Actor, maria));

        await cut.Find($"[data-testid=my-token][data-number='{t.Number}']").QuerySelectorAll("button")
            .Single(b => b.TextContent.Trim() == "Não solicitei este código").ClickAsync(new());
        await cut.FindAll("button").Single(b => b.TextContent.Trim() == "Sim, cancelar o código").ClickAsync(new());

        cut.WaitForAssertion(() =>
        {
            var box = cut.Find("[data-testid=portal-message-box]");
            Assert.Contains($"Cancelamos o código do tratamento nº {t.Number}", box.TextContent);
            AssertFocusedOn(ctx, box);
        });
    }

    [Fact]
    public async Task ARefusedNewMobileMovesTheFocusToWhyAndTheFormOpensOnItsField()
    {
        await using var ctx = ComponentContext.Create(database);
        var (cut, mariaId) = await RenderMariasContactCardAsync(ctx);

        await cut.FindAll("button").Single(b => b.TextContent.Trim() == "Alterar celular").ClickAsync(new());
        // The form opens with the focus in the new number's field (MudBlazor's field focuses its own input).
        cut.WaitForAssertion(() => Assert.NotNull(LastFocused(ctx)));
        var calls = ctx.JSInterop.Invocations[FocusCall].Count;

        await cut.Find("#new-mobile-" + mariaId).InputAsync(new() { Value = "(11) 3333-4444" });
        await cut.Find("[data-testid=change-form]").SubmitAsync();

        cut.WaitForAssertion(() =>
        {
            var box = cut.Find("[data-testid=contact-message-box]");
            Assert.Contains("Celular inválido", box.TextContent);
            Assert.True(ctx.JSInterop.Invocations[FocusCall].Count > calls, "A recusa não recebeu o foco.");
            AssertFocusedOn(ctx, box);
        });
    }

    [Fact]
    public async Task ARefusedSignedGuideMovesTheFocusToTheRefusal()
    {
        await using var ctx = ComponentContext.Create(database);
        var view = new TreatmentView(1, "2026000001", TreatmentStatus.Submitted, DateTimeOffset.UnixEpoch, 1, "Maria", "9876 5400 0001 0014", true,
            new ContactRoute(null, null, false), "d", "Dra. Ana", 1, "Clínica", [], [], 0, 10, null, null, null);
        var cut = ctx.Render<SignedGuidePanel>(p => p.Add(x => x.View, view));
        cut.FindComponent<Microsoft.AspNetCore.Components.Forms.InputFile>().UploadFiles(InputFileContent.CreateFromBinary([], "guia.pdf"));
        cut.WaitForAssertion(() =>
        {
            var box = cut.Find("[data-testid=upload-message-box]");
            Assert.Equal(RegisterSignedGuideHandler.EmptyMessage, box.TextContent.Trim());
            AssertFocusedOn(ctx, box);
        });
    }

    [Fact]
    public async Task EachNewTreatmentLinkIsNamedAfterItsBeneficiary()
    {
        await using var ctx = new BunitContext();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddMudServices();
        TestDatabase.AddPortal(ctx.Services, database.Configuration);
        var actor = await DemoActors.ForAsync(database.Services, "dentista@demo.local", DemoActors.SaoPauloCnpj);
        var auth = ctx.AddAuthorization();
        auth.SetAuthorized("dentista@demo.local");
        auth.SetRoles([.. actor.Roles]);
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, actor.UserId),
            new Claim(PortalClaims.ClinicId, actor.ClinicId!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        ctx.SetRendererInfo(new RendererInfo("Server", true));
        var cut = ctx.Render<BeneficiaryLookup>();
        await cut.Find("input#lookup-term").InputAsync(new ChangeEventArgs { Value = TokenScenario.MariaCpf });
        await cut.Find("form.dp-lookup").SubmitAsync();

        cut.WaitForAssertion(() =>
        {
            var links = cut.FindAll("a[href*='novo-tratamento']");
            Assert.True(links.Count >= 2, $"{links.Count} link(s)");
            var names = links.Select(l => l.GetAttribute("aria-label")).ToList();
            Assert.Equal(names.Count, names.Distinct().Count());
            Assert.Contains("Novo tratamento para Maria Aparecida da Silva", names);
            // The visible text stays "Novo tratamento" and the name starts with it (WCAG 2.5.3, label in name).
            Assert.All(links, l => Assert.Equal("Novo tratamento", l.TextContent.Trim()));
            Assert.All(names, n => Assert.StartsWith("Novo tratamento para ", n));
        });
    }

    [Fact]
    public void MudBlazorsOwnLabelsArePortuguese()
    {
        var localizer = new PortalMudLocalizer();
        Assert.Equal("Abrir ou fechar Administração", localizer["MudNavGroup_ToggleExpand", "Administração"].Value);
        Assert.Equal("Mês anterior (maio)", localizer["MudBaseDatePicker_PrevMonth", "(maio)"].Value);
        Assert.True(localizer["MudDataGrid_Unsort"].ResourceNotFound); // not listed: MudBlazor keeps its own text
    }

    [Fact]
    public async Task TheAdministrationGroupIsNamedInPortuguese()
    {
        System.Globalization.CultureInfo.CurrentUICulture = System.Globalization.CultureInfo.GetCultureInfo("pt-BR"); // as Program sets it
        await using var ctx = new BunitContext();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddMudServices();
        ctx.Services.AddTransient<MudLocalizer, PortalMudLocalizer>(); // as Program registers it
        var cut = ctx.Render<MudNavGroup>(p => p.Add(x => x.Title, "Administração"));
        Assert.Equal("Abrir ou fechar Administração", cut.Find("button").GetAttribute("aria-label"));
    }
}
