using System.Net;
using System.Text.RegularExpressions;

namespace DentistPortal.Tests.Infrastructure;

/// <summary>
/// Signs in through the real login form (antiforgery token and all), as a browser would. For operator accounts
/// (two-factor required, issue 10) it types the authenticator code computed from <see cref="DemoSecrets"/>, and for an
/// operator created without an authenticator it goes through the forced enrolment, as a person with an app would.
/// </summary>
public static partial class LoginHelper
{
    public const string DemoPassword = "Demo@2026!";

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    [GeneratedRegex("data-testid=\"authenticator-key\"[^>]*>([A-Z2-7 ]+)<")]
    private static partial Regex AuthenticatorKey();

    public static async Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string email, string password)
        => await PostFormAsync(client, "/Account/Login", "login", new() { ["Input.Email"] = email, ["Input.Password"] = password });

    /// <summary>GETs <paramref name="url"/> for its antiforgery token, then posts the Blazor form <paramref name="formName"/> to it.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string url, string formName, Dictionary<string, string> fields)
    {
        var page = await client.GetStringAsync(url);
        var form = new Dictionary<string, string>(fields)
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(AntiforgeryField().Match(page).Groups[1].Value),
            ["_handler"] = formName,
        };
        return await client.PostAsync(url, new FormUrlEncodedContent(form));
    }

    /// <summary>Posts an authenticator code on the two-factor step the login redirected to.</summary>
    public static Task<HttpResponseMessage> PostTwoFactorCodeAsync(HttpClient client, Uri twoFactorPage, string code)
        => PostFormAsync(client, twoFactorPage.PathAndQuery, "login-with-2fa", new() { ["Input.TwoFactorCode"] = code });

    public static async Task SignInAsync(HttpClient client, string email)
    {
        var response = await PostLoginAsync(client, email, DemoPassword);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        if (location.ToString().Contains("/Account/LoginWith2fa", StringComparison.OrdinalIgnoreCase))
        {
            var code = await PostTwoFactorCodeAsync(client, location, DemoSecrets.CurrentCode(DemoSecrets.SecretOf(email)));
            Assert.True(code.StatusCode == HttpStatusCode.Redirect, $"The authenticator code of {email} was refused.");
            location = code.Headers.Location!;
        }
        if (location.ToString().Contains("/Account/Manage/EnableAuthenticator", StringComparison.OrdinalIgnoreCase))
            await EnrolAsync(client, email);
    }

    /// <summary>The forced enrolment of an operator without an authenticator: reads the key shown, types its code.</summary>
    public static async Task<string> EnrolAsync(HttpClient client, string email)
    {
        const string page = "/Account/Manage/EnableAuthenticator";
        var html = await client.GetStringAsync(page);
        var key = AuthenticatorKey().Match(html).Groups[1].Value.Replace(" ", "", StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(key), "The enrolment page shows no authenticator key.");
        var done = await PostFormAsync(client, page, "enable-authenticator", new() { ["Input.Code"] = DemoSecrets.CurrentCode(key) });
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Contains("data-testid=\"recovery-codes\"", await done.Content.ReadAsStringAsync());
        DemoSecrets.Enrolled[email] = key;
        return key;
    }
}
