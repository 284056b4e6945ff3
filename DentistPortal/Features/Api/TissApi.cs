using DentistPortal.Features.Billing;
using DentistPortal.Features.Common;

namespace DentistPortal.Features.Api;

/// <summary>
/// The TISS 4.01.00 XML of one validated treatment (issue 11): the same <c>mensagemTISS</c> the treatment page's
/// "Baixar XML TISS" gives, through <see cref="GetTreatmentTissXmlHandler"/>. Producing it records an export (the guide
/// becomes "já exportada"), so it is a POST: a retry with the same Idempotency-Key returns the same file; a second
/// export needs <c>reexportar=true</c>.
/// </summary>
internal static class TissApi
{
    public static RouteGroupBuilder MapTissApi(this RouteGroupBuilder api)
    {
        api.MapPost("/treatments/{id:int}/tiss", ExportAsync)
            .WithName("ExportarXmlTiss")
            .WithMetadata(ApiOpenApi.IdempotentOperation.Instance)
            .WithTags("Faturamento TISS")
            .WithSummary("XML TISS 4.01.00 do tratamento validado")
            .WithDescription("Gera a mensagem TISS (`mensagemTISS` com um `guiaOdonto`, ISO-8859-1) do tratamento validado e a registra como exportada " +
                "(auditado). Uma guia já exportada só sai de novo com `reexportar=true` (reexportação explícita, auditada); sem ele, 409 " +
                "`tiss.ja_exportada`. Tratamento não validado: 409 `tiss.nao_validado`. Guia que não pode ser faturada (procedimento sem preço no plano, " +
                "clínica sem CNES…): 422 `tiss.nao_faturavel` com os motivos. Aceita o cabeçalho Idempotency-Key: repetir com a mesma chave devolve o mesmo arquivo.")
            .Produces(StatusCodes.Status200OK, contentType: "application/xml")
            .WithMetadata(new ApiOpenApi.FileResponse("application/xml", "A mensagem TISS 4.01.00 (mensagemTISS, ISO-8859-1) da guia validada."))
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return api;
    }

    private static async Task<IResult> ExportAsync(int id, bool? reexportar, HttpContext http, GetTreatmentTissXmlHandler handler, CancellationToken ct)
    {
        if (!ApiResults.TryIdempotencyKey(http, out var key, out var badKey)) return badKey!;
        var result = await handler.HandleAsync(new GetTreatmentTissXmlCommand(id, reexportar ?? false, key), ApiResults.ActorOf(http), ct);
        if (result.IsOk)
        {
            var file = result.Value!.File;
            return Results.File(file.Content, file.ContentType, file.FileName);
        }
        if (result.Status == ResultStatus.Invalid)
        {
            if (result.Errors.Contains(GetTreatmentTissXmlHandler.NotValidatedMessage))
                return ApiResults.Problem(StatusCodes.Status409Conflict, "tiss.nao_validado", "Tratamento não validado", ApiResults.Detail(result));
            if (result.Errors.Any(e => e.StartsWith(GetTreatmentTissXmlHandler.AlreadyExportedStart, StringComparison.Ordinal)))
                return ApiResults.Problem(StatusCodes.Status409Conflict, "tiss.ja_exportada", "Guia já exportada", ApiResults.Detail(result));
            if (result.Errors.FirstOrDefault() == GetTreatmentTissXmlHandler.NotBillableHeading)
                return ApiResults.Problem(StatusCodes.Status422UnprocessableEntity, "tiss.nao_faturavel", "Guia não pode ser faturada",
                    ApiResults.Detail(result), new Dictionary<string, object?> { ["motivos"] = result.Errors.Skip(1).ToArray() });
        }
        return ApiResults.Refusal(result, onTreatment: true);
    }
}
