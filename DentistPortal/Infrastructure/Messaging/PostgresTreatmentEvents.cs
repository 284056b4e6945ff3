using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using System.Threading.Channels;
using DentistPortal.Infrastructure.Data;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;

namespace DentistPortal.Infrastructure.Messaging;

/// <summary>
/// <c>Database:LiveUpdates</c>: how live updates cross instances on PostgreSQL (issue 12). Every instance of one portal
/// must use the same <see cref="Channel"/>; two portals on one database use different ones.
/// </summary>
public sealed class LiveUpdatesOptions
{
    public const string Section = "Database:LiveUpdates";

    /// <summary>The LISTEN/NOTIFY channel: lowercase letters, digits and "_", starting with a letter, at most 63.</summary>
    public string Channel { get; set; } = "dentistportal_treatment_changed";

    /// <summary>An idle listener checks its connection (<c>SELECT 1</c>) this often, so a silently dead one is noticed.</summary>
    public int PingSeconds { get; set; } = 30;

    /// <summary>Longest wait between two reconnection attempts (the first is immediate, then 1 s, 2 s, 4 s… up to this).</summary>
    public int MaxReconnectDelaySeconds { get; set; } = 30;
}

/// <summary>
/// Live updates across instances on PostgreSQL (issue 12): <see cref="Publish"/> tells this process's subscribers at once and
/// queues a <c>pg_notify</c>; <see cref="RunAsync"/> (the hosted <see cref="TreatmentEventsRelay"/>) sends the queue and keeps
/// one dedicated connection per process <c>LISTEN</c>ing, handing other instances' notifications to the local subscribers.
/// The payload carries the sending instance's random id, so an instance ignores its own notifications: every subscriber
/// hears a change exactly once, and local delivery never waits for the database. The payload is the instance id, the
/// treatment id and the <see cref="TreatmentChanged.What"/> word (under 200 bytes; PostgreSQL allows 8000), never a code or
/// personal data. A lost listener connection is reopened (first at once, then with backoff on the injected clock); after
/// each successful LISTEN every local subscriber is told <see cref="TreatmentChanged.Reconnected"/>, so no open page stays
/// stale for what it missed meanwhile. Nothing here throws into a caller or a circuit.
/// </summary>
public sealed partial class PostgresTreatmentEvents : ITreatmentEvents
{
    /// <summary>Queued notifications beyond this (the database unreachable for long) are dropped with a warning.</summary>
    public const int QueueCapacity = 10_000;

