using DentistPortal.Features.Tokens;
using DentistPortal.Infrastructure.Data;
using DentistPortal.Infrastructure.Messaging;
using DentistPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace DentistPortal.Tests.ScaleOut;

/// <summary>
/// Issue 12, live updates: two portal instances (the portal's registrations built twice) on one PostgreSQL database,
/// each with its LISTEN/NOTIFY relay running. Always PostgreSQL, whatever the run's provider.
/// </summary>
public class LiveUpdatesAcrossInstances(TwoInstancesOnOneDatabase instances) : IClassFixture<TwoInstancesOnOneDatabase>
{
    private static int nextTreatmentId = 900_000;
    private static int AnyTreatmentId() => Interlocked.Increment(ref nextTreatmentId);

    private PostgresTreatmentEvents A => instances.EventsA;
    private PostgresTreatmentEvents B => instances.EventsB;

    [Fact]
    public async Task AChangeOnOneInstanceReachesTheOthersSubscribersOnceAndItsOwnOnce()
    {
        var id = AnyTreatmentId();
        var onA = new Heard();
        var onB = new Heard();
        using var subscribedOnA = A.Subscribe(id, onA.Handle);
        using var subscribedOnB = B.Subscribe(id, onB.Handle);

        A.Publish(new TreatmentChanged(id, "token"));
        await onB.WhenAsync("token");
        // Committed after A's notification: when A hears it, A's own echo of "token" has already come (and was ignored).
        B.Publish(new TreatmentChanged(id, "delivery"));
        await onA.WhenAsync("delivery");
        A.Publish(new TreatmentChanged(id, "authorization"));
        await onB.WhenAsync("authorization");

        Assert.Equal(["token", "delivery", "authorization"], onA.Whats);
        Assert.Equal(["token", "delivery", "authorization"], onB.Whats);
    }

