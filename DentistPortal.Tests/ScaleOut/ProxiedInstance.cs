using System.Collections.Concurrent;
using DentistPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace DentistPortal.Tests.ScaleOut;

/// <summary>
/// One of several real portal instances (Kestrel on a loopback port) on one PostgreSQL database, sharing the Data
/// Protection key folder and the development secrets (certificate) with its siblings, so a sign-in cookie issued by one
/// is read by the others, as docs/deployment.md asks of a real deployment. It believes X-Forwarded-* from 127.0.0.1
/// (the proxy). <see cref="Requests"/> is a test-only log of the paths it served (the proof of which instance answered);
/// nothing of it exists outside this test host.
/// </summary>
public sealed class ProxiedInstance(string name, string connectionString, string sharedFolder) : PortalFactory
{
    public string Name { get; } = name;

    /// <summary>Every request this instance answered, in order (health probes included), as it arrived from the proxy.</summary>
    public ConcurrentQueue<SeenRequest> Requests { get; } = new();

    /// <summary>The paths a browser or client asked for (not the proxy's health probes).</summary>
    public IReadOnlyList<string> UserRequests => Requests.Select(r => r.Path).Where(p => !p.StartsWith("/health/", StringComparison.Ordinal)).ToList();

    public bool Stopped { get; private set; }

    protected override bool UseRealServer => true;

    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings =>
    [
        new("Database:Provider", "PostgreSQL"),
        new("ConnectionStrings:DefaultConnection", connectionString),
        new("DataProtection:KeysFolder", Path.Combine(sharedFolder, "keys")),
        new("DevSecrets:Folder", Path.Combine(sharedFolder, "dev-secrets")),
        new("ReverseProxy:KnownProxies:0", "127.0.0.1"),
    ];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter>(new RequestLog(Requests)));
    }

    /// <summary>Stops the instance (its circuits end, its port closes) as a stopped service would.</summary>
    public async Task StopAsync()
    {
        Stopped = true;
        await DisposeAsync();
    }

    /// <summary>A request's path and the raw headers the proxy is responsible for (before the portal's forwarded-headers step).</summary>
    public sealed record SeenRequest(string Path, string Host, string? ForwardedFor, string? ForwardedProto, string? ForwardedHost);

    private sealed class RequestLog(ConcurrentQueue<SeenRequest> log) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((HttpContext context, RequestDelegate nextDelegate) =>
            {
                var h = context.Request.Headers;
                log.Enqueue(new SeenRequest(context.Request.Path.Value ?? "", context.Request.Host.Value ?? "",
                    h["X-Forwarded-For"].FirstOrDefault(), h["X-Forwarded-Proto"].FirstOrDefault(), h["X-Forwarded-Host"].FirstOrDefault()));
                return nextDelegate(context);
            });
            next(app);
        };
    }
}
