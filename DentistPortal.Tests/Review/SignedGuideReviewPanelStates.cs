using DentistPortal.Domain.Tiss;
using AngleSharp.Dom;
using Bunit;
using DentistPortal.Components.Pages.Auditor;
using DentistPortal.Domain.Contingency;
using DentistPortal.Domain.Treatments;
using DentistPortal.Features.Common;
using DentistPortal.Features.Contingency;
using DentistPortal.Features.Treatments;
using DentistPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Tests.Review;

/// <summary>The auditor's signed-guide screen in each of its states (bUnit, real handlers on the fixture's database).</summary>
public class SignedGuideReviewPanelStates(TestDatabase database) : IClassFixture<TestDatabase>
{
    private readonly TokenScenario s = new(database);

    private async Task<(int Id, string Number)> UploadedAsync(byte[] scan, string name)
    {
        var dentist = await s.DentistAsync();
        var created = await s.Handler<CreateTreatmentHandler>().HandleAsync(new(await s.ReferenceAsync(TokenScenario.MariaCpf, dentist),
            [new("81000030", null, null, null), new("81000049", null, null, null), new("85400157", 16, null, null)]), dentist);
        Assert.True((await s.Handler<SubmitForAuthorizationHandler>().HandleAsync(new(created.Value!.Id), dentist)).IsOk);
        var staff = await s.StaffAsync();
        Assert.True((await s.Handler<RecordContingencyHandler>().HandleAsync(new(created.Value.Number, Tuss74.NoMobilePhone), staff)).IsOk);
        var uploaded = await s.Handler<RegisterSignedGuideHandler>().HandleAsync(new(created.Value.Id, name, scan), staff);
        Assert.True(uploaded.IsOk, string.Join(";", uploaded.Errors));
        return (created.Value.Id, created.Value.Number);
    }

    private static IRenderedComponent<SignedGuideReviewPanel> Render(BunitContext ctx, Actor actor)
    {
        var cut = ctx.Render<SignedGuideReviewPanel>(p => p.Add(x => x.Actor, actor));
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[aria-label='Carregando as guias']")));
        return cut;
    }

    private static IElement Item(IRenderedComponent<SignedGuideReviewPanel> cut, string number) => cut.Find($"[data-testid=guide-review-item][data-number='{number}']");

    private static IElement Row(IElement item, string tuss) => item.QuerySelector($"[data-testid=guide-row][data-tuss='{tuss}']")!;

    // Found and clicked on the renderer's dispatcher: a re-render finishing in between (asynchronous on PostgreSQL)
    // cannot leave the click on a handler id that no longer exists.
    private static Task ClickAsync(IRenderedComponent<SignedGuideReviewPanel> cut, string number, string text) =>
        cut.InvokeAsync(() => Item(cut, number).QuerySelectorAll("button").Single(b => b.TextContent.Trim() == text).ClickAsync(new()));

    private string Today => DentistPortal.Domain.Common.BrazilTime.Today(database.Clock.GetUtcNow()).ToString("yyyy-MM-dd");

    [Fact]
    public async Task TheAuditorSeesThePdfInlineBesideTheAuthorizedRowsWithACheckAndADateEach()
    {
        var (_, number) = await UploadedAsync(ScanFiles.Pdf(), "guia.pdf");
        await using var ctx = Components.ComponentContext.Create(database);

        var cut = Render(ctx, await DemoActors.ForAsync(database.Services, "auditor@demo.local"));

        var item = Item(cut, number);
        var preview = item.QuerySelector("iframe[data-testid=guide-preview]")!;
        Assert.Equal($"tratamentos/{number}/guia-assinada?envio=1&ver=1#view=FitH&navpanes=0", preview.GetAttribute("src")); // page width, no thumbnails
        Assert.Contains(number, preview.GetAttribute("title"));
        Assert.Equal(["81000030", "81000049"], item.QuerySelectorAll("[data-testid=guide-row]").Select(r => r.GetAttribute("data-tuss")));
        foreach (var tuss in new[] { "81000030", "81000049" })
        {
            Assert.NotNull(Row(item, tuss).QuerySelector("input[type=checkbox]"));
            Assert.Equal(Today, Row(item, tuss).QuerySelector("input[type=date]")!.GetAttribute("max"));
        }
        Assert.Contains("85400157", item.TextContent); // listed as not signable, without a check
        Assert.Contains("Confirmar procedimentos marcados", item.TextContent);
        Assert.Contains("Devolver à clínica", item.TextContent);
        Assert.Contains("Maria Aparecida da Silva", item.TextContent);
    }

