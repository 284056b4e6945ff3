using System.Text.Json.Nodes;
using DentistPortal.Domain.Messaging;
using DentistPortal.Domain.Tokens;
using DentistPortal.Domain.Treatments;
using DentistPortal.Features.Contingency;
using DentistPortal.Features.Tokens;
using DentistPortal.Infrastructure.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace DentistPortal.Features.Api;

/// <summary>
/// The OpenAPI document of the clinic API (<c>/openapi/v1.json</c>, issue 11): only <c>/api/v1</c> endpoints, the title and
/// description in pt-BR, and the ApiKey security scheme (HTTP bearer with the <c>dpk_…</c> key) required by every operation.
/// So that a client generated from the document alone is right (issue 11, integrator's report): the optional
/// <c>Idempotency-Key</c> header on the operations that honour it (<see cref="Idempotent"/>), the API's problem shape
/// (<c>code</c>, <c>errors</c>, <c>tentativasRestantes</c>…) on the problem schemas, the enumerated words of each string
/// field as <c>enum</c> (<see cref="Words"/>, built from <see cref="ApiWords"/>), and the XML/PDF files as binary strings
/// (<see cref="FileResponse"/>).
/// </summary>
public static class ApiOpenApi
{
    public const string DocumentName = "v1";

    public static void Configure(OpenApiOptions options)
    {
        options.ShouldInclude = d => d.RelativePath?.StartsWith("api/v1/", StringComparison.OrdinalIgnoreCase) == true
            || string.Equals(d.RelativePath, "api/v1", StringComparison.OrdinalIgnoreCase);
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "DentistPortal – API para sistemas de gestão de clínicas",
                Version = "v1",
                Description = "Busca de beneficiário, tratamento, token de atendimento, token tardio, contingência e guia em PDF, com as mesmas " +
                    "regras e limites das telas do portal. Autenticação: `Authorization: Bearer dpk_…` (chave de API da clínica, criada pelo " +
                    "administrador do portal). Erros em application/problem+json com `code` estável. Guia do integrador: docs/api.md.",
            };
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[ApiKeyAuthenticator.SchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "dpk_<id da chave>_<segredo>",
                Description = "Chave de API da clínica no cabeçalho Authorization: Bearer dpk_… (mostrada uma única vez ao ser criada).",
            };
            var requirement = new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyAuthenticator.SchemeName, document)] = [] };
            foreach (var operation in document.Paths.Values.SelectMany(p => p.Operations is { } ops ? ops.Values : Enumerable.Empty<OpenApiOperation>()))
            {
                operation.Security ??= [];
                operation.Security.Add(requirement);
            }
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            if (metadata.OfType<IdempotentOperation>().Any())
            {
                operation.Parameters ??= [];
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = ApiResults.IdempotencyHeader,
                    In = ParameterLocation.Header,
                    Required = false,
                    Description = "Opcional. Chave da tentativa (de 1 a 200 caracteres ASCII visíveis; de preferência um UUID): repetir a chamada " +
                        "com a mesma chave, pela mesma chave de API, em até 24 horas devolve a mesma resposta sem repetir o efeito.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = 200, Pattern = "^[!-~]{1,200}$" },
                });
            }
            foreach (var file in metadata.OfType<FileResponse>())
            {
                operation.Responses ??= [];
                var status = file.Status.ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (!operation.Responses.TryGetValue(status, out var response) || response is not OpenApiResponse concrete)
                    operation.Responses[status] = concrete = new OpenApiResponse { Description = file.Description };
                concrete.Description = file.Description;
                concrete.Content ??= new Dictionary<string, OpenApiMediaType>();
                concrete.Content.Clear();
                concrete.Content[file.ContentType] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } };
            }
            return Task.CompletedTask;
        });
        options.AddSchemaTransformer((schema, context, _) =>
        {
            var type = context.JsonTypeInfo.Type;
            if (context.JsonPropertyInfo is null && (type == typeof(ProblemDetails) || type == typeof(HttpValidationProblemDetails)))
                DescribeApiProblem(schema);
            if (context.JsonPropertyInfo is { AttributeProvider: System.Reflection.MemberInfo member } property
                && Words.TryGetValue((property.DeclaringType, member.Name), out var words))
            {
                schema.Enum = [.. words.Select(w => (JsonNode)JsonValue.Create(w))];
                if (schema.Type is { } t && t.HasFlag(JsonSchemaType.Null)) schema.Enum.Add(null!); // a nullable field may also be null
            }
            return Task.CompletedTask;
        });
    }

    /// <summary>The API's problem body (<see cref="ApiProblem"/>): RFC 7807 plus the stable <c>code</c> and the extensions the endpoints add.</summary>
    private static void DescribeApiProblem(OpenApiSchema schema)
    {
        schema.Description = "Problema (RFC 7807) da API: `title`/`detail` em português para pessoas e `code` estável para programas (tabela em docs/api.md).";
        schema.Properties ??= new Dictionary<string, IOpenApiSchema>();
        schema.Properties["code"] = new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Description = "Código estável do erro, por exemplo `entrada.invalida`, `token.codigo_incorreto`, `tratamento.nao_encontrado`.",
        };
        schema.Properties["errors"] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "Em `entrada.invalida`: campo (como a API o escreve, por exemplo `itens[0].codigoTuss`) → mensagens em português.",
            AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
        };
        schema.Properties["tentativasRestantes"] = new OpenApiSchema
        {
            Type = JsonSchemaType.Integer | JsonSchemaType.Null,
            Format = "int32",
            Description = "Na validação recusada do token: tentativas que ainda restam.",
        };
        schema.Properties["proximoPasso"] = new OpenApiSchema
        {
            Type = JsonSchemaType.String | JsonSchemaType.Null,
            Description = "Na validação recusada do token: o que fazer agora (em português).",
        };
        schema.Properties["retryAfterSeconds"] = new OpenApiSchema
        {
            Type = JsonSchemaType.Integer,
            Format = "int32",
            Description = "Em todo 429: segundos a esperar (o mesmo valor do cabeçalho Retry-After).",
        };
        schema.Properties["motivos"] = new OpenApiSchema
        {
            Type = JsonSchemaType.Array,
            Items = new OpenApiSchema { Type = JsonSchemaType.String },
            Description = "Em `tiss.nao_faturavel`: por que a guia ainda não pode ser faturada.",
        };
        schema.Required ??= new HashSet<string>();
        schema.Required.Add("code");
    }

    /// <summary>Endpoint metadata: the operation honours the <c>Idempotency-Key</c> header (docs/api.md §4).</summary>
    public sealed class IdempotentOperation
    {
        public static readonly IdempotentOperation Instance = new();
    }

    /// <summary>Endpoint metadata: the success response is a file of <paramref name="ContentType"/>, documented as a binary string.</summary>
    public sealed record FileResponse(string ContentType, string Description, int Status = StatusCodes.Status200OK);

    private static IEnumerable<string> Known<T>(Func<T, string> word) where T : struct, Enum =>
        Enum.GetValues<T>().Select(word).Where(w => w != "desconhecido").Distinct();

    /// <summary>The enumerated words of each string field (type, C# property name), from the same <see cref="ApiWords"/> the JSON is written with.</summary>
    internal static readonly IReadOnlyDictionary<(Type Type, string Property), string[]> Words = new Dictionary<(Type, string), string[]>
    {
        [(typeof(ApiItem), nameof(ApiItem.Autorizacao))] = [.. Known<ItemAuthorization>(ApiWords.Of)],
        [(typeof(ApiDecisao), nameof(ApiDecisao.Autorizacao))] = [.. Known<ItemAuthorization>(ApiWords.Of)],
        [(typeof(ApiEntrega), nameof(ApiEntrega.Canal))] = [.. Known<DeliveryChannel>(ApiWords.Of)],
        [(typeof(ApiEntrega), nameof(ApiEntrega.Situacao))] = [.. Known<DeliveryStatus>(ApiWords.Of)],
        [(typeof(ApiToken), nameof(ApiToken.Situacao))] = [.. Known<TokenStatus>(ApiWords.Of)],
        [(typeof(ApiTratamento), nameof(ApiTratamento.Situacao))] = [.. Known<TreatmentStatus>(ApiWords.Of)],
        [(typeof(ApiTratamento), nameof(ApiTratamento.MotivoAusenciaToken))] = [.. Domain.Tiss.Tuss74.Table.Select(r => r.Code)],
        [(typeof(ApiValidacao), nameof(ApiValidacao.Forma))] = ["consultorio", "tardio"],
        [(typeof(ApiValidado), nameof(ApiValidado.Resultado))] = ["validado"],
        [(typeof(ApiTokenTardio), nameof(ApiTokenTardio.Motivo))] = [.. MarkAwaitingLateTokenCommand.AllowedReasons],
        [(typeof(ApiContingencia), nameof(ApiContingencia.Motivo))] = [.. ContingencyReasonChoices.All.Select(c => c.Key)],
        [(typeof(ApiContingenciaRegistrada), nameof(ApiContingenciaRegistrada.Motivo))] = [.. ContingencyReasonChoices.All.Select(c => c.Code).Distinct()],
    };
}
