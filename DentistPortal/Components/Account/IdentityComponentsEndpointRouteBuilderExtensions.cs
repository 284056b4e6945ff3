using DentistPortal.Components.Layout;
using DentistPortal.Infrastructure.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Microsoft.AspNetCore.Routing;

internal static class IdentityComponentsEndpointRouteBuilderExtensions
{
    /// <summary>Endpoints the account pages post to (logout). Antiforgery is validated by the form pipeline.</summary>
    public static IEndpointConventionBuilder MapAdditionalIdentityEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var accountGroup = endpoints.MapGroup("/Account");

        accountGroup.MapPost("/Logout", async (
            [FromServices] SignInManager<ApplicationUser> signInManager,
            [FromForm] string? returnUrl) =>
        {
            await signInManager.SignOutAsync();
            return TypedResults.LocalRedirect("~/Account/Login");
        });

        // Issue 14 ("Language and time", WCAG 2.2.1): "Continuar conectado" renews the session cookie from the open page
        // (the circuit makes no HTTP request, so sliding expiration never sees the user working). Same claims (the clinic
        // chosen after login included), a new expiry; no input, nothing else changes.
        // Cross-site protection (issue 13 review): besides SameSite=Lax, the request must carry the custom header
        // SessionTimeoutWarning.RenewHeader that wwwroot/session.js sends. A form on another site cannot send a header,
        // and a script on another site would need a CORS preflight the portal never grants (OWASP CSRF cheat sheet,
        // "custom request headers"). Without it: 400 and the cookie is left as it was.
        accountGroup.MapPost("/RenovarSessao", async (HttpContext context) =>
        {
            if (context.Request.Headers[SessionTimeoutWarning.RenewHeader] != SessionTimeoutWarning.RenewHeaderValue)
                return Results.BadRequest("Pedido de renovação da sessão sem o cabeçalho do portal.");
            var current = await context.AuthenticateAsync(IdentityConstants.ApplicationScheme);
            if (!current.Succeeded || current.Properties is null) return Results.Unauthorized();
            current.Properties.IssuedUtc = null;
            current.Properties.ExpiresUtc = null;
            await context.SignInAsync(IdentityConstants.ApplicationScheme, current.Principal, current.Properties);
            return Results.Text(SessionTimeoutWarning.RenewedAnswer);
        });

        return accountGroup;
    }
}
