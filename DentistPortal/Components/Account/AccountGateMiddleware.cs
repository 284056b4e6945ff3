using System.Security.Claims;
using DentistPortal.Domain.Access;
using DentistPortal.Features.Accounts;

namespace DentistPortal.Components.Account;

/// <summary>
/// The one place that enforces <see cref="AccountGate"/> (issue 10, Accounts), on every request of a signed-in user,
/// from the database (not from the cookie, not from a redirect in the login page): an account with a pending step
/// reaches only that step's page, the login/logout pages and static files. Pages are redirected to the step's page;
/// anything else (the interactive circuit <c>/_blazor</c>, documents, CSV exports, form posts) is answered 403.
/// </summary>
internal sealed class AccountGateMiddleware(RequestDelegate next)
{
    private static readonly string[] AlwaysOpen =
    [
        "/Account/Login", "/Account/LoginWith2fa", "/Account/LoginWithRecoveryCode", "/Account/Logout",
        "/Account/Lockout", "/Account/AccessDenied", "/Account/InvalidUser", "/not-found", "/Error",
    ];

    private static readonly string[] StaticPrefixes = ["/_framework/", "/_content/"];


    public async Task InvokeAsync(HttpContext context, GetPendingAccountStepHandler pendingStep)
    {
        var userId = context.User.Identity?.IsAuthenticated == true ? context.User.FindFirstValue(ClaimTypes.NameIdentifier) : null;
        if (userId is null || IsOpen(context))
        {
            await next(context);
            return;
        }

        var step = await pendingStep.HandleAsync(userId, context.RequestAborted);
        var target = step switch
        {
            AccountGateStep.ChangePassword => "/" + PortalSessionStarter.ChangePasswordPage,
            AccountGateStep.EnrolAuthenticator => "/" + PortalSessionStarter.EnrolPage,
            _ => null,
        };
        if (target is null || context.Request.Path.Equals(target, StringComparison.OrdinalIgnoreCase))
        {
            await next(context);
            return;
        }

        context.Response.Headers.CacheControl = "no-store";
        if ((HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
            && !context.Request.Path.StartsWithSegments("/_blazor"))
            context.Response.Redirect(target);
        else
        {
            // Answered here, with a body, so the status-code page does not re-execute it as a page.
            if (context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>() is { } pages) pages.Enabled = false;
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync(step == AccountGateStep.ChangePassword
                ? "Troque a senha definida pelo administrador antes de continuar."
                : "Configure a verificação em duas etapas antes de continuar.", context.RequestAborted);
        }
    }

    private static bool IsOpen(HttpContext context)
    {
        var path = context.Request.Path;
        var value = path.Value ?? "/";
        // The clinic API authenticates by key, never by a person's session: the account steps do not apply (issue 11).
        if (DentistPortal.Infrastructure.Web.ApiProblem.IsApi(context)) return true;
        if (AlwaysOpen.Any(p => path.Equals(p, StringComparison.OrdinalIgnoreCase))) return true;
        if (StaticPrefixes.Any(p => value.StartsWith(p, StringComparison.OrdinalIgnoreCase))) return true;
        // A static file is recognised by the endpoint routing chose (MapStaticAssets), never by the address's extension:
        // "/tratamentos/1.png" is a page route, and must stay behind the gate.
        return context.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.StaticAssets.StaticAssetDescriptor>() is not null;
    }
}

/// <summary>Program.cs's two lines for the account rules of issue 10 (Accounts).</summary>
internal static class AccountSecurityExtensions
{
    /// <summary>Services of the login steps (session start with the clinic claim).</summary>
    public static IServiceCollection AddAccountSecurity(this IServiceCollection services)
    {
        services.AddScoped<PortalSessionStarter>();
        return services;
    }

    /// <summary>After authentication: a signed-in account with a pending step reaches only that step.</summary>
    public static IApplicationBuilder UseAccountGate(this IApplicationBuilder app) => app.UseMiddleware<AccountGateMiddleware>();
}
