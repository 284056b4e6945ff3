using System.Security.Claims;
using DentistPortal.Components.Account;
using DentistPortal.Features.Admin;
using DentistPortal.Features.Beneficiaries;
using DentistPortal.Infrastructure.Identity;
using DentistPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DentistPortal.Tests.Admin;

/// <summary>
/// Issue 9 §5, found by an outside tester: after the back office disabled a dentist, the dentist's open treatment page
/// answered "Tratamento não encontrado" to every action for up to a minute, until the page's next revalidation. Now the
/// open pages of a disabled account end at once: when the admin disables it on this instance, and when any action of the
/// account finds it disabled (the admin may have worked on another instance). Here the pages' revalidation interval is the
/// default minute, so only the immediate end can explain an anonymous page.
/// </summary>
public class ADisabledAccountsOpenPagesEndAtOnce(TestDatabase database) : IClassFixture<TestDatabase>
{
    private readonly AdminTestKit kit = new(database);

    /// <summary>An open page (circuit) of <paramref name="userId"/>: its authentication state, as the circuit gets it from the cookie.</summary>
    private IdentityRevalidatingAuthenticationStateProvider OpenPageOf(string userId)
    {
        var page = ActivatorUtilities.CreateInstance<IdentityRevalidatingAuthenticationStateProvider>(database.Services);
        var user = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, userId)], "Identity.Application"));
        page.SetAuthenticationState(Task.FromResult(new AuthenticationState(user)));
        return page;
    }

    private static async Task<bool> SignedInAsync(AuthenticationStateProvider page) =>
        (await page.GetAuthenticationStateAsync()).User.Identity?.IsAuthenticated == true;

    private async Task<string> NewReceptionistAsync(string email)
    {
        var created = await kit.Handler<CreateStaffAccountHandler>()
            .HandleAsync(new("Recepção Teste", email, DentistPortal.Domain.Access.Roles.ClinicStaff, await kit.ClinicIdAsync(DemoActors.SaoPauloCnpj)), await kit.AdminAsync());
        Assert.True(created.IsOk, string.Join("; ", created.Errors));
        return created.Value!.UserId;
    }

    [Fact]
    public async Task DisablingAnAccountEndsAllItsOpenPagesAndNoOneElses()
    {
        var userId = await NewReceptionistAsync("recepcao.desativada1@demo.local");
        var otherId = await NewReceptionistAsync("recepcao.ativa1@demo.local");
        using var first = OpenPageOf(userId);
        using var second = OpenPageOf(userId);
        using var other = OpenPageOf(otherId);

        var disabled = await kit.Handler<SetAccountDisabledHandler>().HandleAsync(new(userId, true), await kit.AdminAsync());

        Assert.True(disabled.IsOk, string.Join("; ", disabled.Errors));
        Assert.False(await SignedInAsync(first));
        Assert.False(await SignedInAsync(second));
        Assert.True(await SignedInAsync(other));
        Assert.Equal(1, database.Services.GetRequiredService<OpenSessions>().Accounts); // the other account's page, still open
    }

    [Fact]
    public async Task AnActionOfAnAccountDisabledElsewhereEndsItsOpenPages()
    {
        var userId = await NewReceptionistAsync("recepcao.desativada2@demo.local");
        using var page = OpenPageOf(userId);
        var actor = await kit.ActorAsync("recepcao.desativada2@demo.local", DemoActors.SaoPauloCnpj);
        // Disabled by the back office of another instance: nothing told this one.
        await using (var db = await kit.ContextAsync())
            await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(x => x.SetProperty(u => u.IsDisabled, true));
        Assert.True(await SignedInAsync(page));

        var lookup = await kit.Handler<LookupBeneficiaryHandler>().HandleAsync(new(TokenScenario.MariaCpf), actor);

        Assert.False(lookup.IsOk);
        Assert.False(await SignedInAsync(page));
    }

    [Fact]
    public async Task AnEnabledAccountsActionsKeepItsPageOpen()
    {
        var userId = await NewReceptionistAsync("recepcao.ativa2@demo.local");
        using var page = OpenPageOf(userId);
        var actor = await kit.ActorAsync("recepcao.ativa2@demo.local", DemoActors.SaoPauloCnpj);

        var lookup = await kit.Handler<LookupBeneficiaryHandler>().HandleAsync(new(TokenScenario.MariaCpf), actor);

        Assert.True(lookup.IsOk, string.Join("; ", lookup.Errors));
        Assert.True(await SignedInAsync(page));
    }
}
