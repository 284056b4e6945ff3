using DentistPortal.Features.Common;
using DentistPortal.Features.Contingency;
using DentistPortal.Infrastructure.Pdf;
using DentistPortal.Infrastructure.Web;

namespace DentistPortal.Components.Endpoints;

/// <summary>File downloads: the guide PDF, the blank guide for contingency, and signed-guide scans.</summary>
public static class DocumentEndpoints
{
    public static IEndpointRouteBuilder MapDocumentEndpoints(this IEndpointRouteBuilder app)
    {
        // Works with the database down: clinics keep it at hand for when the portal is unavailable (manual Q12).
        // Rendered once (BlankGuidePdf) and cacheable: it holds no personal data; If-None-Match answers 304.
        app.MapGet("/guia-em-branco.pdf", (GetBlankGuideHandler blank, BlankGuidePdf pdf, HttpContext http) =>
            {
                var (bytes, etag) = pdf.Get(blank.Handle());
                http.Response.Headers.CacheControl = "public, max-age=3600";
                return Results.File(bytes, "application/pdf", "guia-tratamento-odontologico-em-branco.pdf", entityTag: etag);
            })
            .AllowAnonymous()
            .WithMetadata(CacheableResponse.Instance);

        app.MapGet("/tratamentos/{numero}/guia.pdf", async (string numero, HttpContext http, GetGuideHandler guides, IGuidePdfRenderer pdf, CancellationToken ct) =>
        {
            var result = await guides.HandleAsync(numero, Actor.FromPrincipal(http.User), ct);
            if (!result.IsOk) return Results.NotFound();
            // A signable guide exists only once printing was recorded with its TUSS 74 reason (issue 9 §1): before that,
            // the print page asks the reason (and warns when the patient already received a token).
            if (result.Value!.ContingencyReason is null) return Results.Redirect($"/tratamentos/{Uri.EscapeDataString(numero)}/guia");
            return Results.File(pdf.Render(result.Value), "application/pdf", $"guia-tratamento-{numero}.pdf");
        }).RequireAuthorization();

        // ?envio=N picks a submission (latest by default); ?ver=1 shows it inline (the auditor's preview) instead of downloading.
        // Bound as text: a value that is not a number means "no such submission" (404), never a binding exception (issue 10).
        app.MapGet("/tratamentos/{numero}/guia-assinada", async (string numero, string? envio, string? ver, HttpContext http, GetSignedGuideFileHandler files, CancellationToken ct) =>
        {
            int? submission = null;
            if (!string.IsNullOrEmpty(envio))
            {
                if (!int.TryParse(envio, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)) return Results.NotFound();
                submission = n;
            }
            var result = await files.HandleAsync(numero, Actor.FromPrincipal(http.User), submission, ct);
            if (!result.IsOk) return Results.NotFound();
            // no-store, nosniff and the CSP come from SecurityHeaders; only this portal's review page may frame the scan.
            if (ver == "1") return Results.File(result.Value!.Content, result.Value.ContentType);
            return Results.File(result.Value!.Content, result.Value.ContentType, result.Value.DownloadName);
        }).RequireAuthorization().WithSecurityHeadersPolicy(SecurityHeaders.FramedDocumentPolicy);

        return app;
    }
}
