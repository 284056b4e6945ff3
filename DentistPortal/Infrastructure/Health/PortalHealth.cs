using System.Text.Json;
using DentistPortal.Infrastructure.Data;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DentistPortal.Infrastructure.Health;

/// <summary>
/// Issue 12 (Several instances behind one address): the probes the proxy and the operator's monitoring call.
/// <list type="bullet">
/// <item><c>/health/live</c>: the process answers; no dependency is asked (a database outage must not get every instance
/// restarted).</item>
/// <item><c>/health/ready</c>: may this instance take traffic? 503 when its database does not answer
/// (<c>AddDbContextCheck</c> on both providers, plus <c>AddNpgSql</c> on PostgreSQL). The SMTP server and the SMS gateway
/// are probed too but can only make it <b>Degraded</b> (still 200): a gateway outage hits every instance alike, and
/// taking them all out of the proxy would stop the portal instead of delaying messages (the outbox retries them).</item>
/// </list>
/// Both are anonymous and answered right after routing (short-circuit: no rate limit, account gate or antiforgery), never
/// cached, and say only the status of each check by name: no exception text, host name or connection string.
/// </summary>
public static class PortalHealth
{
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";

    /// <summary>The checks <c>/health/ready</c> runs.</summary>
    public const string ReadyTag = "ready";

    public const string DatabaseCheck = "database";
    public const string PostgreSqlCheck = "postgresql";
    public const string SmtpCheck = "smtp";
    public const string SmsGatewayCheck = "sms-gateway";

    /// <summary>How long a database check may take before it counts as failed.</summary>
    public static readonly TimeSpan DatabaseTimeout = TimeSpan.FromSeconds(5);

    public static IServiceCollection AddPortalHealthChecks(this IServiceCollection services)
    {
        services.AddSingleton<GatewayReachability>();
        services.AddHealthChecks()
            .AddDbContextCheck<AppDbContext>(DatabaseCheck, HealthStatus.Unhealthy, [ReadyTag])
            .AddCheck<SmtpReachabilityCheck>(SmtpCheck, HealthStatus.Degraded, [ReadyTag])
            .AddCheck<SmsGatewayReachabilityCheck>(SmsGatewayCheck, HealthStatus.Degraded, [ReadyTag]);
        // The registrations above time out through the checks themselves; the database one gets a fixed budget here.
        services.Configure<HealthCheckServiceOptions>(o =>
        {
            foreach (var r in o.Registrations.Where(r => r.Name == DatabaseCheck)) r.Timeout = DatabaseTimeout;
        });
        // PostgreSQL's own probe (a fresh connection, SELECT 1) only when Database:Provider says so. Read when the health
        // service is first built, not now: a test host or the command line adds configuration after registration
        // (the same rule as PortalDbContextFactory).
        services.AddOptions<HealthCheckServiceOptions>().Configure<IConfiguration>((o, configuration) =>
        {
            if (DatabaseProviders.FromConfiguration(configuration) != DatabaseProvider.PostgreSQL) return;
            var collector = new RegistrationCollector();
            collector.AddNpgSql(
                sp => PostgresConnectionStrings.Resolve(sp.GetRequiredService<IConfiguration>().GetConnectionString("DefaultConnection")
                    ?? throw new InvalidOperationException("ConnectionStrings:DefaultConnection is not configured.")),
                name: PostgreSqlCheck, failureStatus: HealthStatus.Unhealthy, tags: [ReadyTag], timeout: DatabaseTimeout);
            foreach (var registration in collector.Registrations) o.Registrations.Add(registration);
        });
        return services;
    }

    /// <summary>Maps both probes; call right after <c>UseRouting</c>'s place in the pipeline is known (they short-circuit).</summary>
    public static IEndpointRouteBuilder MapPortalHealthChecks(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync })
            .ShortCircuit().AllowAnonymous().DisableRateLimiting();
        endpoints.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = r => r.Tags.Contains(ReadyTag), ResponseWriter = WriteAsync })
            .ShortCircuit().AllowAnonymous().DisableRateLimiting();
        return endpoints;
    }

    /// <summary><c>{"status":"Degraded","checks":{"database":"Healthy","smtp":"Degraded",…}}</c>: names and statuses only.</summary>
    internal static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new Dictionary<string, object>
        {
            ["status"] = report.Status.ToString(),
            ["checks"] = report.Entries.ToDictionary(e => e.Key, e => e.Value.Status.ToString()),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body), context.RequestAborted);
    }

    /// <summary>Lets the library's <c>AddNpgSql</c> build its registration without registering it yet.</summary>
    private sealed class RegistrationCollector : IHealthChecksBuilder
    {
        public List<HealthCheckRegistration> Registrations { get; } = [];
        public IServiceCollection Services { get; } = new ServiceCollection();

        public IHealthChecksBuilder Add(HealthCheckRegistration registration)
        {
            Registrations.Add(registration);
            return this;
        }
    }
}
