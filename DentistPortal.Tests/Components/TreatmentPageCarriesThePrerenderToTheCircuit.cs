using System.Security.Claims;
using Bunit;
using DentistPortal.Components.Pages.Treatments;
using DentistPortal.Domain.Tokens;
using DentistPortal.Infrastructure.Data;
using DentistPortal.Infrastructure.Identity;
using DentistPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace DentistPortal.Tests.Components;

/// <summary>
/// Issue 13 (in the browser): what the prerender of the treatment page loaded travels to the circuit (persisted component
/// state, JSON) so the circuit's first render needs no second load; the circuit then refreshes it, so a change made
/// between the prerender and the circuit's start is shown, never lost.
/// </summary>
public class TreatmentPageCarriesThePrerenderToTheCircuit(TestDatabase database) : IClassFixture<TestDatabase>
{
    private readonly TokenScenario scenario = new(database);

    [Fact]
    public async Task ThePrerenderedTreatmentReachesTheCircuitWhole()
    {
        var id = await scenario.SubmittedTreatmentAsync(withDeniedAndReview: true);
        await scenario.GenerateAsync(id, "314159");
        await using var ctx = await ContextAsync();
        var state = ctx.AddBunitPersistentComponentState();
        ctx.SetRendererInfo(new RendererInfo("Static", false));
        var prerender = ctx.Render<TreatmentPage>(p => p.Add(x => x.Numero, NumberOf(id)));
        prerender.WaitForAssertion(() => Assert.NotEmpty(prerender.FindAll("[data-token-status=active]")));

        state.TriggerOnPersisting();

        Assert.True(state.TryTake<TreatmentPage.PrerenderedTreatment>("treatment-page", out var carried));
        Assert.Equal(NumberOf(id), carried!.Numero);
        Assert.Equal(id, carried.View.Id);
        Assert.Equal(3, carried.View.Items.Count);
        Assert.Equal(TokenStatus.Active, carried.View.CurrentToken!.Status);
        Assert.True(carried.View.Permissions.CanValidate); // the viewer's permissions survive the trip
        Assert.True(carried.View.HasActiveToken);
        Assert.Equal(carried.View.ContactRoute, (await FreshViewAsync(id)).ContactRoute);
        Assert.NotEmpty(carried.Timeline);
    }

    [Fact]
    public async Task AChangeBetweenThePrerenderAndTheCircuitIsShown()
    {
        var id = await scenario.SubmittedTreatmentAsync();
        await scenario.GenerateAsync(id, "271828");
        await using var ctx = await ContextAsync();
        var state = ctx.AddBunitPersistentComponentState();
        ctx.SetRendererInfo(new RendererInfo("Static", false));
        var prerender = ctx.Render<TreatmentPage>(p => p.Add(x => x.Numero, NumberOf(id)));
        prerender.WaitForAssertion(() => Assert.NotEmpty(prerender.FindAll("[data-token-status=active]")));
        state.TriggerOnPersisting();

        // A wrong code typed elsewhere after the prerender, before the circuit subscribes to live updates.
        await scenario.ValidateAsync(id, "000001");

        ctx.SetRendererInfo(new RendererInfo("Server", true));
        var live = ctx.Render<TreatmentPage>(p => p.Add(x => x.Numero, NumberOf(id)));
        live.WaitForAssertion(() => Assert.Contains("Códigos incorretos neste tratamento: 1", live.Markup));
    }

    private async Task<BunitContext> ContextAsync()
    {
        var ctx = new BunitContext();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddMudServices();
        ctx.Services.AddSingleton<TimeProvider>(database.Clock);
        TestDatabase.AddPortal(ctx.Services, database.Configuration);
        var dentist = await scenario.DentistAsync();
        var auth = ctx.AddAuthorization();
        auth.SetAuthorized("dentista@demo.local");
        auth.SetRoles([.. dentist.Roles]);
        auth.SetClaims(
            new Claim(ClaimTypes.NameIdentifier, dentist.UserId),
            new Claim(PortalClaims.FullName, dentist.Name),
            new Claim(PortalClaims.ClinicId, dentist.ClinicId!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return ctx;
    }

    private async Task<DentistPortal.Features.Treatments.TreatmentView> FreshViewAsync(int id) =>
        (await database.Services.GetRequiredService<DentistPortal.Features.Treatments.GetTreatmentHandler>()
            .HandleAsync(new(TreatmentId: id), await scenario.DentistAsync())).Value!;

    private string NumberOf(int treatmentId)
    {
        using var db = database.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext();
        return db.Treatments.Where(t => t.Id == treatmentId).Select(t => t.Number).Single();
    }
}
