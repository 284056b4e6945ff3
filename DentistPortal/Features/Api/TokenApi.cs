using DentistPortal.Domain.Tiss;
using DentistPortal.Domain.Tokens;
using DentistPortal.Features.Common;
using DentistPortal.Features.LateTokens;
using DentistPortal.Features.Tokens;

namespace DentistPortal.Features.Api;

/// <summary>Tokens: generate, validate a code, mark a late token, list late tokens — the screens' handlers and caps.</summary>
internal static class TokenApi
{
    public static RouteGroupBuilder MapTokenApi(this RouteGroupBuilder api)
    {
        api.MapPost("/treatments/{id:int}/token", GenerateAsync)
            .WithName("GerarToken")
            .WithMetadata(ApiOpenApi.IdempotentOperation.Instance)
            .WithTags("Tokens")
            .WithSummary("Gera (ou reemite) o token de atendimento")
            .WithDescription("Como \"Gerar token\": envia o código ao paciente por SMS e e-mail (próprios ou do titular) e anula o token anterior. " +
                "A resposta traz validade e entregas com destino mascarado, nunca o código. Limites da operadora valem (tokens por tratamento, " +
                "mensagens por telefone/e-mail): recusa 422 `operacao.recusada`. Aceita Idempotency-Key: a repetição devolve o mesmo token sem reenviar.")
            .Produces<ApiTokenGerado>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        api.MapPost("/treatments/{id:int}/token/validate", ValidateAsync)
            .WithName("ValidarToken")
            .WithMetadata(ApiOpenApi.IdempotentOperation.Instance)
            .WithTags("Tokens")
            .WithSummary("Valida o código informado pelo paciente")
            .WithDescription("Confere o código de 6 dígitos com o token mais recente. Código incorreto, expirado, bloqueado e limites de tentativas " +
                "respondem 422 com `code` estável (token.codigo_incorreto, token.limite_tentativas, ...) e `tentativasRestantes`. " +
                "Cada tentativa conta uma vez: repetir com o mesmo Idempotency-Key devolve a mesma resposta sem contar de novo.")
            .Accepts<ApiValidacao>("application/json")
            .Produces<ApiValidado>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        api.MapPost("/treatments/{id:int}/late-token", MarkLateAsync)
            .WithName("MarcarTokenTardio")
            .WithTags("Tokens")
            .WithSummary("Marca o tratamento como aguardando token tardio")
            .WithDescription("Como \"Paciente sem celular (token tardio)\": o paciente informa o código depois, dentro da validade do token ativo. " +
                "`motivo` da tabela TUSS 74: 07 (padrão, sem celular), 02, 03 ou 04. Recusado (422) quando o paciente não tem canal para ler o código.")
            .Accepts<ApiTokenTardio>("application/json")
            .Produces<ApiTokenTardioMarcado>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        api.MapGet("/late-tokens", async (HttpContext http, ListLateTokensHandler list, CancellationToken ct) =>
            {
                var result = await list.HandleAsync(ApiResults.ActorOf(http), ct);
                return result.IsOk ? Results.Ok(result.Value!.Select(ApiWords.LateToken).ToList()) : ApiResults.Refusal(result, onTreatment: false);
            })
            .WithName("ListarTokensTardios")
            .WithTags("Tokens")
            .WithSummary("Tratamentos da clínica aguardando token tardio")
            .WithDescription("A lista da tela \"Tokens tardios\": vencimento mais próximo primeiro; `expirado` indica que é preciso gerar novo token.")
            .Produces<List<ApiTokenTardioLinha>>();
        return api;
    }

    private static async Task<IResult> GenerateAsync(int id, HttpContext http, GenerateTokenHandler handler, CancellationToken ct)
    {
        if (!ApiResults.TryIdempotencyKey(http, out var key, out var badKey)) return badKey!;
        var result = await handler.HandleAsync(new GenerateTokenCommand(id, key), ApiResults.ActorOf(http), ct);
        if (!result.IsOk) return ApiResults.Refusal(result, onTreatment: true);
        var t = result.Value!;
        return Results.Created($"{ApiEndpoints.Prefix}/treatments/{id}", new ApiTokenGerado(t.Sequence, t.CreatedAtUtc, t.ExpiresAtUtc, t.NoChannel,
            [.. t.Deliveries.Select(d => new ApiEntrega(ApiWords.Of(d.Channel), d.MaskedDestination, d.ThroughHolder, ApiWords.Of(d.Status)))]));
    }

