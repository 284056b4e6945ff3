using Bunit;
using DentistPortal.Components.Pages.Treatments;
using DentistPortal.Domain.Beneficiaries;
using DentistPortal.Domain.Contingency;
using DentistPortal.Domain.Treatments;
using DentistPortal.Features.Contingency;
using DentistPortal.Features.Treatments;
using DentistPortal.Domain.Tiss;
using DentistPortal.Tests.Infrastructure;

namespace DentistPortal.Tests.Components;

/// <summary>The signed-guide upload refuses bad files with a clear message before anything is stored.</summary>
public class SignedGuideUpload(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static TreatmentView View() => new(1, "2026000001", TreatmentStatus.Submitted, DateTimeOffset.UnixEpoch, 1, "Maria", "9876 5400 0001 0014", true,
        new ContactRoute(null, null, false), "d", "Dra. Ana", 1, "Clínica", [], [], 0, 10, null, null, null);

    [Fact]
    public async Task AnEmptyFileIsRefused()
    {
        await using var ctx = ComponentContext.Create(database);
        var cut = ctx.Render<SignedGuidePanel>(p => p.Add(x => x.View, View()));
        cut.FindComponent<Microsoft.AspNetCore.Components.Forms.InputFile>().UploadFiles(InputFileContent.CreateFromBinary([], "guia.pdf"));
        cut.WaitForAssertion(() => Assert.Equal(RegisterSignedGuideHandler.EmptyMessage, cut.Find("[data-testid=upload-message]").TextContent.Trim()));
        Assert.True(cut.FindAll("button").Single(b => b.TextContent.Contains("Registrar guia assinada")).HasAttribute("disabled"));
    }

    [Fact]
    public async Task AnOversizeFileIsRefusedBeforeItIsRead()
    {
        await using var ctx = ComponentContext.Create(database);
        var cut = ctx.Render<SignedGuidePanel>(p => p.Add(x => x.View, View()));
        cut.FindComponent<Microsoft.AspNetCore.Components.Forms.InputFile>().UploadFiles(InputFileContent.CreateFromBinary(new byte[ScanFormat.MaxBytes + 1], "guia.pdf"));
        cut.WaitForAssertion(() => Assert.Equal(RegisterSignedGuideHandler.TooLargeMessage, cut.Find("[data-testid=upload-message]").TextContent.Trim()));
    }

    [Fact]
    public async Task ARenamedExecutableIsRefusedByTheHandlerWithTheFormatMessage()
    {
        await using var ctx = ComponentContext.Create(database);
        var s = new TokenScenario(database);
        var id = await s.SubmittedTreatmentAsync();
        var staff = await s.StaffAsync();
        // The guide was printed (a precondition checked before the file is read, issue 10), so the content is what is refused.
        string number;
        await using (var db = await s.ContextAsync()) number = db.Treatments.Where(t => t.Id == id).Select(t => t.Number).Single();
        Assert.True((await s.Handler<RecordContingencyHandler>().HandleAsync(new(number, Tuss74.RefusedToInform), staff)).IsOk);
        var cut = ctx.Render<SignedGuidePanel>(p => p.Add(x => x.View, View() with { Id = id }).Add(x => x.Actor, staff));
        cut.FindComponent<Microsoft.AspNetCore.Components.Forms.InputFile>().UploadFiles(InputFileContent.CreateFromBinary([0x4D, 0x5A, 0x90, 0, 3, 0, 0, 0], "guia.pdf"));
        await cut.FindAll("button").Single(b => b.TextContent.Contains("Registrar guia assinada")).ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Equal(RegisterSignedGuideHandler.FormatMessage, cut.Find("[data-testid=upload-message]").TextContent.Trim()));
    }
}

/// <summary>What the clinic reads on the treatment while the guide is reviewed, after it is returned, and at the cap (issue 9 §1).</summary>
public class SignedGuidePanelStates(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static TreatmentView View(TreatmentStatus status, SignedGuideState state) => new(1, "2026000001", status, DateTimeOffset.UnixEpoch, 1, "Maria", "9876 5400 0001 0014", true,
        new ContactRoute(null, null, false), "d", "Dra. Ana", 1, "Clínica", [], [], 0, 10, null, null, null, state);

    private static SignedGuideSubmissionView Submission(int n, SignedGuideStatus status, string? rejection = null, IReadOnlyList<PerformedItemView>? performed = null) =>
        new(n, status, new DateTimeOffset(2026, 11, 25, 13, 0, 0, TimeSpan.Zero), "Fernanda Oliveira", null, rejection, performed ?? []);

    [Fact]
    public async Task WhileUnderReviewTheClinicIsToldItIsNotValidatedYetAndCannotUploadAgain()
    {
        await using var ctx = ComponentContext.Create(database);
        var cut = ctx.Render<SignedGuidePanel>(p => p.Add(x => x.View, View(TreatmentStatus.SignedGuideUnderReview,
            new(Submission(1, SignedGuideStatus.UnderReview), 1, 3, "Já há uma guia assinada deste tratamento em conferência pela auditoria. Aguarde a decisão."))));
        var text = cut.Find("[data-testid=signed-guide-under-review]").TextContent;
        Assert.Contains("em conferência pela auditoria (envio 1 de 3", text);
        Assert.Contains("só fica validado depois que a auditoria confirmar", text);
        Assert.Empty(cut.FindAll("#signed-guide-file"));
        Assert.Empty(cut.FindAll("[data-testid=signed-guide-ok]"));
    }

    [Fact]
    public async Task AReturnedGuideShowsTheReasonAndOffersToSendAgain()
    {
        await using var ctx = ComponentContext.Create(database);
        var cut = ctx.Render<SignedGuidePanel>(p => p.Add(x => x.View, View(TreatmentStatus.SignedGuideRejected,
            new(Submission(1, SignedGuideStatus.Rejected, "Ilegível: foto tremida"), 1, 3, null))));
        Assert.Contains("Ilegível: foto tremida", cut.Find("[data-testid=signed-guide-rejected]").TextContent);
        Assert.Contains("envie a digitalização de novo", cut.Find("[data-testid=signed-guide-rejected]").TextContent);
        Assert.NotNull(cut.Find("#signed-guide-file"));
    }

    [Fact]
    public async Task AtTheCapTheClinicIsSentToTheCentral()
    {
        await using var ctx = ComponentContext.Create(database);
        var cut = ctx.Render<SignedGuidePanel>(p => p.Add(x => x.View, View(TreatmentStatus.SignedGuideRejected,
            new(Submission(3, SignedGuideStatus.Rejected, "Beneficiário diferente"), 3, 3, "Esta guia já foi enviada 3 vezes, o limite. Fale com a Central de Atendimento."))));
        Assert.Contains("Fale com a Central", cut.Find("[data-testid=signed-guide-blocked]").TextContent);
        Assert.Empty(cut.FindAll("#signed-guide-file"));
    }

    [Fact]
    public async Task AnAcceptedGuideListsThePerformedProceduresWithTheirDates()
    {
        await using var ctx = ComponentContext.Create(database);
        var cut = ctx.Render<SignedGuidePanel>(p => p.Add(x => x.View, View(TreatmentStatus.ValidatedBySignedGuide,
            new(Submission(1, SignedGuideStatus.Accepted, performed: [new("81000030", "Consulta odontológica", new DateOnly(2026, 11, 25))]), 1, 3, "Este tratamento já foi validado."))));
        Assert.Contains("81000030 Consulta odontológica — realizado em 25/11/2026", cut.Find("[data-testid=performed-items]").TextContent);
    }
}
