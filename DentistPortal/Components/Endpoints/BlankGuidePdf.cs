using System.Security.Cryptography;
using DentistPortal.Features.Contingency;
using DentistPortal.Infrastructure.Pdf;
using Microsoft.Net.Http.Headers;

namespace DentistPortal.Components.Endpoints;

/// <summary>
/// The blank GTO (<c>/guia-em-branco.pdf</c>, anonymous, manual Q12), rendered once and kept in memory with a strong ETag
/// (issue 10, rate limiting: an anonymous request costs no PDF rendering). Rendered again only if the operator's name or
/// ANS registration (the only data on it) change in configuration.
/// </summary>
public sealed class BlankGuidePdf(IGuidePdfRenderer renderer)
{
    private readonly Lock gate = new();
    private (string Key, byte[] Bytes, EntityTagHeaderValue ETag)? cached;

    public (byte[] Bytes, EntityTagHeaderValue ETag) Get(GuideDocument blank)
    {
        var key = $"{blank.OperatorName}\n{blank.AnsRegistration}";
        lock (gate)
        {
            if (cached is not { } c || c.Key != key)
            {
                var bytes = renderer.Render(blank);
                var etag = new EntityTagHeaderValue("\"" + Convert.ToHexStringLower(SHA256.HashData(bytes))[..32] + "\"");
                cached = c = (key, bytes, etag);
            }
            return (c.Bytes, c.ETag);
        }
    }
}
