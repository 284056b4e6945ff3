using System.Security.Claims;
using Bunit;
using DentistPortal.Components.Pages.LateTokens;
using DentistPortal.Components.Pages.Treatments;
using DentistPortal.Components.Shared;
using DentistPortal.Features.Common;
using DentistPortal.Features.LateTokens;
using DentistPortal.Features.Tokens;
using DentistPortal.Infrastructure.Data;
using DentistPortal.Infrastructure.Identity;
using DentistPortal.Infrastructure.Messaging;
using DentistPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace DentistPortal.Tests.Components;

/// <summary>
/// Issue 13, goal 4 (in the browser) and render waste: the late-token list is not redrawn by a clock (each countdown
/// redraws itself when its text changes), the treatment page's first render asks the database only for what it shows,
/// and a validated code is shown from the handler's answer before the page has reloaded the treatment.
/// Behaviour only (render and handler counts, order of events), never time. Own database: these tests move its clock.
/// </summary>
public class RedrawOnlyWhatChanged(RedrawOnlyWhatChanged.Database database) : IClassFixture<RedrawOnlyWhatChanged.Database>
{
    /// <summary>A database of its own, so moving its clock does not disturb other test classes.</summary>
    public sealed class Database : TestDatabase;

    private readonly TokenScenario scenario = new(database);

