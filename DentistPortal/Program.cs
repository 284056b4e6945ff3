using System.Globalization;
using DentistPortal.Components;
using DentistPortal.Components.Account;
using DentistPortal.Components.Endpoints;
using DentistPortal.Components.Pages.Admin;
using DentistPortal;
using DentistPortal.Features.Api;
using Scalar.AspNetCore;
using DentistPortal.Infrastructure.Data;
using DentistPortal.Infrastructure.Health;
using DentistPortal.Infrastructure.Identity;
using DentistPortal.Infrastructure.Web;
using DentistPortal.Infrastructure.Security;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;
using MudBlazor.Services;

var builder = WebApplication.CreateBuilder(args);
UseRootAppSettings(builder.Configuration);

var ptBr = CultureInfo.GetCultureInfo("pt-BR");
CultureInfo.DefaultThreadCurrentCulture = ptBr;
CultureInfo.DefaultThreadCurrentUICulture = ptBr;

builder.Services.AddRazorComponents().AddInteractiveServerComponents();
// Portuguese text as written ("Clínica", not "Cl&#xED;nica") in the prerendered HTML.
builder.Services.AddSingleton(System.Text.Encodings.Web.HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All));
builder.Services.AddMudServices();
// Issue 14: MudBlazor's own accessible names in pt-BR ("Abrir ou fechar Administração", the date pickers' buttons).
builder.Services.AddTransient<MudBlazor.MudLocalizer, DentistPortal.Components.PortalMudLocalizer>();

builder.Services.AddCascadingAuthenticationState();
builder.Services.AddScoped<IdentityRedirectManager>();
builder.Services.AddScoped<AuthenticationStateProvider, IdentityRevalidatingAuthenticationStateProvider>();
builder.Services.AddAuthentication(options =>
    {
        // Pages use the Identity cookie; /api only the clinic's API key (issue 11): neither opens the other's door.
        options.DefaultScheme = PortalAuthentication.Scheme;
        options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
    })
    .AddPolicyScheme(PortalAuthentication.Scheme, null, o => o.ForwardDefaultSelector = PortalAuthentication.SchemeFor)
    .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthenticator>(ApiKeyAuthenticator.SchemeName, null)
    .AddIdentityCookies();
builder.Services.ConfigureApplicationCookie(o =>
{
    o.LoginPath = "/Account/Login";
    o.LogoutPath = "/Account/Logout";
    o.AccessDeniedPath = "/Account/AccessDenied";
    o.ExpireTimeSpan = TimeSpan.FromHours(10);
    o.SlidingExpiration = true;
    o.Cookie.Name = "DentistPortal.Auth";
    o.Cookie.HttpOnly = true;
    o.Cookie.SameSite = SameSiteMode.Lax;
});
builder.Services.Configure<SecurityStampValidatorOptions>(o =>
{
    // The clinic chosen after login lives in the cookie; keep it when Identity refreshes the principal.
    o.OnRefreshingPrincipal = ctx =>
    {
        if (ctx.CurrentPrincipal?.FindFirst(PortalClaims.ClinicId) is { } clinic && ctx.NewPrincipal?.Identity is System.Security.Claims.ClaimsIdentity id)
            id.AddClaim(new System.Security.Claims.Claim(PortalClaims.ClinicId, clinic.Value));
        return Task.CompletedTask;
    };
});
// Identity refreshes the cookie's principal once per interval (issue 9 §5: a minute, not the default 30); a disabled
// account's or a changed stamp's cookie is refused at its very next request by CookieStampCheck.
builder.Services.AddOptions<SecurityStampValidatorOptions>()
    .Configure<IConfiguration>((o, configuration) => o.ValidationInterval = IdentityRevalidatingAuthenticationStateProvider.Interval(configuration));
