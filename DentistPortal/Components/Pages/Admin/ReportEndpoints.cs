using System.Globalization;
using DentistPortal.Domain.Common;
using DentistPortal.Features.Common;
using DentistPortal.Features.Reports;

namespace DentistPortal.Components.Pages.Admin;

/// <summary>CSV downloads of the admin reports: <c>GET /admin/relatorios/{seção}.csv?de=yyyy-MM-dd&amp;ate=yyyy-MM-dd&amp;clinica=id</c>.</summary>
public static class ReportEndpoints
{
    public static IEndpointRouteBuilder MapReportExports(this IEndpointRouteBuilder app)
    {
        // Query values are bound as text and parsed here: a value that is not a number or a date gets a pt-BR 400, never
        // the framework's binding exception (issue 10, "No server error on any input").
        app.MapGet("/admin/relatorios/{secao}.csv", async (string secao, string? de, string? ate, string? clinica, HttpContext http,
            ExportReportCsvHandler export, TimeProvider time, CancellationToken ct) =>
        {
            var today = BrazilTime.Today(time.GetUtcNow());
            var to = Parse(ate) ?? today;
            var from = Parse(de) ?? ReportQuery.DefaultStart(to);
            if ((de is not null && Parse(de) is null) || (ate is not null && Parse(ate) is null))
                return Results.Text("Datas inválidas: use o formato aaaa-mm-dd.", "text/plain; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);
            int? clinicId = null;
            if (!string.IsNullOrEmpty(clinica))
            {
                if (!int.TryParse(clinica, NumberStyles.None, CultureInfo.InvariantCulture, out var c))
                    return Results.Text("Clínica inválida: informe o número da clínica.", "text/plain; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);
                clinicId = c;
            }

            // The handler checks the Admin role in the database, not only the cookie.
            var result = await export.HandleAsync(new ExportReportCsvQuery(secao, new ReportQuery(from, to, clinicId)), Actor.FromPrincipal(http.User), ct);
            http.Response.Headers.CacheControl = "private, no-store";
            return result.Status switch
            {
                ResultStatus.Ok => Results.File(result.Value!.Content, result.Value.ContentType, result.Value.FileName),
                ResultStatus.Forbidden => Results.StatusCode(StatusCodes.Status403Forbidden),
                ResultStatus.NotFound => Results.NotFound(),
                _ => Results.Text(string.Join(" ", result.Errors), "text/plain; charset=utf-8", statusCode: StatusCodes.Status400BadRequest),
            };
        }).RequireAuthorization();
        return app;
    }

    private static DateOnly? Parse(string? s) =>
        DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
}
