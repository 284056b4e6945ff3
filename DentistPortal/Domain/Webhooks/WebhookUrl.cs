using System.Net;

namespace DentistPortal.Domain.Webhooks;

/// <summary>
/// Where a clinic's webhook may point (issue 11, webhooks): an absolute https URL without credentials or fragment, at most
/// <see cref="WebhookSubscription.MaxUrlLength"/> characters; plain http only to this machine (loopback) and only in
/// Development (the tests' receiver). Checked when the admin saves the URL and again before every post.
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

    /// <summary>Why <paramref name="url"/> may not be used (pt-BR), or null when it may.</summary>
    public static string? WhyRefused(string? url, bool development)
    {
        if (string.IsNullOrWhiteSpace(url)) return Required;
        if (url.Length > WebhookSubscription.MaxUrlLength) return TooLong;
        if (url.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))) return HasWhitespace;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host)) return NotAbsolute;
        if (!string.IsNullOrEmpty(uri.UserInfo)) return HasCredentials;
        if (!string.IsNullOrEmpty(uri.Fragment) || url.Contains('#', StringComparison.Ordinal)) return HasFragment;
        if (uri.Scheme == Uri.UriSchemeHttps) return null;
        if (uri.Scheme != Uri.UriSchemeHttp) return NotHttps;
        return development && IsLoopback(uri) ? null : HttpOnlyLoopbackInDevelopment;
    }

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase)
                       || IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip);
}
