namespace DentistPortal.Infrastructure.Web;

/// <summary>
/// A form post whose body cannot be read (a truncated or garbage multipart body, a wrong boundary) is answered
/// 400 with a pt-BR text instead of failing in the antiforgery check with a 500 (issue 10, "no server error on any
/// input"). The form is read once here and cached by ASP.NET Core for everything after. The interactive circuit
/// (<c>/_blazor</c>) is not a form post and is left alone.
/// </summary>
public static class MalformedForms
{
    /// <summary>The text of the 400 answer.</summary>
    public const string Message = "Formulário inválido: os dados enviados não puderam ser lidos. Recarregue a página e tente de novo.";

    /// <summary>Before the rate limits and <c>UseAntiforgery</c>, which read the form too.</summary>
    public static IApplicationBuilder UseMalformedFormRefusal(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        if (HttpMethods.IsPost(request.Method) && request.HasFormContentType && !request.Path.StartsWithSegments("/_blazor") && !ApiProblem.IsApi(context))
        {
            try
            {
                await request.ReadFormAsync(context.RequestAborted);
            }
            catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException && !context.RequestAborted.IsCancellationRequested)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                context.Response.ContentType = "text/plain; charset=utf-8";
                await context.Response.WriteAsync(Message, context.RequestAborted);
                return;
            }
        }
        await next(context);
    });
}
