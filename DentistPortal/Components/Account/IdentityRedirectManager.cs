using DentistPortal.Infrastructure.Identity;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Identity;

namespace DentistPortal.Components.Account;

internal sealed class IdentityRedirectManager(NavigationManager navigationManager)
{
    public const string StatusCookieName = "Identity.StatusMessage";

    private static readonly CookieBuilder StatusCookieBuilder = new()
    {
        SameSite = SameSiteMode.Strict,
        HttpOnly = true,
        IsEssential = true,
        MaxAge = TimeSpan.FromSeconds(5),
    };

    public void RedirectTo(string? uri)
    {
        uri ??= "";

        navigationManager.NavigateTo(LocalOrHome(uri, navigationManager.BaseUri));
    }

    /// <summary>
    /// Prevents open redirects without failing (issue 10: no server error on any input): an address of this portal is
    /// kept (made base-relative), anything pointing elsewhere (another host, <c>//host</c>, <c>/\host</c>, a scheme such as
    /// <c>javascript:</c>) becomes the home page.
    /// </summary>
    internal static string LocalOrHome(string uri, string baseUri)
    {
        if (uri.StartsWith(baseUri, StringComparison.OrdinalIgnoreCase)) return uri[baseUri.Length..];
        if (uri.Length == 0 || uri.Contains('\\') || uri.StartsWith("//", StringComparison.Ordinal)) return "";
        var colon = uri.IndexOf(':');
        var firstSeparator = uri.IndexOfAny(['/', '?', '#']);
        if (colon >= 0 && (firstSeparator < 0 || colon < firstSeparator)) return "";
        return uri.Any(char.IsControl) ? "" : uri;
    }

    public void RedirectTo(string uri, Dictionary<string, object?> queryParameters)
    {
        var uriWithoutQuery = navigationManager.ToAbsoluteUri(uri).GetLeftPart(UriPartial.Path);
        var newUri = navigationManager.GetUriWithQueryParameters(uriWithoutQuery, queryParameters);
        RedirectTo(newUri);
    }

    public void RedirectToWithStatus(string uri, string message, HttpContext context)
    {
        context.Response.Cookies.Append(StatusCookieName, message, StatusCookieBuilder.Build(context));
        RedirectTo(uri);
    }

    private string CurrentPath => navigationManager.ToAbsoluteUri(navigationManager.Uri).GetLeftPart(UriPartial.Path);

    public void RedirectToCurrentPageWithStatus(string message, HttpContext context)
        => RedirectToWithStatus(CurrentPath, message, context);

    public void RedirectToInvalidUser(UserManager<ApplicationUser> userManager, HttpContext context)
        => RedirectToWithStatus("Account/InvalidUser", "Erro: não foi possível carregar o seu usuário. Entre novamente.", context);
}
