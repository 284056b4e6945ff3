using DentistPortal.Domain.Webhooks;
using DentistPortal.Features.Common;
using DentistPortal.Features.Webhooks;
using DentistPortal.Infrastructure.Data;
using DentistPortal.Infrastructure.Webhooks;
using DentistPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DentistPortal.Tests.Webhooks;

/// <summary>
/// A real SQLite database with the portal's registrations, run as Development (http to a loopback receiver is allowed
/// there only), with a small retry schedule: 4 attempts, 10 s doubling up to 60 s.
/// </summary>
public class WebhookDatabase : TestDatabase, IAsyncLifetime
{
    public const int MaxAttempts = 4;
    public const double BaseDelaySeconds = 10;

    protected override string EnvironmentName => "Development";

    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings => new Dictionary<string, string?>
    {
        ["Webhooks:MaxAttempts"] = MaxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Webhooks:BaseDelaySeconds"] = "10",
        ["Webhooks:MaxDelaySeconds"] = "60",
        // No test here is about the receiver's timeout; a short one turned a loaded CI machine's slow loopback answer
        // into a failed attempt (TwoDispatchersSendEachEventOnce saw Pending rows on a machine with load average 80).
        ["Webhooks:TimeoutSeconds"] = "30",
        ["Webhooks:BatchSize"] = "3",
    }.Concat(More);

    /// <summary>Settings a test class adds (e.g. an SMS gateway that refuses).</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> More => [];

    public TokenScenario Scenario => new(this);
    public WebhookWorker Worker => Services.GetRequiredService<WebhookWorker>();

    public Task<Actor> AdminAsync() => DemoActors.ForAsync(Services, "admin@demo.local");

    /// <summary>Subscribes a clinic through the admin's handler; returns the secret shown once.</summary>
    public async Task<string> SubscribeAsync(string clinicCnpj, string url)
    {
        var clinicId = await DemoActors.ClinicIdAsync(Services, clinicCnpj);
        var saved = await Scenario.Handler<SaveClinicWebhookHandler>().HandleAsync(new(clinicId, url, Guid.NewGuid()), await AdminAsync());
        Assert.True(saved.IsOk, string.Join("; ", saved.Errors));
        Assert.NotNull(saved.Value!.Secret);
        return saved.Value.Secret!;
    }

    public async Task<List<WebhookDelivery>> RowsAsync()
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        return await db.WebhookDeliveries.AsNoTracking().OrderBy(d => d.Id).ToListAsync();
    }

    /// <summary>Runs the worker until nothing due is left.</summary>
    public async Task DrainAsync(string owner = "worker-a")
    {
        while (await Worker.RunOnceAsync(owner, CancellationToken.None) > 0) { }
    }
}

/// <summary>A loopback receiver and a webhook-ready database for one test, both disposed after it.</summary>
public abstract class WebhookTest : IAsyncLifetime
{
    protected readonly WebhookReceiver receiver = WebhookReceiver.Start();
    protected readonly WebhookDatabase db = new();

    public Task InitializeAsync() => db.InitializeAsync();

    public async Task DisposeAsync()
    {
        await db.DisposeAsync();
        receiver.Dispose();
    }
}
