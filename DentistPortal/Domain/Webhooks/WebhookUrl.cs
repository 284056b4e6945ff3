using System.Net;

namespace DentistPortal.Domain.Webhooks;

/// <summary>
/// Where a clinic's webhook may point (issue 11, webhooks): an absolute https URL without credentials or fragment, at most
/// <see cref="WebhookSubscription.MaxUrlLength"/> characters; plain http only to this machine (loopback) and only in
/// Development (the tests' receiver). The host must be public (<see cref="PublicAddress"/>): IP literals in any form
/// (decimal, hex, IPv4-mapped IPv6) that are loopback, private, link-local, CGNAT, ULA, multicast or unspecified, and
/// internal names (localhost, *.local, *.internal) are refused; in Development loopback stays allowed. Checked when the
/// admin saves the URL and again before every post; names are checked again at connect time, after resolution.
/// </summary>
public static class WebhookUrl
{
    public const string Required = "Informe a URL do webhook.";
    public const string TooLong = "A URL do webhook deve ter no máximo 500 caracteres.";
    public const string NotAbsolute = "Informe a URL completa do webhook, começando com https://.";
    public const string NotHttps = "A URL do webhook deve usar https://.";
    public const string HttpOnlyLoopbackInDevelopment = "http:// só é aceito para este computador (localhost) e apenas em ambiente de desenvolvimento; use https://.";
    public const string HasCredentials = "Não coloque usuário ou senha na URL: o portal assina cada envio com o segredo do webhook.";
    public const string HasFragment = "A URL do webhook não pode ter fragmento (#).";
    public const string HasWhitespace = "A URL do webhook não pode ter espaços nem caracteres de controle.";
    public const string NotPublic = "O webhook deve apontar para um endereço público da internet: endereços internos, locais ou de rede privada não são aceitos.";

    /// <summary>Why <paramref name="url"/> may not be used (pt-BR), or null when it may.</summary>
    public static string? WhyRefused(string? url, bool development)
    {
        if (string.IsNullOrWhiteSpace(url)) return Required;
        if (url.Length > WebhookSubscription.MaxUrlLength) return TooLong;
        if (url.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))) return HasWhitespace;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host)) return NotAbsolute;
        if (!string.IsNullOrEmpty(uri.UserInfo)) return HasCredentials;
        if (!string.IsNullOrEmpty(uri.Fragment) || url.Contains('#', StringComparison.Ordinal)) return HasFragment;
        if (uri.Scheme == Uri.UriSchemeHttps) return IsPublicHost(uri, development) ? null : NotPublic;
        if (uri.Scheme != Uri.UriSchemeHttp) return NotHttps;
        return development && IsLoopback(uri) ? null : HttpOnlyLoopbackInDevelopment;
    }

    private static bool IsPublicHost(Uri uri, bool development)
    {
        if (development && IsLoopback(uri)) return true;
        if (Literal(uri) is { } ip) return PublicAddress.IsPublic(ip);
        return !PublicAddress.IsInternalName(uri.IdnHost) && !PublicAddress.EmbedsNonPublicIPv4(uri.IdnHost);
    }

    /// <summary>The host as an IP address when it is one, in any form Uri or IPAddress accept (decimal, hex, mapped IPv6).</summary>
    private static IPAddress? Literal(Uri uri) =>
        IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) ? ip
        : IPAddress.TryParse(uri.IdnHost.TrimEnd('.'), out ip) ? ip : null;

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || PublicAddress.IsLocalhostName(uri.Host)
                       || Literal(uri) is { } ip && IPAddress.IsLoopback(ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip);
}
