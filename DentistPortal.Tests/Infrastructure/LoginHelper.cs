using System.Net;
using System.Text.RegularExpressions;

namespace DentistPortal.Tests.Infrastructure;

/// <summary>Signs in through the real login form (antiforgery token and all), as a browser would.</summary>
public static partial class LoginHelper
{
    public const string DemoPassword = "Demo@2026!";

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    public static async Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string email, string password)
    {
        var page = await client.GetStringAsync("/Account/Login");
        var token = AntiforgeryField().Match(page).Groups[1].Value;
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
            ["_handler"] = "login",
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });
        return await client.PostAsync("/Account/Login", form);
    }

    public static async Task SignInAsync(HttpClient client, string email)
    {
        var response = await PostLoginAsync(client, email, DemoPassword);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }
}
