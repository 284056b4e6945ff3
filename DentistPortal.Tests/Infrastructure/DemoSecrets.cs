using System.Collections.Concurrent;
using OtpNet;

namespace DentistPortal.Tests.Infrastructure;

/// <summary>
/// The one table of the demo operators' authenticator secrets (base32) and recovery codes, as the README lists them
/// (issue 10, Accounts). Login helpers compute the current TOTP code from here, the way an authenticator app would.
/// Accounts a test enrols itself (forced enrolment of a new operator) are remembered in <see cref="Enrolled"/>.
/// </summary>
public static class DemoSecrets
{
    public static readonly IReadOnlyDictionary<string, (string Secret, string[] RecoveryCodes)> Operators =
        new Dictionary<string, (string, string[])>(StringComparer.OrdinalIgnoreCase)
        {
            ["central@demo.local"] = ("4BAWDPOCZBFFLGQQHYKNMZAX63IKT5G3", ["78CBG-2TXJH", "X3B4N-NYN3Y", "7MCHM-HB83P"]),
            ["auditor@demo.local"] = ("HKGBQFAIFCCYJZK4TPE3GXCUSHRCDRSM", ["6KKRQ-BFNDC", "N222G-FPJFC", "7YF6B-DNYPR"]),
            ["admin@demo.local"] = ("HV3VBMMLNJZ3MOQCKDP22PTUCYHEO2N5", ["DF7FP-3HJ2V", "8MFDJ-K3VRD", "RJX6Y-H6YR7"]),
        };

    /// <summary>Keys of accounts enrolled during the test run (by the login helpers), by e-mail; the latest wins.</summary>
    public static readonly ConcurrentDictionary<string, string> Enrolled = new(StringComparer.OrdinalIgnoreCase);

    public static string SecretOf(string email) =>
        Enrolled.TryGetValue(email, out var enrolled) ? enrolled
        : Operators.TryGetValue(email, out var demo) ? demo.Secret
        : throw new InvalidOperationException($"No authenticator secret known for {email}.");

    /// <summary>
    /// The code an authenticator app shows now. Identity 10's AuthenticatorTokenProvider accepts the codes of the
    /// current 30 s step and two steps either side, and does not refuse a code already used, so many logins of the same
    /// account within one step all pass, and a step boundary between computing and checking does not matter.
    /// </summary>
    public static string CurrentCode(string secret) => new Totp(Base32Encoding.ToBytes(secret.Replace(" ", "", StringComparison.Ordinal))).ComputeTotp();

    /// <summary>A code that is certainly wrong now: none of the five accepted steps gives it.</summary>
    public static string WrongCode(string secret)
    {
        var totp = new Totp(Base32Encoding.ToBytes(secret));
        var now = DateTime.UtcNow;
        var accepted = Enumerable.Range(-3, 7).Select(i => totp.ComputeTotp(now.AddSeconds(30 * i))).ToHashSet();
        for (var n = 0; ; n++)
        {
            var candidate = n.ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
            if (!accepted.Contains(candidate)) return candidate;
        }
    }
}
