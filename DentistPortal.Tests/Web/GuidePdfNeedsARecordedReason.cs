using System.Net;
using DentistPortal.Features.Contingency;
using DentistPortal.Features.Tokens;
using DentistPortal.Features.Treatments;
using DentistPortal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace DentistPortal.Tests.Web;

/// <summary>
/// Issue 9 §1 over HTTP: the signable PDF of a treatment's guide is not a way around the print page. Before printing was
/// recorded with its reason (and, with a delivered token, confirmed) the PDF address sends the user to the page that asks.
/// </summary>
public class GuidePdfNeedsARecordedReason(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private async Task<string> TreatmentWithATokenAsync()
    {
        using var scope = factory.Services.CreateScope();
        var sp = scope.ServiceProvider;
        var dentist = await DemoActors.ForAsync(factory.Services, "dentista@demo.local", DemoActors.SaoPauloCnpj);
        var reference = await LookupReferences.ForAsync(factory.Services, dentist, TokenScenario.MariaCpf);
        var created = await sp.GetRequiredService<CreateAndSubmitTreatmentHandler>().HandleAsync(new(reference, [new("81000030", null, null, null)], Guid.NewGuid()), dentist);
        Assert.True(created.IsOk, string.Join("; ", created.Errors));
        Assert.True((await sp.GetRequiredService<GenerateTokenHandler>().HandleAsync(new(created.Value!.Id), dentist)).IsOk);
        return created.Value.Number;
    }

    [Fact]
    public async Task ThePdfOfAGuideNotYetPrintedSendsTheUserToThePrintPage()
    {
        var number = await TreatmentWithATokenAsync();
        using var client = factory.CreateBrowserLikeClient();
        await LoginHelper.SignInAsync(client, "recepcao@demo.local");

        var response = await client.GetAsync($"/tratamentos/{number}/guia.pdf");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/tratamentos/{number}/guia", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task OncePrintingIsRecordedThePdfIsServed()
    {
        var number = await TreatmentWithATokenAsync();
        var staff = await DemoActors.ForAsync(factory.Services, "recepcao@demo.local", DemoActors.SaoPauloCnpj);
        using (var scope = factory.Services.CreateScope())
        {
            var printed = await scope.ServiceProvider.GetRequiredService<RecordContingencyHandler>()
                .HandleAsync(new(number, DentistPortal.Domain.Tiss.Tuss74.RefusedToInform, null, ConfirmedDespiteDeliveredToken: true), staff);
            Assert.True(printed.IsOk, string.Join("; ", printed.Errors));
        }
        using var client = factory.CreateBrowserLikeClient();
        await LoginHelper.SignInAsync(client, "recepcao@demo.local");

        var response = await client.GetAsync($"/tratamentos/{number}/guia.pdf");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
    }
}
