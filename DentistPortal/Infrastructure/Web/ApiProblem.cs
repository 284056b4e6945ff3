using System.Text.Json;

namespace DentistPortal.Infrastructure.Web;

/// <summary>
/// RFC 7807 answers of the clinic API (issue 11): <c>application/problem+json</c> with a pt-BR <c>title</c> and
/// <c>detail</c> and a stable machine <c>code</c> (table in docs/api.md). Written here for the answers made outside the
/// endpoints (authentication, rate limit, unknown route, unexpected error); the endpoints build the same shape.
/// </summary>
public static class ApiProblem
{
    /// <summary>The API's path prefix: everything under it is answered as JSON, never as a page.</summary>
    public const string PathPrefix = "/api";

    public const string ContentType = "application/problem+json";

    private const string InvalidBody = "O corpo da requisição não pôde ser lido: envie JSON (application/json) no formato deste endereço (veja /openapi/v1.json).";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static bool IsApi(HttpContext http) => http.Request.Path.StartsWithSegments(PathPrefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>The body of a problem answer, with <c>code</c> and any further members.</summary>
    public static Dictionary<string, object?> Body(int status, string code, string title, string? detail, IDictionary<string, object?>? extensions = null)
    {
        var body = new Dictionary<string, object?>
        {
            ["type"] = "https://dentistportal.local/problemas/" + code,
            ["title"] = title,
            ["status"] = status,
            ["detail"] = detail,
            ["code"] = code,
        };
        if (extensions is not null)
            foreach (var (k, v) in extensions) body[k] = v;
        return body;
    }

    public static async Task WriteAsync(HttpContext http, int status, string code, string title, string? detail, CancellationToken ct,
        IDictionary<string, object?>? extensions = null)
    {
        // The status-code pages must not re-execute an API answer as a page.
        if (http.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>() is { } pages) pages.Enabled = false;
        http.Response.StatusCode = status;
        http.Response.ContentType = ContentType;
        http.Response.Headers.CacheControl = "no-store";
        await http.Response.WriteAsync(JsonSerializer.Serialize(Body(status, code, title, detail, extensions), Json), ct);
    }

    /// <summary>
    /// For <c>/api</c>: no status-code page, an unexpected exception becomes a 500 problem without its text (even in
    /// Development, where the developer page would show a stack trace), and an empty 404/405 gets a problem body.
    /// Placed after the status-code pages and the developer page so it wins for the API.
    /// </summary>
    public static IApplicationBuilder UseApiProblems(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (!IsApi(context))
        {
            await next(context);
            return;
        }
        if (context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>() is { } pages) pages.Enabled = false;
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            // A body that is not JSON, or not the JSON of this endpoint (Development throws it; elsewhere it is an empty 400).
            context.Response.Clear();
            await WriteAsync(context, e.StatusCode, "entrada.invalida", "Entrada inválida", InvalidBody, context.RequestAborted);
            return;
        }
        catch (Exception e) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("DentistPortal.Api")
                .LogError(e, "Unexpected error on {Method} {Path}", context.Request.Method, context.Request.Path);
            context.Response.Clear();
            await WriteAsync(context, StatusCodes.Status500InternalServerError, "erro.interno", "Erro interno",
                "Não foi possível concluir a requisição. Tente de novo; se persistir, fale com o suporte da operadora.", context.RequestAborted);
            return;
        }
        if (context.Response.HasStarted || context.Response.ContentLength is > 0 || context.Response.ContentType is not null) return;
        switch (context.Response.StatusCode)
        {
            case StatusCodes.Status400BadRequest:
                await WriteAsync(context, 400, "entrada.invalida", "Entrada inválida", InvalidBody, context.RequestAborted);
                break;
            case StatusCodes.Status404NotFound:
                await WriteAsync(context, 404, "recurso.nao_encontrado", "Recurso não encontrado", "Não há recurso neste endereço da API.", context.RequestAborted);
                break;
            case StatusCodes.Status405MethodNotAllowed:
                await WriteAsync(context, 405, "metodo.nao_permitido", "Método não permitido", "Este endereço da API não aceita este método HTTP.", context.RequestAborted);
                break;
            case StatusCodes.Status415UnsupportedMediaType:
                await WriteAsync(context, 415, "entrada.invalida", "Entrada inválida", "Envie o corpo como application/json.", context.RequestAborted);
                break;
        }
    });
}

/// <summary>Which scheme authenticates a request: the API key under <c>/api</c>, the Identity cookie everywhere else (issue 11).</summary>
public static class PortalAuthentication
{
    public const string Scheme = "Portal";

    public static string SchemeFor(HttpContext context) =>
        ApiProblem.IsApi(context) ? Security.ApiKeyAuthenticator.SchemeName : Microsoft.AspNetCore.Identity.IdentityConstants.ApplicationScheme;
}
