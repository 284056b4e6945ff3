// DentistPortal's reverse proxy (issue 12, "Several instances behind one address"): one public address in front of N
// portal instances. Everything it does is YARP's own, configured in appsettings.json / environment variables
// (section "ReverseProxy"): one catch-all route to the cluster "portal"; sticky sessions by cookie (Blazor Server keeps
// each page's state in one process); active probes of /health/ready and passive watching of failed requests; an
// affinity whose instance is down is redistributed; WebSockets (Blazor's /_blazor) pass through; X-Forwarded-For/-Proto/
// -Host are set (replacing whatever a client sent) for the portal's ReverseProxy:KnownProxies. See docs/deployment.md.

var builder = WebApplication.CreateBuilder(args);
builder.WebHost.ConfigureKestrel(o => o.AddServerHeader = false);
builder.Services.AddReverseProxy().LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"));

var app = builder.Build();
// With a TLS endpoint (Kestrel:Endpoints:Https), set HTTPS_PORT (env ASPNETCORE_HTTPS_PORT, e.g. 443) to send plain-HTTP
// visitors there; the portal adds HSTS to the HTTPS answers itself (it reads X-Forwarded-Proto from this proxy).
if (!string.IsNullOrEmpty(app.Configuration["HTTPS_PORT"])) app.UseHttpsRedirection();
// The proxy's own liveness (the portal's probes go through to an instance: /health/live, /health/ready).
app.MapGet("/proxy/health", () => Results.Text("Healthy")).ShortCircuit();
// The default pipeline: session affinity, load balancing, passive health checks, then the forwarder.
app.MapReverseProxy();
await app.RunAsync();