builder.Services.AddCookieStampCheck();
builder.Services.AddAuthorization(o => o.AddPolicy(ApiEndpoints.Policy, p => p.AddAuthenticationSchemes(ApiKeyAuthenticator.SchemeName).RequireAuthenticatedUser()));
builder.Services.AddProblemDetails();
// Numbers are numbers (issue 11, OpenAPI): the web defaults would also read "16" as 16 and document every integer as
// ["integer","string"]; minimal APIs (the clinic API) read and write with these options.
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict);
builder.Services.AddOpenApi(ApiOpenApi.DocumentName, ApiOpenApi.Configure);
builder.Services.AddAccountSecurity();

builder.Services.AddPortalCore(builder.Configuration);
builder.Services.AddPortalKeyStorage(); // Data Protection keys encrypted at rest, outside data/ (issue 10, Keys and secrets)

// Issue 10: proxy, cookies and HSTS; security headers; rate limits (Infrastructure/Web).
builder.Services.AddPortalTransport(builder.Configuration, builder.Environment);
builder.Services.AddPortalSecurityHeaders();
builder.Services.AddPortalRateLimits();
builder.Services.AddSingleton<BlankGuidePdf>();
// Issue 12: /health/live and /health/ready for the proxy and monitoring (Infrastructure/Health).
builder.Services.AddPortalHealthChecks();

var app = builder.Build();
app.EnforceEnvironmentRules(); // refuses to start on an unsafe configuration (issue 10)

await app.Services.GetRequiredService<DatabaseInitializer>().InitializeAsync();
app.EnsureDataProtectionKeysReadable(); // every instance reads the shared keys with its certificate (issue 12)

app.UsePortalTransport();
app.UsePortalSecurityHeaders();
if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error", createScopeForErrors: true);
}
app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.UseRequestLocalization(new RequestLocalizationOptions
{
    DefaultRequestCulture = new RequestCulture(ptBr),
    SupportedCultures = [ptBr],
    SupportedUICultures = [ptBr],
});

// Explicit, so the proxy, header and cookie middleware above run before authentication challenges and redirects.
app.UseApiProblems(); // /api answers problem+json, never a page or a stack trace (issue 11)
app.UseRouting();
app.UseAuthentication();
app.UseMalformedFormRefusal(); // a form body that cannot be read is a 400, not a 500 (rate limits and antiforgery read it next)
app.UsePortalRateLimits();
// Before authorization: an operator without an authenticator reaches only the enrolment page, whatever the route.
app.UseAccountGate();
app.UseAuthorization();
app.UseAntiforgery();
app.MapStaticAssets();
// Short-circuited right after routing: anonymous, outside the rate limits, the account gate and antiforgery.
app.MapPortalHealthChecks();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
app.MapAdditionalIdentityEndpoints();
app.MapDocumentEndpoints();
app.MapTissEndpoints();
app.MapReportExports();
app.MapAuditExports();
app.MapPortalApi();
// Public in every environment: it describes the API and holds no data or secret (docs/api.md); the reference page only in Development.
app.MapOpenApi().AllowAnonymous();
// Scalar's scripts carry the response's CSP nonce and it uses local fonts (no fonts.scalar.com), so the page runs under the
// portal's own strict policy, unchanged.
if (app.Environment.IsDevelopment())
    app.MapScalarApiReference((o, http) => o.WithNonce(NetEscapades.AspNetCore.SecurityHeaders.HttpContextExtensions.GetNonce(http)).DisableDefaultFonts())
        .AllowAnonymous();

await app.RunAsync();

// The configuration file sits at the repository root (linked into the build output); read it from
// there so `dotnet run` from the project folder and a published build see the same settings.
static void UseRootAppSettings(ConfigurationManager configuration)
{
    var sources = configuration.Sources;
    for (var i = 0; i < sources.Count; i++)
    {
        if (sources[i] is JsonConfigurationSource { Path: "appsettings.json" } json)
        {
            sources[i] = new JsonConfigurationSource
            {
                Path = "appsettings.json",
                Optional = false,
                ReloadOnChange = json.ReloadOnChange,
                FileProvider = new PhysicalFileProvider(AppContext.BaseDirectory),
            };
            return;
        }
    }
}

public partial class Program;
