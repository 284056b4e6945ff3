using System.Globalization;
using DentistPortal.Features.AuditLog;
using DentistPortal.Features.Common;
using Microsoft.AspNetCore.WebUtilities;

namespace DentistPortal.Components.Pages.Admin;

/// <summary>
/// The CSV download of the audit trail viewer (<c>/admin/auditoria</c>). A file needs a plain HTTP response, so it
/// is an endpoint; the handler decides who may have it (Admin only) and audits the export.
/// </summary>
public static class AuditLogEndpoints
{
    public const string ExportPath = "/admin/auditoria/exportar.csv";

    public static IEndpointRouteBuilder MapAuditExports(this IEndpointRouteBuilder app)
    {
        app.MapGet(ExportPath, async (HttpContext http, ExportAuditLogHandler export, CancellationToken ct) =>
        {
            var result = await export.HandleAsync(FromQuery(http.Request.Query), Actor.FromPrincipal(http.User), ct);
            if (result.Status == ResultStatus.Forbidden) return Results.Forbid();
            if (!result.IsOk) return Results.BadRequest(result.Errors[0]);
            http.Response.Headers.CacheControl = "private, no-store";
            http.Response.Headers["X-Content-Type-Options"] = "nosniff";
            return Results.File(result.Value!.Content, "text/csv; charset=utf-8", result.Value.FileName);
        }).RequireAuthorization();
        return app;
    }

    /// <summary>The link the viewer offers for its current filters.</summary>
    public static string ExportUrl(AuditLogFilter filter)
    {
        var query = new Dictionary<string, string?>();
        if (!string.IsNullOrWhiteSpace(filter.User)) query["usuario"] = filter.User.Trim();
        if (filter.ClinicId is { } c) query["clinica"] = c.ToString(CultureInfo.InvariantCulture);
        if (!string.IsNullOrWhiteSpace(filter.TreatmentNumber)) query["tratamento"] = filter.TreatmentNumber.Trim();
        if (!string.IsNullOrWhiteSpace(filter.Action)) query["acao"] = filter.Action;
        if (filter.From is { } from) query["de"] = from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (filter.To is { } to) query["ate"] = to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        // Relative to the base href, like the rest of the portal's links.
        return QueryHelpers.AddQueryString(ExportPath.TrimStart('/'), query);
    }

    public static AuditLogFilter FromQuery(IQueryCollection query)
    {
        static string? Text(IQueryCollection q, string key) => q.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v) ? v.ToString() : null;
        static DateOnly? Date(IQueryCollection q, string key) =>
            DateOnly.TryParseExact(Text(q, key), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
        return new AuditLogFilter(
            User: Text(query, "usuario"),
            ClinicId: int.TryParse(Text(query, "clinica"), NumberStyles.None, CultureInfo.InvariantCulture, out var clinic) ? clinic : null,
            TreatmentNumber: Text(query, "tratamento"),
            Action: Text(query, "acao"),
            From: Date(query, "de"),
            To: Date(query, "ate"));
    }
}