    [Fact]
    public async Task AnImageScanIsShownAsAnImage()
    {
        var (_, number) = await UploadedAsync(ScanFiles.Png(), "foto.png");
        await using var ctx = Components.ComponentContext.Create(database);
        var cut = Render(ctx, await DemoActors.ForAsync(database.Services, "auditor@demo.local"));
        var img = Item(cut, number).QuerySelector("img[data-testid=guide-preview]")!;
        Assert.Equal($"tratamentos/{number}/guia-assinada?envio=1&ver=1", img.GetAttribute("src"));
        Assert.Contains("Digitalização da guia assinada", img.GetAttribute("alt"));
    }

    [Fact]
    public async Task AMarkedRowNeedsItsDateThenTheConfirmationValidatesAndTheGuideLeavesTheQueue()
    {
        var (id, number) = await UploadedAsync(ScanFiles.Pdf(), "guia.pdf");
        await using var ctx = Components.ComponentContext.Create(database);
        var cut = Render(ctx, await DemoActors.ForAsync(database.Services, "auditor@demo.local"));

        Row(Item(cut, number), "81000049").QuerySelector("input[type=checkbox]")!.Change(true);
        await ClickAsync(cut, number, "Confirmar procedimentos marcados");
        cut.WaitForAssertion(() => Assert.Contains("Informe a data de realização do procedimento 81000049", Item(cut, number).QuerySelector("[data-testid=guide-review-error]")!.TextContent));

        Row(Item(cut, number), "81000049").QuerySelector("input[type=date]")!.Change(Today);
        await ClickAsync(cut, number, "Confirmar procedimentos marcados");

        cut.WaitForAssertion(() => Assert.Contains($"Guia do tratamento nº {number} conferida: 1 procedimento confirmado", cut.Find("[data-testid=guide-review-message]").TextContent));
        Assert.Empty(cut.FindAll($"[data-testid=guide-review-item][data-number='{number}']"));
        await using var db = await s.ContextAsync();
        Assert.Equal(TreatmentStatus.ValidatedBySignedGuide, (await db.Treatments.SingleAsync(t => t.Id == id)).Status);
    }

    [Fact]
    public async Task ReturningWithOutroNeedsADescriptionThenTheClinicGetsTheGuideBack()
    {
        var (id, number) = await UploadedAsync(ScanFiles.Jpeg(), "foto.jpg");
        await using var ctx = Components.ComponentContext.Create(database);
        var cut = Render(ctx, await DemoActors.ForAsync(database.Services, "auditor@demo.local"));

        Assert.True(Item(cut, number).QuerySelectorAll("button").Single(b => b.TextContent.Trim() == "Devolver à clínica").HasAttribute("disabled"));
        var other = Item(cut, number).QuerySelectorAll("input[type=radio]").Last(); // "Outro"
        other.Click();
        cut.WaitForAssertion(() => Assert.Contains("Descreva o motivo (obrigatório)", Item(cut, number).TextContent));
        await ClickAsync(cut, number, "Devolver à clínica");
        cut.WaitForAssertion(() => Assert.Contains("Descreva o motivo da devolução", Item(cut, number).QuerySelector("[data-testid=guide-review-error]")!.TextContent));

        Item(cut, number).QuerySelector("textarea")!.Input("Foto tirada de outra guia.");
        await ClickAsync(cut, number, "Devolver à clínica");

        cut.WaitForAssertion(() => Assert.Contains("devolvida à clínica (Outro: Foto tirada de outra guia.)", cut.Find("[data-testid=guide-review-message]").TextContent));
        await using var db = await s.ContextAsync();
        Assert.Equal(TreatmentStatus.SignedGuideRejected, (await db.Treatments.SingleAsync(t => t.Id == id)).Status);
    }

    [Fact]
    public async Task TheAdminReadsTheQueueWithoutActions()
    {
        var (_, number) = await UploadedAsync(ScanFiles.Pdf(), "guia.pdf");
        await using var ctx = Components.ComponentContext.Create(database);
        var cut = Render(ctx, await DemoActors.ForAsync(database.Services, "admin@demo.local"));
        Assert.NotNull(cut.Find("[data-testid=guide-review-readonly]"));
        var item = Item(cut, number);
        Assert.NotNull(item.QuerySelector("[data-testid=guide-preview]"));
        Assert.Empty(item.QuerySelectorAll("button"));
        Assert.Empty(item.QuerySelectorAll("input[type=checkbox]"));
    }

    [Fact]
    public async Task AClinicUserIsToldTheQueueIsNotForThem()
    {
        await using var ctx = Components.ComponentContext.Create(database);
        var cut = Render(ctx, await s.StaffAsync());
        Assert.NotNull(cut.Find("[data-testid=guide-review-forbidden]"));
        Assert.Empty(cut.FindAll("[data-testid=guide-review-item]"));
    }
}
