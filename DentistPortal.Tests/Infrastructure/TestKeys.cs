namespace DentistPortal.Tests.Infrastructure;

/// <summary>The token HMAC key every test portal uses (issue 10: outside Development a key must be configured).</summary>
public static class TestKeys
{
    public const string HmacKeyId = "test-1";
    public const string HmacKey = "dGVzdC1rZXktMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAw"; // 38 bytes

    /// <summary>A second key, for rotation tests.</summary>
    public const string SecondHmacKeyId = "test-2";
    public const string SecondHmacKey = "c2Vjb25kLWtleS0xMTExMTExMTExMTExMTExMTExMTExMTExMTEx";

    /// <summary>Settings of a portal after the first key was removed from the ring (only the second, current).</summary>
    public static readonly KeyValuePair<string, string?>[] FirstKeyRemoved =
    [
        new("Tokens:HmacKeys:" + HmacKeyId, null),
        new("Tokens:HmacKeys:" + SecondHmacKeyId, SecondHmacKey),
        new("Tokens:CurrentHmacKeyId", SecondHmacKeyId),
    ];
}
