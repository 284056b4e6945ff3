using System.Net;
using System.Net.Sockets;

namespace DentistPortal.Domain.Webhooks;

/// <summary>
/// Which addresses and host names a clinic's webhook may reach (issue 11, webhooks; SSRF finding): only public internet
/// addresses. One predicate, used when the admin saves the URL (<see cref="WebhookUrl"/>) and when the webhook client
/// connects (after resolving the name, so names that resolve inside and DNS rebinding are refused too).
/// Development additionally allows loopback (the tests' receiver on 127.0.0.1).
/// </summary>
public static class PublicAddress
{
    private static readonly string[] InternalSuffixes = [".localhost", ".local", ".internal"];

    /// <summary>True when <paramref name="address"/> is a public unicast address (IPv4-mapped IPv6 judged as its IPv4).</summary>
    public static bool IsPublic(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => IsPublicV4(address.GetAddressBytes()),
            AddressFamily.InterNetworkV6 => IsPublicV6(address),
            _ => false,
        };
    }

    /// <summary><see cref="IsPublic"/>, or loopback when <paramref name="development"/>.</summary>
    public static bool IsAllowed(IPAddress address, bool development) =>
        IsPublic(address) || development && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);

    /// <summary>"localhost" and names under .localhost, .local or .internal (with or without a trailing dot).</summary>
    public static bool IsInternalName(string host)
    {
        var name = host.TrimEnd('.').ToLowerInvariant();
        return name == "localhost" || InternalSuffixes.Any(s => name.EndsWith(s, StringComparison.Ordinal));
    }

    /// <summary>True for "localhost" (and "localhost.") only.</summary>
    public static bool IsLocalhostName(string host) => string.Equals(host.TrimEnd('.'), "localhost", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Names that spell a non-public IPv4 address in four consecutive labels (wildcard DNS such as
    /// 169.254.169.254.nip.io or 10-0-0-1.sslip.io): refused early; the connect-time check catches every other name.
    /// </summary>
    public static bool EmbedsNonPublicIPv4(string host)
    {
        var labels = host.TrimEnd('.').Split('.');
        for (var i = 0; i + 4 <= labels.Length; i++)
            if (DottedQuad(labels.AsSpan(i, 4)) is { } ip && !IsPublic(ip)) return true;
        foreach (var label in labels)
            if (label.Split('-') is { Length: >= 4 } parts)
                for (var i = 0; i + 4 <= parts.Length; i++)
                    if (DottedQuad(parts.AsSpan(i, 4)) is { } ip && !IsPublic(ip)) return true;
        return false;
    }

    private static IPAddress? DottedQuad(ReadOnlySpan<string> parts)
    {
        var bytes = new byte[4];
        for (var i = 0; i < 4; i++)
        {
            if (parts[i].Length is 0 or > 3 || !parts[i].All(char.IsAsciiDigit) || !byte.TryParse(parts[i], out bytes[i])) return null;
        }
        return new IPAddress(bytes);
    }

    private static bool IsPublicV4(byte[] b) => !(
        b[0] == 0                                   // 0.0.0.0/8 ("this network", unspecified)
        || b[0] == 10                               // 10/8
        || b[0] == 127                              // loopback
        || b[0] == 100 && (b[1] & 0xC0) == 64       // 100.64/10 CGNAT
        || b[0] == 169 && b[1] == 254               // link-local (cloud metadata)
        || b[0] == 172 && (b[1] & 0xF0) == 16       // 172.16/12
        || b[0] == 192 && b[1] == 168               // 192.168/16
        || b[0] == 192 && b[1] == 0 && b[2] == 0    // 192.0.0/24 IETF protocol assignments
        || b[0] == 198 && (b[1] & 0xFE) == 18       // 198.18/15 benchmarking
        || b[0] >= 224);                            // multicast 224/4, reserved 240/4, broadcast

    private static bool IsPublicV6(IPAddress a)
    {
        if (a.Equals(IPAddress.IPv6Any) || a.Equals(IPAddress.IPv6Loopback)) return false;
        if (a.IsIPv6LinkLocal || a.IsIPv6SiteLocal || a.IsIPv6Multicast || a.IsIPv6UniqueLocal) return false; // fe80::/10, fec0::/10, ff00::/8, fc00::/7
        var b = a.GetAddressBytes();
        // IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::/96) and 6to4 (2002::/16) carry an IPv4 address: judge it.
        if (b.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0) return IsPublicV4(b[12..]);
        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b) return IsPublicV4(b[12..]);
        if (b[0] == 0x20 && b[1] == 0x02) return IsPublicV4(b[2..6]);
        return true;
    }
}