    [Fact]
    public async Task TheLateTokenListIsNotRedrawnEverySecondOnlyItsCountdownsChangeOnceAMinute()
    {
        var treatment = await LateTreatmentAsync("271800");
        await using var ctx = Context(await scenario.StaffAsync());
        var page = ctx.Render<LateTokensPage>();
        var cell = $"[data-testid=late-row][data-number='{scenario.NumberOf(treatment)}'] [data-testid=time-left]";
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(cell)));
        var list = page.FindComponent<LateTokenList>();
        var countdown = page.FindComponent<Countdown>();
        var (listRenders, countdownRenders) = (list.RenderCount, countdown.RenderCount);
        var before = page.Find(cell).TextContent;

        for (var i = 0; i < 10; i++) database.Clock.Advance(TimeSpan.FromSeconds(1));
        database.Clock.Advance(TimeSpan.FromSeconds(60));

        // The countdown moved (its own redraw, on the injected clock), redrawn only when its text changed: once or twice
        // in these 70 s (before, the page redrew the list and every countdown in it each second: 70 times) ...
        page.WaitForAssertion(() => Assert.NotEqual(before, page.Find(cell).TextContent));
        var redraws = countdown.RenderCount - countdownRenders;
        Assert.InRange(redraws, 1, 2);
        // ... and the list around it was not redrawn by itself (bUnit counts a child's redraw as its parent's too).
        Assert.Equal(redraws, list.RenderCount - listRenders);
    }

    [Fact]
    public async Task ALateTokenRowTurnsUrgentWhenItsLastSixHoursStartWithoutAReload()
    {
        var treatment = await LateTreatmentAsync("271801");
        var staff = await scenario.StaffAsync();
        await using var ctx = Context(staff);
        var page = ctx.Render<LateTokensPage>();
        var row = $"[data-testid=late-row][data-number='{scenario.NumberOf(treatment)}']";
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(row)));
        Assert.DoesNotContain("dp-row-urgent", page.Find(row).ClassName ?? "");
        var expires = (await scenario.Handler<ListLateTokensHandler>().HandleAsync(staff)).Value!
            .Single(r => r.TreatmentId == treatment).ExpiresAtUtc!.Value;

        database.Clock.Advance(expires - database.Clock.GetUtcNow() - LateTokenRow.UrgentWithin + TimeSpan.FromSeconds(1));

        page.WaitForAssertion(() => Assert.Contains("dp-row-urgent", page.Find(row).ClassName));
        Assert.Contains("faltam 5h59", page.Find(row).TextContent);
    }

    [Fact]
    public async Task AnOpenTreatmentsPageCallsOnlyTheTreatmentAndTimelineReadsAtFirstRender()
    {
        var treatment = await scenario.SubmittedTreatmentAsync(TokenScenario.RobertoCpf);
        await scenario.GenerateAsync(treatment, "314100");
        var counting = new CountingDbFactory(database.Services.GetRequiredService<IDbContextFactory<AppDbContext>>());
        await using var ctx = Context(await scenario.DentistAsync(), s => s.AddSingleton<IDbContextFactory<AppDbContext>>(counting));

        var page = ctx.Render<TreatmentPage>(p => p.Add(x => x.Numero, scenario.NumberOf(treatment)));
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("form[aria-label='Validar token']")));

        // GetTreatment and the timeline; the TISS panel is not asked about a treatment that is not validated
        // (it read the treatment once more, on every first render, to answer "hidden").
        Assert.Equal(2, counting.Created);
        Assert.Empty(page.FindAll("[data-testid=tiss-panel]"));
    }

    [Fact]
    public async Task AValidatedCodeIsShownBeforeThePageHasReloadedTheTreatment()
    {
        var treatment = await scenario.SubmittedTreatmentAsync(TokenScenario.RobertoCpf);
        await scenario.GenerateAsync(treatment, "314101");
        var gate = new CountingDbFactory(database.Services.GetRequiredService<IDbContextFactory<AppDbContext>>());
        await using var ctx = Context(await scenario.DentistAsync(), s => s.AddSingleton<IDbContextFactory<AppDbContext>>(gate));
        // From the moment the handler has committed (it publishes the change), every read of the page waits. Subscribed
        // before the page, so it is told first.
        using var armed = ctx.Services.GetRequiredService<ITreatmentEvents>().Subscribe(treatment, _ =>
        {
            gate.Hold();
            return Task.CompletedTask;
        });
        var page = ctx.Render<TreatmentPage>(p => p.Add(x => x.Numero, scenario.NumberOf(treatment)));
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("form[aria-label='Validar token']")));
        await page.Find("input#token-code").InputAsync(new ChangeEventArgs { Value = "314101" });

        var click = page.Find("form[aria-label='Validar token']").SubmitAsync();

        // Shown while the page's reload of the treatment is still held: before, the answer waited for that reload.
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=treatment-validated]")));
        page.WaitForAssertion(() => Assert.True(gate.Waiting > 0));
        Assert.NotEmpty(page.FindAll("[data-testid=treatment-validated]"));
        Assert.Empty(page.FindAll("form[aria-label='Validar token']"));
        Assert.DoesNotContain(page.FindAll("[data-testid=timeline-entry]"), e => e.TextContent.Contains("validado"));

        gate.Release();
        await click;
        // The reload then brings the stored validation (its time) and the timeline entry.
        page.WaitForAssertion(() => Assert.Contains("Token validado em", page.Find("[data-testid=treatment-validated]").TextContent));
        page.WaitForAssertion(() => Assert.Contains(page.FindAll("[data-testid=timeline-entry]"), e => e.TextContent.Contains("validado")));
    }

    private async Task<int> LateTreatmentAsync(string code)
    {
        var treatment = await scenario.SubmittedTreatmentAsync(TokenScenario.RobertoCpf);
        await scenario.GenerateAsync(treatment, code);
        var marked = await scenario.Handler<MarkAwaitingLateTokenHandler>().HandleAsync(new(treatment), await scenario.DentistAsync());
        Assert.True(marked.IsOk, string.Join("; ", marked.Errors));
        return treatment;
    }

    /// <summary>A bUnit context on the fixture's database and clock, signed in as the actor, interactive.</summary>
    private BunitContext Context(Actor actor, Action<IServiceCollection>? services = null) =>
        ComponentContext.Create(database, services: services, signedIn: actor);

    /// <summary>The real context factory, counting the contexts handed out (one per handler call) and able to hold callers.</summary>
    private sealed class CountingDbFactory(IDbContextFactory<AppDbContext> inner) : IDbContextFactory<AppDbContext>
    {
        private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private volatile bool holding;
        private int created;
        private int waiting;

        public int Created => Volatile.Read(ref created);
        public int Waiting => Volatile.Read(ref waiting);

        public void Hold() => holding = true;

        public void Release() => released.TrySetResult();

        public AppDbContext CreateDbContext()
        {
            Interlocked.Increment(ref created);
            return inner.CreateDbContext();
        }

        public async Task<AppDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref created);
            if (holding)
            {
                Interlocked.Increment(ref waiting);
                await released.Task.WaitAsync(cancellationToken);
            }
            return await inner.CreateDbContextAsync(cancellationToken);
        }
    }
}