    private static async Task<IResult> ValidateAsync(int id, ApiValidacao body, HttpContext http, ValidateTokenHandler handler, CancellationToken ct)
    {
        if (!ApiResults.TryIdempotencyKey(http, out var key, out var badKey)) return badKey!;
        ValidationChannel? via = body.Forma switch
        {
            null or "" or "consultorio" => ValidationChannel.Chair,
            "tardio" => ValidationChannel.Late,
            _ => null,
        };
        if (via is null) return ApiResults.Invalid("forma", "Forma de informar o token: consultorio (padrão) ou tardio.");
        if (TokenCode.Normalize(body.Codigo) is null) return ApiResults.Invalid("codigo", TokenCode.FormatMessage);

        var result = await handler.HandleAsync(new ValidateTokenCommand(id, body.Codigo, via.Value, key), ApiResults.ActorOf(http), ct);
        if (result.Status == ResultStatus.Invalid && result.Errors.Any(e => e.StartsWith("Muitas tentativas em pouco tempo", StringComparison.Ordinal)))
        {
            // docs/api.md: every 429 carries Retry-After and retryAfterSeconds (the wait the throttle's message names).
            var wait = TooFastWait(result.Errors);
            http.Response.Headers.RetryAfter = wait.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return ApiResults.Problem(StatusCodes.Status429TooManyRequests, "token.muitas_tentativas", "Muitas tentativas", ApiResults.Detail(result),
                new Dictionary<string, object?> { ["retryAfterSeconds"] = wait });
        }
        if (!result.IsOk) return ApiResults.Refusal(result, onTreatment: true);

        var v = result.Value!;
        if (v.Succeeded) return Results.Ok(new ApiValidado("validado", v.Message, v.TokenSequence));
        var (status, code) = Refusal(v.Outcome);
        return ApiResults.Problem(status, code, "Token não validado", v.Message, new Dictionary<string, object?>
        {
            ["tentativasRestantes"] = v.AttemptsLeft,
            ["proximoPasso"] = v.NextStep,
        });
    }

    private static int TooFastWait(IEnumerable<string> errors)
    {
        foreach (var e in errors)
        {
            var m = System.Text.RegularExpressions.Regex.Match(e, @"aguarde (\d+) segundos");
            if (m.Success && int.TryParse(m.Groups[1].Value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var s) && s > 0)
                return s;
        }
        return 60;
    }

    /// <summary>The stable code of each refused validation (table in docs/api.md).</summary>
    internal static (int Status, string Code) Refusal(ValidationOutcome outcome) => outcome switch
    {
        ValidationOutcome.WrongCode => (422, "token.codigo_incorreto"),
        ValidationOutcome.SupersededCode => (422, "token.codigo_substituido"),
        ValidationOutcome.Expired => (422, "token.expirado"),
        ValidationOutcome.Locked => (422, "token.bloqueado"),
        ValidationOutcome.Revoked => (422, "token.revogado"),
        ValidationOutcome.NoActiveToken => (422, "token.sem_token_ativo"),
        ValidationOutcome.AlreadyValidated => (409, "tratamento.ja_validado"),
        ValidationOutcome.TreatmentBlocked => (422, "token.limite_tentativas"),
        ValidationOutcome.AccountBlocked => (422, "token.limite_usuario"),
        ValidationOutcome.ReissueRequired => (422, "token.reemissao_necessaria"),
        _ => (422, "operacao.recusada"),
    };

    private static async Task<IResult> MarkLateAsync(int id, ApiTokenTardio? body, HttpContext http, MarkAwaitingLateTokenHandler handler, CancellationToken ct)
    {
        var reason = string.IsNullOrWhiteSpace(body?.Motivo) ? Tuss74.NoMobilePhone : body.Motivo.Trim();
        if (!MarkAwaitingLateTokenCommand.AllowedReasons.Contains(reason))
            return ApiResults.Invalid("motivo", "Motivo inválido (tabela TUSS 74): 07, 02, 03 ou 04.");
        var result = await handler.HandleAsync(new MarkAwaitingLateTokenCommand(id, reason), ApiResults.ActorOf(http), ct);
        return result.IsOk ? Results.Ok(new ApiTokenTardioMarcado(result.Value!)) : ApiResults.Refusal(result, onTreatment: true);
    }
}
