using System.Security.Claims;
using Bunit;
using DentistPortal.Components.Pages.Treatments;
using DentistPortal.Features.Common;
using DentistPortal.Infrastructure.Identity;
using DentistPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace DentistPortal.Tests.Components;

/// <summary>
/// The procedure search of the new-treatment page (Components/Shared/ProcedureCombobox.razor, issue 13): Enter picks
/// the highlighted option of the text in the field, never one of a list drawn for an earlier prefix (review: with
/// MudAutocomplete's 150 ms search debounce, typing a code and pressing Enter at once picked a stale option).
/// </summary>
public class ProcedureSearchOnTheNewTreatmentPage(TestDatabase database) : IClassFixture<TestDatabase>
{
    private readonly TokenScenario scenario = new(database);

    [Fact]
    public async Task EnterRightAfterTypingACodePicksThatCodeNotAnOptionOfAnEarlierPrefix()
    {
        var dentist = await scenario.DentistAsync();
        await using var ctx = Context(dentist);
        var reference = await LookupReferences.ForAsync(database.Services, dentist, TokenScenario.MariaCpf);
        var page = ctx.Render<NewTreatment>(p => p.Add(x => x.Referencia, reference));
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("#procedure-search")));

        // "8" lists the codes that start with 8; the first one is highlighted.
        page.Find("#procedure-search").Input("8");
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[role=option]")));
        Assert.Equal("81000030 – Consulta odontológica", page.FindAll("[role=option]")[0].TextContent.Trim());

        // The rest of the code and Enter at once, as a fast typist does.
        page.Find("#procedure-search").Input("81000049");
        page.Find("#procedure-search").KeyDown(new KeyboardEventArgs { Key = "Enter" });

        page.WaitForAssertion(() => Assert.Equal("81000049 – Consulta odontológica de urgência", Written(ctx)));
        Assert.Empty(page.FindAll("[role=option]"));
        Assert.Contains("Procedimento sem dente ou região.", page.Markup);
        var add = page.FindAll("button").Single(b => b.TextContent.Contains("Adicionar procedimento", StringComparison.Ordinal));
        Assert.False(add.HasAttribute("disabled"));
    }

    [Fact]
    public async Task ArrowsMoveTheHighlightAndEnterPicksTheHighlightedOption()
    {
        var dentist = await scenario.DentistAsync();
        await using var ctx = Context(dentist);
        var reference = await LookupReferences.ForAsync(database.Services, dentist, TokenScenario.MariaCpf);
        var page = ctx.Render<NewTreatment>(p => p.Add(x => x.Referencia, reference));
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("#procedure-search")));
        var field = page.Find("#procedure-search");
        Assert.Equal("false", field.GetAttribute("aria-expanded"));

        page.Find("#procedure-search").Input("8");
        // The catalogue's first read may finish after the input event (PostgreSQL answers asynchronously): wait for the list.
        page.WaitForAssertion(() => Assert.True(page.FindAll("[role=option]").Count >= 2));
        var second = page.FindAll("[role=option]")[1];
        var secondText = second.TextContent.Trim();
        page.Find("#procedure-search").KeyDown(new KeyboardEventArgs { Key = "ArrowDown" });
        Assert.Equal("true", page.Find("#procedure-search").GetAttribute("aria-expanded"));
        Assert.Equal(page.FindAll("[role=option]")[1].Id, page.Find("#procedure-search").GetAttribute("aria-activedescendant"));
        Assert.Equal("true", page.FindAll("[role=option]")[1].GetAttribute("aria-selected"));
        page.Find("#procedure-search").KeyDown(new KeyboardEventArgs { Key = "Enter" });

        page.WaitForAssertion(() => Assert.Equal(secondText, Written(ctx)));
        Assert.Equal("false", page.Find("#procedure-search").GetAttribute("aria-expanded"));

        // Escape closes a list without choosing.
        page.Find("#procedure-search").KeyDown(new KeyboardEventArgs { Key = "ArrowDown" });
        Assert.NotEmpty(page.FindAll("[role=option]"));
        page.Find("#procedure-search").KeyDown(new KeyboardEventArgs { Key = "Escape" });
        Assert.Empty(page.FindAll("[role=option]"));
        Assert.Equal(secondText, Written(ctx));
    }

    /// <summary>The last text the component wrote into the field (wwwroot/field.js: dpField.set).</summary>
    private static string? Written(BunitContext ctx) =>
        ctx.JSInterop.Invocations.Where(i => i.Identifier == "dpField.set").Select(i => i.Arguments[1] as string).LastOrDefault();

    private BunitContext Context(Actor actor)
    {
        var ctx = new BunitContext();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddMudServices();
        ctx.Services.AddSingleton<TimeProvider>(database.Clock);
        TestDatabase.AddPortal(ctx.Services, database.Configuration);
        var auth = ctx.AddAuthorization();
        auth.SetAuthorized(actor.Name);
        auth.SetRoles([.. actor.Roles]);
        List<Claim> claims = [new(ClaimTypes.NameIdentifier, actor.UserId), new(PortalClaims.FullName, actor.Name)];
        if (actor.ClinicId is { } clinic)
            claims.Add(new(PortalClaims.ClinicId, clinic.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        auth.SetClaims([.. claims]);
        ctx.SetRendererInfo(new RendererInfo("Server", true));
        return ctx;
    }
}
