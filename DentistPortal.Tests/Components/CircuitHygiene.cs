using System.Runtime.CompilerServices;
using System.Security.Claims;
using Bunit;
using DentistPortal.Components.Layout;
using DentistPortal.Components.Pages.ClientPortal;
using DentistPortal.Components.Pages.LateTokens;
using DentistPortal.Components.Pages.Treatments;
using DentistPortal.Domain.Procedures;
using DentistPortal.Features.Common;
using DentistPortal.Features.Tokens;
using ProcedureCatalog = DentistPortal.Features.Treatments.ProcedureCatalog;
using DentistPortal.Infrastructure.Data;
using DentistPortal.Infrastructure.Identity;
using DentistPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MudBlazor.Services;

namespace DentistPortal.Tests.Components;

/// <summary>
/// Issue 13, "Circuit hygiene found in review": page timers run on the injected TimeProvider, the layout's badge refresh
/// never loses an exception, a component's handler calls stop when it is disposed, and the shared procedure catalogue
/// hands out immutable snapshots. Own database: these tests move the fixture's clock.
/// </summary>
public class CircuitHygiene(CircuitHygiene.Database database) : IClassFixture<CircuitHygiene.Database>
{
    /// <summary>A database of its own, so moving its clock does not disturb other test classes.</summary>
    public sealed class Database : TestDatabase;

    private readonly TokenScenario scenario = new(database);

    [Fact]
    public async Task TheTreatmentPageCountdownTicksOnTheInjectedClock()
    {
        var treatment = await scenario.SubmittedTreatmentAsync(TokenScenario.RobertoCpf);
        await scenario.GenerateAsync(treatment, "314159");
        await using var ctx = Context(await scenario.DentistAsync());

        var page = ctx.Render<TreatmentPage>(p => p.Add(x => x.Numero, scenario.NumberOf(treatment)));
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=countdown]")));
        var before = page.Find("[data-testid=countdown]").TextContent;

        database.Clock.Advance(TimeSpan.FromMinutes(2));

