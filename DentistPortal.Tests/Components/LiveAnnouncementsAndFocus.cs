using System.Security.Claims;
using Bunit;
using DentistPortal.Components.Pages.Beneficiaries;
using DentistPortal.Components.Pages.LateTokens;
using DentistPortal.Components.Pages.Treatments;
using DentistPortal.Components.Shared;
using DentistPortal.Domain.Beneficiaries;
using DentistPortal.Domain.Messaging;
using DentistPortal.Domain.Tokens;
using DentistPortal.Domain.Treatments;
using DentistPortal.Features.LateTokens;
using DentistPortal.Features.Support;
using DentistPortal.Features.Treatments;
using DentistPortal.Infrastructure.Identity;
using DentistPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace DentistPortal.Tests.Components;

/// <summary>
/// Issue 14, "Keyboard only": status that changes by itself is said by live regions that stay in the page (polite for
/// status, assertive for the patient's cancellation), countdowns speak at steps and not every tick, and after a search
/// the focus goes to its answer.
/// </summary>
public class LiveAnnouncementsAndFocus(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 13, 0, 0, TimeSpan.Zero);

    private static TreatmentView View(TokenStatus token, DeliveryStatus sms, ItemAuthorization second = ItemAuthorization.Authorized) =>
        new TreatmentView(1, "2026000001", TreatmentStatus.Submitted, Now, 1, "Maria Aparecida da Silva", "9876 5400 0001 0014", true,
            new ContactRoute("(11) *****-4321", "m***@e***.com.br", false), "d", "Dra. Ana Beatriz Ferreira", 1, "Clínica Sorriso Paulista",
            [new TreatmentItemView(1, "81000030", "Consulta odontológica", null, null, null, 1, ItemAuthorization.Authorized, null),
             new TreatmentItemView(2, "85400157", "Coroa total metalo cerâmica", 16, null, null, 1, second, null)],
            [new TokenView(1, 1, token, Now, Now.AddHours(48), null, 0, 5, null,
                [new DeliveryView(1, DeliveryChannel.Sms, "(11) *****-4321", false, sms, sms == DeliveryStatus.Pending ? 0 : 1, null, null),
                 new DeliveryView(2, DeliveryChannel.Email, "m***@e***.com.br", false, DeliveryStatus.Pending, 0, null, null)])],
            0, 10, null, null, null)
        {
            Permissions = new(CanView: true, CanGenerate: true, CanValidate: true, CanValidateForCentral: false, CanMarkLate: true, CanPrintGuide: true,
                CanReadGuide: true, CanUploadSignedGuide: true, CanDownloadSignedGuide: true, CanRevoke: false, CanSubmit: true),
        };

    private IRenderedComponent<TokenPanel> RenderPanel(BunitContext ctx, TreatmentView view) =>
        ctx.Render<TokenPanel>(p => p
            .Add(x => x.View, view)
            .Add(x => x.Support, database.Services.CreateScope().ServiceProvider.GetRequiredService<GetSupportChannelsHandler>().Handle()));

    [Fact]
    public async Task TheDeliveryStatusIsSaidPolitelyWhenTheDispatcherSendsTheSms()
    {
        await using var ctx = ComponentContext.Create(database);
        var cut = RenderPanel(ctx, View(TokenStatus.Active, DeliveryStatus.Pending));
        var region = cut.Find("[data-testid=token-live-status]");
        Assert.Equal("polite", region.GetAttribute("aria-live"));
        Assert.Equal("status", region.GetAttribute("role"));
        Assert.Contains("SMS: Enviando", region.TextContent);

        cut.Render(p => p.Add(x => x.View, View(TokenStatus.Active, DeliveryStatus.Sent)));
        Assert.Contains("SMS: Enviado.", cut.Find("[data-testid=token-live-status]").TextContent);
        Assert.Equal("", cut.Find("[data-testid=token-live-alert]").TextContent.Trim());
    }

    [Fact]
    public async Task ThePatientsCancellationIsSaidAssertivelyInARegionThatWasAlreadyThere()
    {
        await using var ctx = ComponentContext.Create(database);
        var cut = RenderPanel(ctx, View(TokenStatus.Active, DeliveryStatus.Sent));
        var alert = cut.Find("[data-testid=token-live-alert]");
        Assert.Equal("assertive", alert.GetAttribute("aria-live"));
        Assert.Equal("", alert.TextContent.Trim());

        cut.Render(p => p.Add(x => x.View, View(TokenStatus.Revoked, DeliveryStatus.Sent)));
        Assert.Contains("o paciente cancelou o token nº 1", cut.Find("[data-testid=token-live-alert]").TextContent);
        Assert.Equal("", cut.Find("[data-testid=token-live-status]").TextContent.Trim());
    }

    [Fact]
    public async Task TheTokensCountdownSpeaksAtStepsAndNotAtEveryTick()
    {
        await using var ctx = ComponentContext.Create(database);
        var until = Now.AddMinutes(70);
        var cut = ctx.Render<Countdown>(p => p.Add(x => x.Until, until).Add(x => x.Now, Now).Add(x => x.AnnounceAs, "Validade do token nº 1"));
        var live = cut.Find("[data-testid=countdown-live]");
        Assert.Equal("polite", live.GetAttribute("aria-live"));
        Assert.Equal("", live.TextContent); // more than one hour left: silent

        var said = new List<string>();
        for (var t = Now; t <= until.AddMinutes(1); t = t.AddSeconds(30)) // the page's 30 s clock
        {
            cut.Render(p => p.Add(x => x.Now, t));
            var text = cut.Find("[data-testid=countdown-live]").TextContent;
            if (text.Length > 0 && (said.Count == 0 || said[^1] != text)) said.Add(text);
        }
        Assert.Equal(
        [
            "Validade do token nº 1: faltam menos de 60 min.", "Validade do token nº 1: faltam menos de 30 min.",
            "Validade do token nº 1: faltam menos de 15 min.", "Validade do token nº 1: faltam menos de 10 min.",
            "Validade do token nº 1: faltam menos de 5 min.", "Validade do token nº 1: faltam menos de 2 min.",
            "Validade do token nº 1: faltam menos de 1 min.", "Validade do token nº 1: expirado.",
        ], said);
    }

    [Fact]
    public async Task TheTokenPanelsCountdownIsAnnounced()
    {
        await using var ctx = ComponentContext.Create(database);
        var cut = RenderPanel(ctx, View(TokenStatus.Active, DeliveryStatus.Sent));
        Assert.Single(cut.FindAll("[data-testid=current-token] [data-testid=countdown-live]"));
    }

    [Fact]
    public async Task ALateTokensCountdownNamesThePatientInItsLastMinutes()
    {
        await using var ctx = ComponentContext.Create(database);
        IReadOnlyList<LateTokenRow> rows = [new(1, "2026000001", "Roberto Nunes Costa", "Dra. Ana Beatriz Ferreira", 1, Now.AddHours(2).AddMinutes(5), false)];
        var cut = ctx.Render<LateTokenList>(p => p.Add(x => x.Rows, rows).Add(x => x.Now, Now));
        Assert.Equal("", cut.Find("[data-testid=countdown-live]").TextContent);

        cut.Render(p => p.Add(x => x.Now, Now.AddHours(2).AddMinutes(1)));
        Assert.Equal("Token tardio de Roberto Nunes Costa: faltam menos de 5 min.", cut.Find("[data-testid=countdown-live]").TextContent);
        cut.Render(p => p.Add(x => x.Now, Now.AddHours(2).AddMinutes(1).AddSeconds(1)));
        Assert.Equal("Token tardio de Roberto Nunes Costa: faltam menos de 5 min.", cut.Find("[data-testid=countdown-live]").TextContent);
    }

    [Fact]
    public void TheAuditorsDecisionArrivingLiveIsSaidOnceForTheProcedureDecided()
    {
        var before = View(TokenStatus.Active, DeliveryStatus.Sent, ItemAuthorization.UnderReview);
        var after = View(TokenStatus.Active, DeliveryStatus.Sent, ItemAuthorization.Authorized);
        Assert.Equal("Decisão da auditoria: 85400157 autorizado.", TokenAnnouncements.ReviewDecisions(before, after));
        Assert.Equal("Decisão da auditoria: 85400157 negado.",
            TokenAnnouncements.ReviewDecisions(before, View(TokenStatus.Active, DeliveryStatus.Sent, ItemAuthorization.Denied)));
        Assert.Equal("", TokenAnnouncements.ReviewDecisions(after, after));
        Assert.Equal("", TokenAnnouncements.ReviewDecisions(null, after));
    }

    private Task<BunitContext> LookupContextAsync() =>
        ComponentContext.SignedInAsync(database, "recepcao@demo.local", DemoActors.SaoPauloCnpj);

    private static async Task SearchAsync(IRenderedComponent<BeneficiaryLookup> cut, string term)
    {
        await cut.Find("input#lookup-term").InputAsync(new ChangeEventArgs { Value = term });
        await cut.Find("form.dp-lookup").SubmitAsync();
    }

    private static string? RefOf(AngleSharp.Dom.IElement element) => element.GetAttribute("blazor:elementReference");

    [Fact]
    public async Task AfterAFailedLookupTheFocusGoesToTheNotFoundAnswer()
    {
        await using var ctx = await LookupContextAsync();
        var cut = ctx.Render<BeneficiaryLookup>();
        await SearchAsync(cut, "123.456.789-09");
        cut.WaitForAssertion(() =>
        {
            var box = cut.Find("[data-testid=lookup-not-found]").ParentElement!;
            Assert.Equal("-1", box.GetAttribute("tabindex"));
            Assert.Equal(RefOf(box), ctx.JSInterop.VerifyFocusAsyncInvoke().Arguments[0] is ElementReference r ? r.Id : null);
        });
    }

    [Fact]
    public async Task AfterAnInvalidTermTheFocusGoesBackToTheFieldThatSaysWhy()
    {
        await using var ctx = await LookupContextAsync();
        var cut = ctx.Render<BeneficiaryLookup>();
        await SearchAsync(cut, "12");
        cut.WaitForAssertion(() =>
        {
            // bUnit does not print the reference of an element with @bind: the field is the one focus target left
            // (no result, no "não encontrado"), and it says why.
            Assert.Equal("true", cut.Find("input#lookup-term").GetAttribute("aria-invalid"));
            Assert.Empty(cut.FindAll("[data-testid=lookup-not-found]"));
            Assert.Empty(cut.FindAll("[data-testid=lookup-result]"));
            Assert.IsType<ElementReference>(ctx.JSInterop.VerifyFocusAsyncInvoke().Arguments[0]);
        });
    }

    // On PostgreSQL (handlers truly asynchronous) the old lookup chose its target when an earlier render was acknowledged
    // and named an element not drawn yet; FocusAfterRender waits for the render that draws it (both passes run this;
    // the real browser proves it in KeyboardOnlyFlows). bUnit prints the render's element references only when the
    // render ran inside its own dispatch: after a truly asynchronous handler it prints them empty, and then the one focus
    // call is checked to name a drawn element.
    [Fact]
    public async Task AfterAFoundLookupTheFocusGoesToTheResult()
    {
        await using var ctx = await LookupContextAsync();
        var cut = ctx.Render<BeneficiaryLookup>();
        await SearchAsync(cut, "529.982.247-25");
        cut.WaitForAssertion(() =>
        {
            var section = RefOf(cut.Find("[data-testid=lookup-result]"));
            var focused = Assert.IsType<ElementReference>(ctx.JSInterop.VerifyFocusAsyncInvoke().Arguments[0]);
            Assert.False(string.IsNullOrEmpty(focused.Id));
            if (!string.IsNullOrEmpty(section)) Assert.Equal(section, focused.Id);
        });
    }
}
