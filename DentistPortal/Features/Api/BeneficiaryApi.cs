using DentistPortal.Features.Beneficiaries;
using DentistPortal.Features.Common;

namespace DentistPortal.Features.Api;

/// <summary><c>GET /api/v1/beneficiaries</c>: the screen's lookup (<see cref="LookupBeneficiaryHandler"/>), audited the same way.</summary>
internal static class BeneficiaryApi
{
    public static RouteGroupBuilder MapBeneficiaryApi(this RouteGroupBuilder api)
    {
        api.MapGet("/beneficiaries", async (string? carteirinha, string? cpf, HttpContext http, LookupBeneficiaryHandler lookup, CancellationToken ct) =>
            {
                var field = string.IsNullOrWhiteSpace(carteirinha) ? "cpf" : "carteirinha";
                if (string.IsNullOrWhiteSpace(carteirinha) == string.IsNullOrWhiteSpace(cpf))
                    return ApiResults.Invalid(field, "Informe exatamente um: carteirinha (16 dígitos) ou cpf (11 dígitos).");
                var result = await lookup.HandleAsync(new LookupBeneficiaryQuery(carteirinha ?? cpf), ApiResults.ActorOf(http), ct);
                return result.Status switch
                {
                    ResultStatus.Ok => Results.Ok(new ApiBuscaBeneficiario(ApiWords.Beneficiary(result.Value!.Found),
                        [.. result.Value.Members.Select(ApiWords.Beneficiary)])),
                    ResultStatus.Invalid => ApiResults.Invalid(field, ApiResults.Detail(result)),
                    ResultStatus.NotFound => ApiResults.Problem(StatusCodes.Status404NotFound, "beneficiario.nao_encontrado", "Beneficiário não encontrado", ApiResults.Detail(result)),
                    _ => ApiResults.Refusal(result, onTreatment: false),
                };
            })
            .WithName("BuscarBeneficiario")
            .WithTags("Beneficiários")
            .WithSummary("Busca o beneficiário pela carteirinha ou CPF")
            .WithDescription("A mesma busca da tela da clínica, registrada na trilha de auditoria. Informe exatamente um parâmetro: carteirinha (16 dígitos) " +
                "ou cpf (11 dígitos; pontos e traço aceitos). A resposta traz a família; cada pessoa tem uma `referencia`, válida até o fim do dia, " +
                "que abre um tratamento (POST /api/v1/treatments). Contatos sempre mascarados.")
            .Produces<ApiBuscaBeneficiario>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }
}
