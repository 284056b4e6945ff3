using DentistPortal.Features.Billing;
using DentistPortal.Features.Common;

namespace DentistPortal.Components.Endpoints;

/// <summary>
/// TISS files (issue 11, TISS export): the file of an export, as produced, for the clinic that made it. The exports themselves
/// are made by the handlers the pages call (numbered, idempotent per click); this only hands out the stored bytes, as an
/// attachment (Cache-Control: no-store and nosniff come from SecurityHeaders, as for every answer).
/// </summary>
public static class TissEndpoints
{
    public static IEndpointRouteBuilder MapTissEndpoints(this IEndpointRouteBuilder app)
    {
        // Bound as text: anything but a number is "not found", never a binding exception (issue 10).
        app.MapGet("/faturamento/tiss/exportacoes/{id}", async (string id, HttpContext http, GetTissExportFileHandler files, CancellationToken ct) =>
        {
            if (!int.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var exportId)) return Results.NotFound();
            var result = await files.HandleAsync(new(exportId), Actor.FromPrincipal(http.User), ct);
            if (!result.IsOk) return Results.NotFound();
            return Results.File(result.Value!.Content, result.Value.ContentType, result.Value.FileName);
        }).RequireAuthorization();
        return app;
    }

    /// <summary>The download address of an export.</summary>
    public static string FileUrl(int exportId) => $"/faturamento/tiss/exportacoes/{exportId}";
}
