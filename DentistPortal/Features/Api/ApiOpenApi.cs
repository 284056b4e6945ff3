using DentistPortal.Infrastructure.Security;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace DentistPortal.Features.Api;

/// <summary>
/// The OpenAPI document of the clinic API (<c>/openapi/v1.json</c>, issue 11): only <c>/api/v1</c> endpoints, the title and
/// description in pt-BR, and the ApiKey security scheme (HTTP bearer with the <c>dpk_…</c> key) required by every operation.
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
    }
}