    /// <summary>PostgreSQL's limit for a NOTIFY payload (bytes, default build).</summary>
    public const int MaxPayloadBytes = 8000;

    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.Never };

    private readonly TreatmentEvents local;
    private readonly string notifyConnectionString;
    private readonly string listenConnectionString;
    private readonly LiveUpdatesOptions options;
    private readonly TimeProvider time;
    private readonly ILogger<PostgresTreatmentEvents> logger;
    private readonly Channel<TreatmentChanged> outgoing = Channel.CreateBounded<TreatmentChanged>(
        new BoundedChannelOptions(QueueCapacity) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private TaskCompletionSource listening = NewSignal();
    private TaskCompletionSource waitingToReconnect = NewSignal();
    private long connections;

    public PostgresTreatmentEvents(TreatmentEvents local, string connectionString, LiveUpdatesOptions options, TimeProvider time, ILogger<PostgresTreatmentEvents> logger)
    {
        if (!ChannelName().IsMatch(options.Channel ?? ""))
            throw new InvalidOperationException($"{LiveUpdatesOptions.Section}:Channel is \"{options.Channel}\": use lowercase letters, digits and \"_\", starting with a letter (at most 63).");
        this.local = local;
        this.options = options;
        this.time = time;
        this.logger = logger;
        notifyConnectionString = PostgresConnectionStrings.Resolve(connectionString);
        // Its own physical connection, outside the pool: LISTEN belongs to that session alone.
        listenConnectionString = new NpgsqlConnectionStringBuilder(notifyConnectionString)
        {
            Pooling = false,
            ApplicationName = "DentistPortal live updates",
        }.ToString();
    }

    /// <summary>This process's random id in every payload it sends (not personal: a new one per start).</summary>
    public string InstanceId { get; } = Guid.NewGuid().ToString("N");

    /// <summary>The listener's backend process id while connected (operations: find it in <c>pg_stat_activity</c>).</summary>
    public int? ListenerProcessId { get; private set; }

    /// <summary>How many times the listener has connected and run LISTEN.</summary>
    public long Connections => Interlocked.Read(ref connections);

    /// <summary>Completes once the listener's current connection is LISTENing (a new task after each loss).</summary>
    public Task Listening => Volatile.Read(ref listening).Task;

    /// <summary>Completes the next time the listener, after a failed attempt, has started waiting on the clock before the next one.</summary>
    public Task WaitingToReconnect => Volatile.Read(ref waitingToReconnect).Task;

    public IDisposable Subscribe(int treatmentId, Func<TreatmentChanged, Task> handler) => local.Subscribe(treatmentId, handler);

    public void Publish(TreatmentChanged change)
    {
        local.Publish(change);
        if (!outgoing.Writer.TryWrite(change))
            logger.LogWarning("Live-update queue full ({Capacity}): treatment {TreatmentId} change not sent to the other instances.", QueueCapacity, change.TreatmentId);
    }

    /// <summary>The listener and the sender, until <paramref name="stoppingToken"/> (shutdown); never throws.</summary>
    public Task RunAsync(CancellationToken stoppingToken) => Task.WhenAll(ListenAsync(stoppingToken), SendAsync(stoppingToken));

    /// <summary>The NOTIFY payload: sender, treatment, what (JSON, a few dozen bytes).</summary>
    internal string PayloadOf(TreatmentChanged change)
    {
        var payload = JsonSerializer.Serialize(new Payload(InstanceId, change.TreatmentId, WordOf(change.What)), Json);
        return payload.Length <= MaxPayloadBytes ? payload : throw new InvalidOperationException("Live-update payload too long.");
    }

    /// <summary>A word the payload may carry: lowercase letters and "-", at most 40; anything else becomes "changed".</summary>
    internal static string WordOf(string? what) => what is { Length: > 0 and <= 40 } && What().IsMatch(what) ? what : "changed";

    private async Task ListenAsync(CancellationToken ct)
    {
        var failures = 0;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(listenConnectionString);
                connection.Notification += OnNotification;
                await connection.OpenAsync(ct);
                await using (var listen = new NpgsqlCommand($"LISTEN \"{options.Channel}\"", connection))
                    await listen.ExecuteNonQueryAsync(ct);
                ListenerProcessId = connection.ProcessID;
                Interlocked.Increment(ref connections);
                if (failures > 0) logger.LogInformation("Live updates: listening again on PostgreSQL channel {Channel}; open screens reload.", options.Channel);
                failures = 0;
                // Whatever other instances changed before this LISTEN was not heard: every open screen reloads once.
                local.PublishToAll(TreatmentChanged.Reconnected);
                Volatile.Read(ref listening).TrySetResult();

                var ping = TimeSpan.FromSeconds(Math.Max(1, options.PingSeconds));
                while (true)
                {
                    if (await connection.WaitAsync(ping, ct)) continue;
                    // Idle for a while: prove the connection is alive (a dead one throws here and is reopened).
                    await using var probe = new NpgsqlCommand("SELECT 1", connection);
                    await probe.ExecuteScalarAsync(ct);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                failures++;
                if (failures == 1) logger.LogWarning(ex, "Live updates: the PostgreSQL listener lost its connection; reconnecting.");
                else logger.LogDebug(ex, "Live updates: reconnection attempt {Attempt} failed.", failures);
            }
            finally
            {
                ListenerProcessId = null;
                if (Volatile.Read(ref listening).Task.IsCompleted) Volatile.Write(ref listening, NewSignal());
            }

            var delay = ReconnectDelay(failures, options);
            if (delay <= TimeSpan.Zero) continue;
            try
            {
                var wait = Task.Delay(delay, time, ct);
                Interlocked.Exchange(ref waitingToReconnect, NewSignal()).TrySetResult();
                await wait;
            }
            catch (OperationCanceledException) { return; }
        }
    }

    /// <summary>0 for the first attempt after a loss (most losses are one-offs), then 1 s, 2 s, 4 s… up to the maximum, ±20 %.</summary>
    internal static TimeSpan ReconnectDelay(int failures, LiveUpdatesOptions options)
    {
        if (failures <= 1) return TimeSpan.Zero;
        var seconds = Math.Min(Math.Max(1, options.MaxReconnectDelaySeconds), Math.Pow(2, Math.Min(failures - 2, 20)));
        return TimeSpan.FromSeconds(seconds * (0.8 + Random.Shared.NextDouble() * 0.4));
    }

    private void OnNotification(object sender, NpgsqlNotificationEventArgs e)
    {
        if (e.Channel != options.Channel) return;
        Payload? payload;
        try { payload = JsonSerializer.Deserialize<Payload>(e.Payload, Json); }
        catch (JsonException) { payload = null; }
        if (payload is null || payload.I is null || payload.T <= 0)
        {
            logger.LogDebug("Live updates: ignored a malformed notification on {Channel}.", e.Channel);
            return;
        }
        if (payload.I == InstanceId) return; // ours: the local subscribers were told when it was published
        local.Publish(new TreatmentChanged(payload.T, WordOf(payload.W)));
    }

    private async Task SendAsync(CancellationToken ct)
    {
        var batch = new List<TreatmentChanged>();
        var failures = 0;
        try
        {
            while (await outgoing.Reader.WaitToReadAsync(ct))
            {
                while (batch.Count < 100 && outgoing.Reader.TryRead(out var change)) batch.Add(change);
                try
                {
                    await NotifyAsync(batch, ct);
                    batch.Clear();
                    failures = 0;
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    failures++;
                    if (failures >= 5)
                    {
                        // Other instances' listeners, cut off too, reload their screens when they reconnect.
                        logger.LogWarning(ex, "Live updates: {Count} change(s) could not be sent to the other instances.", batch.Count);
                        batch.Clear();
                        failures = 0;
                    }
                    else if (!await DelayAsync(TimeSpan.FromSeconds(Math.Pow(2, failures - 1)), ct)) break;
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { }

        // Shutting down: what was published just before still goes out, briefly.
        while (outgoing.Reader.TryRead(out var change)) batch.Add(change);
        if (batch.Count == 0) return;
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try { await NotifyAsync(batch, grace.Token); }
        catch (Exception ex) { logger.LogDebug(ex, "Live updates: {Count} change(s) not sent at shutdown.", batch.Count); }
    }

    private async Task NotifyAsync(List<TreatmentChanged> changes, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(notifyConnectionString);
        await connection.OpenAsync(ct);
        await using var batch = new NpgsqlBatch(connection);
        foreach (var payload in changes.Select(PayloadOf).Distinct())
        {
            var command = new NpgsqlBatchCommand("SELECT pg_notify($1, $2)");
            command.Parameters.Add(new NpgsqlParameter { Value = options.Channel });
            command.Parameters.Add(new NpgsqlParameter { Value = payload });
            batch.BatchCommands.Add(command);
        }
        await batch.ExecuteNonQueryAsync(ct);
    }

    private async Task<bool> DelayAsync(TimeSpan delay, CancellationToken ct)
    {
        if (delay <= TimeSpan.Zero) return !ct.IsCancellationRequested;
        try { await Task.Delay(delay, time, ct); return true; }
        catch (OperationCanceledException) { return false; }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed record Payload(
        [property: JsonPropertyName("i")] string? I,
        [property: JsonPropertyName("t")] int T,
        [property: JsonPropertyName("w")] string? W);

    [GeneratedRegex("^[a-z][a-z0-9_]{0,62}$")]
    private static partial Regex ChannelName();

    [GeneratedRegex("^[a-z][a-z-]*$")]
    private static partial Regex What();
}

/// <summary>Runs <see cref="PostgresTreatmentEvents.RunAsync"/> for the host's lifetime; nothing to do on SQLite.</summary>
public sealed class TreatmentEventsRelay(ITreatmentEvents events) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        events is PostgresTreatmentEvents postgres ? postgres.RunAsync(stoppingToken) : Task.CompletedTask;
}

public static class TreatmentEventsRegistration
{
    /// <summary>
    /// <see cref="ITreatmentEvents"/>: in-process on SQLite, LISTEN/NOTIFY on PostgreSQL (<c>Database:Provider</c> and
    /// <see cref="LiveUpdatesOptions"/> read when first resolved, so configuration a test host adds later counts), plus the
    /// hosted relay. Safe to call more than once.
    /// </summary>
    public static IServiceCollection AddTreatmentEvents(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<TreatmentEvents>();
        services.TryAddSingleton<ITreatmentEvents>(sp =>
        {
            var local = sp.GetRequiredService<TreatmentEvents>();
            if (DatabaseProviders.FromConfiguration(configuration) != DatabaseProvider.PostgreSQL) return local;
            var connectionString = configuration.GetConnectionString("DefaultConnection")
                ?? throw new InvalidOperationException("ConnectionStrings:DefaultConnection is not configured.");
            return new PostgresTreatmentEvents(local, connectionString,
                configuration.GetSection(LiveUpdatesOptions.Section).Get<LiveUpdatesOptions>() ?? new LiveUpdatesOptions(),
                sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<PostgresTreatmentEvents>>());
        });
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, TreatmentEventsRelay>());
        return services;
    }
}
