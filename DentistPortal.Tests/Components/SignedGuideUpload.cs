using Bunit;
using DentistPortal.Components.Pages.Treatments;
using DentistPortal.Domain.Beneficiaries;
using DentistPortal.Domain.Contingency;
using DentistPortal.Domain.Treatments;
using DentistPortal.Features.Contingency;
using DentistPortal.Features.Treatments;
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
        var cut = ctx.Render<SignedGuidePanel>(p => p.Add(x => x.View, View() with { Id = id }).Add(x => x.Actor, staff));
        cut.FindComponent<Microsoft.AspNetCore.Components.Forms.InputFile>().UploadFiles(InputFileContent.CreateFromBinary([0x4D, 0x5A, 0x90, 0, 3, 0, 0, 0], "guia.pdf"));
        await cut.FindAll("button").Single(b => b.TextContent.Contains("Registrar guia assinada")).ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Equal(RegisterSignedGuideHandler.FormatMessage, cut.Find("[data-testid=upload-message]").TextContent.Trim()));
    }
}