        page.WaitForAssertion(() => Assert.NotEqual(before, page.Find("[data-testid=countdown]").TextContent));
    }

    [Fact]
    public async Task TheLateTokenCountdownTicksOnTheInjectedClock()
    {
        var treatment = await scenario.SubmittedTreatmentAsync(TokenScenario.RobertoCpf);
        var dentist = await scenario.DentistAsync();
        await scenario.GenerateAsync(treatment, "271828");
        var marked = await scenario.Handler<MarkAwaitingLateTokenHandler>().HandleAsync(new(treatment), dentist);
        Assert.True(marked.IsOk, string.Join("; ", marked.Errors));
        await using var ctx = Context(await scenario.StaffAsync());

        var page = ctx.Render<LateTokensPage>();
        var row = $"[data-testid=late-row][data-number='{scenario.NumberOf(treatment)}'] [data-testid=time-left]";
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(row)));
        var before = page.Find(row).TextContent;

        database.Clock.Advance(TimeSpan.FromMinutes(3));

        page.WaitForAssertion(() => Assert.NotEqual(before, page.Find(row).TextContent));
    }

    [Fact]
    public async Task MyTokensPicksUpANewTreatmentsTokenWhenTheInjectedClockReachesTheRefresh()
    {
        var patient = await DemoActors.ForAsync(database.Services, "paciente@demo.local");
        await using var ctx = Context(patient);
        var page = ctx.Render<MyTokensPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=portal-people]")));

        // A treatment not on screen yet: no live event reaches this page for it, only the periodic refresh.
        var treatment = await scenario.SubmittedTreatmentAsync();
        var token = await scenario.GenerateAsync(treatment, "161803");
        var number = scenario.NumberOf(treatment);
        Assert.DoesNotContain(number, page.Markup);

        database.Clock.Advance(TimeSpan.FromSeconds(31));

        page.WaitForAssertion(() => Assert.Contains(number, page.Markup));
        Assert.NotEqual(0, token.TokenId);
    }

    [Fact]
    public async Task DisposingTheTreatmentPageCancelsItsHandlerCallInFlight()
    {
        var treatment = await scenario.SubmittedTreatmentAsync(TokenScenario.RobertoCpf);
        var gate = new GatedDbFactory(database.Services.GetRequiredService<IDbContextFactory<AppDbContext>>());
        await using var ctx = Context(await scenario.DentistAsync(), s => s.AddSingleton<IDbContextFactory<AppDbContext>>(gate));
        gate.Hold = true;

        var page = ctx.Render<TreatmentPage>(p => p.Add(x => x.Numero, scenario.NumberOf(treatment)));
        await gate.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        page.Instance.Dispose();

        // The handler's call, held before it reached the database, sees the component's token cancelled.
        await gate.Cancelled.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task AFailedLateBadgeRefreshAfterNavigationIsLoggedNotLost()
    {
        var gate = new GatedDbFactory(database.Services.GetRequiredService<IDbContextFactory<AppDbContext>>());
        var logs = new CapturingLoggerProvider();
        await using var ctx = Context(await scenario.StaffAsync(), s =>
        {
            s.AddSingleton<IDbContextFactory<AppDbContext>>(gate);
            s.AddSingleton<ILoggerFactory>(LoggerFactory.Create(b => b.AddProvider(logs)));
            s.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        });
        var layout = ctx.Render<MainLayout>(p => p.Add(x => x.Body, (RenderFragment)(b => b.AddContent(0, "conteúdo"))));
        layout.WaitForAssertion(() => Assert.NotEmpty(layout.FindAll("[data-testid=late-badge], nav")));

        gate.Fail = true;
        ctx.Services.GetRequiredService<NavigationManager>().NavigateTo("/beneficiarios");

        layout.WaitForAssertion(() => Assert.Contains(logs.Lines, l => l.StartsWith("Error ", StringComparison.Ordinal)
            && l.Contains(nameof(MainLayout), StringComparison.Ordinal) && l.Contains(GatedDbFactory.FailureText, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task TheSharedProcedureCatalogueHandsOutImmutableUntrackedSnapshots()
    {
        var catalog = database.Services.GetRequiredService<ProcedureCatalog>();
        var all = await catalog.GetAsync();
        Assert.NotEmpty(all);
        var type = all.Values.First().GetType();
        Assert.False(typeof(Procedure).IsAssignableFrom(type), "the catalogue must not share EF entities between circuits");
        var writable = type.GetProperties().Where(p => p.SetMethod is { IsPublic: true } set
            && !set.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit))).Select(p => p.Name).ToList();
        Assert.Empty(writable);
        Assert.Same(all, await catalog.GetAsync()); // one copy for everybody until an admin edit invalidates it
    }

    /// <summary>As <see cref="ComponentContext.Create"/>, signed in as the actor, with services of the test added before rendering.</summary>
    private BunitContext Context(Actor actor, Action<IServiceCollection>? services = null) =>
        ComponentContext.Create(database, services: services, signedIn: actor);

    /// <summary>The real context factory that can hold a caller until its token is cancelled, or fail.</summary>
    private sealed class GatedDbFactory(IDbContextFactory<AppDbContext> inner) : IDbContextFactory<AppDbContext>
    {
        public const string FailureText = "banco indisponível (teste)";

        public volatile bool Hold;
        public volatile bool Fail;
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Cancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public AppDbContext CreateDbContext() => Fail ? throw new InvalidOperationException(FailureText) : inner.CreateDbContext();

        public async Task<AppDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default)
        {
            if (Fail) throw new InvalidOperationException(FailureText);
            if (Hold)
            {
                Entered.TrySetResult();
                try
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    Cancelled.TrySetResult();
                    throw;
                }
            }
            return await inner.CreateDbContextAsync(cancellationToken);
        }
    }
}