    [Fact]
    public async Task AHandlerOnOneInstanceTellsTheOtherAfterItsChangeIsCommitted()
    {
        var scenario = new TokenScenario(instances.Database);
        var id = await scenario.SubmittedTreatmentAsync();
        var dentist = await scenario.DentistAsync();
        var tokensSeenOnA = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var factoryA = instances.Database.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        // As the treatment page does: on the change, read the treatment again, on this instance.
        using var page = A.Subscribe(id, async change =>
        {
            await using var db = await factoryA.CreateDbContextAsync();
            tokensSeenOnA.TrySetResult(await db.Tokens.CountAsync(t => t.TreatmentId == id));
        });

        using var scopeOnB = instances.ServicesB.CreateScope();
        var generated = await scopeOnB.ServiceProvider.GetRequiredService<GenerateTokenHandler>().HandleAsync(new(id), dentist);
        Assert.True(generated.IsOk, string.Join("; ", generated.Errors));

        Assert.Equal(1, await tokensSeenOnA.Task.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task AfterItsConnectionIsKilledTheListenerReconnectsAndEveryOpenScreenReloads()
    {
        var id = AnyTreatmentId();
        var onA = new Heard();
        using var subscribed = A.Subscribe(id, onA.Handle);
        await A.Listening.WaitAsync(TimeSpan.FromSeconds(30));
        var connections = A.Connections;

        await TerminateAsync($"pid = {A.ListenerProcessId}");

        await onA.WhenAsync(TreatmentChanged.Reconnected);
        Assert.Equal(connections + 1, A.Connections);
        await A.Listening.WaitAsync(TimeSpan.FromSeconds(30));
        B.Publish(new TreatmentChanged(id, "token"));
        await onA.WhenAsync("token");
        Assert.Equal([TreatmentChanged.Reconnected, "token"], onA.Whats);
    }

    internal static async Task TerminateAsync(string where)
    {
        await AdminAsync($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE {where} AND pid <> pg_backend_pid()");
    }

    internal static async Task AdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(TestPostgres.AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>What one subscriber heard, in order, with a wait for the next matching change (no sleeps).</summary>
    internal sealed class Heard
    {
        private readonly List<TreatmentChanged> heard = [];
        private readonly List<(string What, TaskCompletionSource Signal)> waiters = [];

        public IReadOnlyList<string> Whats { get { lock (heard) return [.. heard.Select(c => c.What)]; } }

        public Task Handle(TreatmentChanged change)
        {
            lock (heard)
            {
                heard.Add(change);
                foreach (var w in waiters.Where(w => w.What == change.What).ToList())
                {
                    w.Signal.TrySetResult();
                    waiters.Remove(w);
                }
            }
            return Task.CompletedTask;
        }

        public Task WhenAsync(string what)
        {
            lock (heard)
            {
                if (heard.Any(c => c.What == what)) return Task.CompletedTask;
                var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                waiters.Add((what, signal));
                return signal.Task.WaitAsync(TimeSpan.FromSeconds(30));
            }
        }
    }
}

/// <summary>
/// Issue 12, live updates while PostgreSQL refuses connections. Its own two instances and database: the refusal cuts
/// every connection of the database, and instances left waiting on a backoff must not be the ones other tests use.
/// </summary>
public class LiveUpdatesWhilePostgreSqlRefusesConnections(TwoInstancesOnOneDatabase instances) : IClassFixture<TwoInstancesOnOneDatabase>
{
    private PostgresTreatmentEvents A => instances.EventsA;
    private PostgresTreatmentEvents B => instances.EventsB;

    [Fact]
    public async Task WhilePostgreSqlRefusesConnectionsNothingFailsAndScreensReloadWhenItIsBack()
    {
        var id = 950_001;
        var onA = new LiveUpdatesAcrossInstances.Heard();
        using var subscribed = A.Subscribe(id, onA.Handle);
        await A.Listening.WaitAsync(TimeSpan.FromSeconds(30));
        var waiting = A.WaitingToReconnect;
        var database = new NpgsqlConnectionStringBuilder(instances.ConnectionString).Database;
        try
        {
            await LiveUpdatesAcrossInstances.AdminAsync($"ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS false");
            await LiveUpdatesAcrossInstances.TerminateAsync($"datname = '{database}'");
            // The immediate retry failed too: the listener now waits on the portal's clock.
            await waiting.WaitAsync(TimeSpan.FromSeconds(30));

            // Changes committed just before keep publishing without an exception; this instance's screens still hear them.
            A.Publish(new TreatmentChanged(id, "delivery"));
            B.Publish(new TreatmentChanged(id, "token"));
            await onA.WhenAsync("delivery");
        }
        finally
        {
            await LiveUpdatesAcrossInstances.AdminAsync($"ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS true");
            NpgsqlConnection.ClearAllPools();
        }
        // The backoffs (each listener's and each sender's) wait on the injected clock, and one may start waiting only after
        // a first advance: the clock moves on until what is awaited has happened.
        var reconnected = onA.WhenAsync(TreatmentChanged.Reconnected);
        await PumpClockUntilAsync(() => reconnected);
        await PumpClockUntilAsync(() => Task.WhenAll(A.Listening, B.Listening)); // a new task after each loss: read each turn
        B.Publish(new TreatmentChanged(id, "authorization"));
        var authorization = onA.WhenAsync("authorization");
        await PumpClockUntilAsync(() => authorization);
        Assert.False(instances.RelayA.ExecuteTask!.IsCompleted);
        Assert.False(instances.RelayB.ExecuteTask!.IsCompleted);
    }

    /// <summary>
    /// Moves the portal clock on a minute at a time until <paramref name="signal"/> (read again each turn) completes, at
    /// most 30 s: a backoff that started waiting after the last advance is released by the next.
    /// </summary>
    private async Task PumpClockUntilAsync(Func<Task> signal)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var awaited = signal();
            if (await Task.WhenAny(awaited, Task.Delay(100)) == awaited) { await awaited; return; }
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The awaited live update did not come within 30 s of clock advances.");
            instances.Database.Clock.Advance(TimeSpan.FromMinutes(1));
        }
    }
}

/// <summary>A <see cref="TestDatabase"/> on a given PostgreSQL database, whatever the run's provider.</summary>
public sealed class PostgresTestDatabase(string connectionString) : TestDatabase
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings =>
    [
        new("Database:Provider", "PostgreSQL"),
        new("ConnectionStrings:DefaultConnection", connectionString),
    ];
}

/// <summary>Instance A (<see cref="Database"/>) and instance B (<see cref="ServicesB"/>) on one fresh database, relays running.</summary>
public sealed class TwoInstancesOnOneDatabase : IAsyncLifetime
{
    public string ConnectionString { get; } = TestPostgres.CreateDatabase();
    public PostgresTestDatabase Database { get; private set; } = default!;
    public ServiceProvider ServicesB { get; private set; } = default!;
    public TreatmentEventsRelay RelayA { get; private set; } = default!;
    public TreatmentEventsRelay RelayB { get; private set; } = default!;
    public PostgresTreatmentEvents EventsA => (PostgresTreatmentEvents)Database.Services.GetRequiredService<ITreatmentEvents>();
    public PostgresTreatmentEvents EventsB => (PostgresTreatmentEvents)ServicesB.GetRequiredService<ITreatmentEvents>();

    public async Task InitializeAsync()
    {
        Database = new PostgresTestDatabase(ConnectionString);
        await Database.InitializeAsync();
        ServicesB = Database.ServicesWith([]);
        RelayA = Database.Services.GetServices<IHostedService>().OfType<TreatmentEventsRelay>().Single();
        RelayB = ServicesB.GetServices<IHostedService>().OfType<TreatmentEventsRelay>().Single();
        await RelayA.StartAsync(CancellationToken.None);
        await RelayB.StartAsync(CancellationToken.None);
        Assert.NotEqual(EventsA.InstanceId, EventsB.InstanceId);
        await Task.WhenAll(EventsA.Listening, EventsB.Listening).WaitAsync(TimeSpan.FromSeconds(30));
    }

    public async Task DisposeAsync()
    {
        await RelayA.StopAsync(CancellationToken.None);
        await RelayB.StopAsync(CancellationToken.None);
        await ServicesB.DisposeAsync();
        await Database.DisposeAsync();
        TestPostgres.DropDatabase(ConnectionString);
    }
}
