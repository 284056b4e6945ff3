using System.Text.RegularExpressions;

namespace DentistPortal.Tests.EndToEnd;

/// <summary>Reads codes from the development inbox page (/dev/mensagens) in a separate page, as a tester would.</summary>
public static partial class DevInbox
{
    // Through the holder the patient is named: "token 123456 de Pedro trat ..." (issue 9 §7).
    [GeneratedRegex(@"token (\d{6})(?: de \S+)? trat (\d+)")]
    private static partial Regex SmsCode();

    [GeneratedRegex(@"(?:Seu token de atendimento|O token do atendimento de \S+) .*? é: (\d{6}).*?Tratamento nº (\d+)", RegexOptions.Singleline)]
    private static partial Regex EmailCode();

    public static Task<string> ReadSmsCodeAsync(BrowserFixture browser, string treatmentNumber, string? notThisCode = null, string? screenshot = null) =>
        ReadAsync(browser, "Sms", SmsCode(), treatmentNumber, notThisCode, screenshot);

    public static Task<string> ReadEmailCodeAsync(BrowserFixture browser, string treatmentNumber, string? notThisCode = null) =>
        ReadAsync(browser, "Email", EmailCode(), treatmentNumber, notThisCode, null);

    private static async Task<string> ReadAsync(BrowserFixture browser, string channel, Regex pattern, string treatmentNumber, string? notThisCode, string? screenshot)
    {
        var inbox = await browser.NewDevInboxPageAsync();
        try
        {
            for (var i = 0; i < 40; i++)
            {
                await inbox.GotoAsync("/dev/mensagens");
                foreach (var body in await inbox.Locator($"[data-testid=dev-message][data-channel={channel}] pre").AllInnerTextsAsync())
                {
                    var m = pattern.Match(body);
                    if (m.Success && m.Groups[2].Value == treatmentNumber && m.Groups[1].Value != notThisCode)
                    {
                        if (screenshot is not null)
                            await inbox.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDir, screenshot), FullPage = true });
                        return m.Groups[1].Value;
                    }
                }
                await Task.Delay(250);
            }
        }
        finally
        {
            await inbox.Context.CloseAsync();
        }
        throw new InvalidOperationException($"No {channel} message for treatment {treatmentNumber} reached the development inbox.");
    }
}
