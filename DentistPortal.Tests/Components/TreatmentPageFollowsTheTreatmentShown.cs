using System.Collections.Concurrent;
using System.Security.Claims;
using Bunit;
using DentistPortal.Components.Pages.Treatments;
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
/// Issue 13 (circuit hygiene): going from treatment A to treatment B in the same circuit, the treatment page stops
/// listening to A and listens to B, so B's changes show live and A's no longer reload the page.
/// </summary>
public class TreatmentPageFollowsTheTreatmentShown(TestDatabase database) : IClassFixture<TestDatabase>
{
    private readonly TokenScenario scenario = new(database);

    [Fact]
    public async Task NavigatingToAnotherTreatmentListensToItAndNoLongerToThePreviousOne()
    {
        var first = await scenario.SubmittedTreatmentAsync();
        var second = await scenario.SubmittedTreatmentAsync(TokenScenario.RobertoCpf);
        await using var ctx = new BunitContext();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddMudServices();
        ctx.Services.AddSingleton<TimeProvider>(database.Clock);
        TestDatabase.AddPortal(ctx.Services, database.Configuration);
        var watching = new ConcurrentDictionary<int, int>();
        ctx.Services.AddSingleton<ITreatmentEvents>(sp => new WatchingEvents(sp.GetRequiredService<TreatmentEvents>(), watching));
        var dentist = await scenario.DentistAsync();
        ctx.SignIn(dentist, "dentista@demo.local");
        ctx.SetRendererInfo(new RendererInfo("Server", true));

        var page = ctx.Render<TreatmentPage>(p => p.Add(x => x.Numero, scenario.NumberOf(first)));
        page.WaitForAssertion(() => Assert.Equal([first], Watched(watching)));

        page.Render(p => p.Add(x => x.Numero, scenario.NumberOf(second)));
        page.WaitForAssertion(() => Assert.Equal([second], Watched(watching)));
        Assert.Contains($"Tratamento nº {scenario.NumberOf(second)}", page.Markup);

        // B's change shows without a reload.
        Assert.Empty(page.FindAll("[data-testid=current-token] [data-token-status=active]"));
        await scenario.GenerateAsync(second, "271828");
        ctx.Services.GetRequiredService<ITreatmentEvents>().Publish(new TreatmentChanged(second, "token"));
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=current-token] [data-token-status=active]")));

        page.Instance.Dispose();
        Assert.Empty(Watched(watching));
    }

    private static int[] Watched(ConcurrentDictionary<int, int> watching) => [.. watching.Where(w => w.Value > 0).Select(w => w.Key).Order()];

    /// <summary>The real events, counting live subscriptions per treatment.</summary>
    private sealed class WatchingEvents(ITreatmentEvents inner, ConcurrentDictionary<int, int> watching) : ITreatmentEvents
    {
        public IDisposable Subscribe(int treatmentId, Func<TreatmentChanged, Task> handler)
        {
            watching.AddOrUpdate(treatmentId, 1, (_, n) => n + 1);
            var subscription = inner.Subscribe(treatmentId, handler);
            return new Counted(() =>
            {
                subscription.Dispose();
                watching.AddOrUpdate(treatmentId, 0, (_, n) => n - 1);
            });
        }

        public void Publish(TreatmentChanged change) => inner.Publish(change);

        private sealed class Counted(Action dispose) : IDisposable
        {
            private Action? dispose = dispose;
            public void Dispose() => Interlocked.Exchange(ref dispose, null)?.Invoke();
        }
    }
}
