using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace DentistPortal.Infrastructure.Webhooks;

/// <summary>
/// The signature header of every webhook post (docs/webhooks.md, "Verifying"):
/// <c>X-DentistPortal-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256(secret, "&lt;t&gt;.&lt;body&gt;")&gt;</c>, the key being
/// the UTF-8 bytes of the whole secret as shown ("whsec_…"). The timestamp lets the receiver refuse replays.
/// </summary>
public static class WebhookSignature
{
    public const string Header = "X-DentistPortal-Signature";
    public const string EventIdHeader = "X-DentistPortal-Event-Id";

    public static string Compute(string secret, long unixSeconds, string body)
    {
        var t = unixSeconds.ToString(CultureInfo.InvariantCulture);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(t + "." + body));
        return $"t={t},v1={Convert.ToHexStringLower(mac)}";
    }
}
