using System.Net;
using System.Text.Json;
using DentistPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace DentistPortal.Tests.Web.Api;

/// <summary>
/// Issue 11 (API, Tests): the OpenAPI document lists every <c>/api/v1</c> endpoint the app maps (read from its
/// <see cref="EndpointDataSource"/>, so a new endpoint without documentation fails here), each with a pt-BR summary,
/// the ApiKey security requirement and its problem responses.
/// </summary>
public class ClinicApiDocument(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task TheOpenApiDocumentListsEveryApiEndpointWithSecurityAndProblems()
    {
        using var client = portal.CreateClient();
        using var response = await client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("bearer", doc.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey").GetProperty("scheme").GetString());
        var paths = doc.GetProperty("paths");

        var mapped = portal.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["?"])
                .Select(m => (Method: m.ToLowerInvariant(), Path: System.Text.RegularExpressions.Regex.Replace(e.RoutePattern.RawText!, @"\{(\w+):[^}]+\}", "{$1}"))))
            .ToList();
        Assert.True(mapped.Count >= 9, $"only {mapped.Count} API endpoints mapped");

        foreach (var (method, path) in mapped)
        {
            Assert.True(paths.TryGetProperty(path, out var item), $"{path} is not in the OpenAPI document");
            Assert.True(item.TryGetProperty(method, out var operation), $"{method.ToUpperInvariant()} {path} is not in the OpenAPI document");
            Assert.False(string.IsNullOrWhiteSpace(operation.GetProperty("summary").GetString()), $"{method} {path} has no summary");
            Assert.True(operation.TryGetProperty("description", out _), $"{method} {path} has no description");
            Assert.True(operation.GetProperty("security").GetArrayLength() > 0, $"{method} {path} has no security requirement");
            var responses = operation.GetProperty("responses");
            foreach (var status in new[] { "401", "429" })
                Assert.True(responses.TryGetProperty(status, out _), $"{method} {path} documents no {status}");
            Assert.Contains(responses.EnumerateObject(), r => r.Name.StartsWith('2'));
        }
        // Nothing but the API is in the document.
        Assert.All(paths.EnumerateObject(), p => Assert.StartsWith("/api/v1/", p.Name, StringComparison.Ordinal));
    }

    private async Task<JsonElement> DocumentAsync()
    {
        using var client = portal.CreateClient();
        using var response = await client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static JsonElement Schema(JsonElement doc, string name) => doc.GetProperty("components").GetProperty("schemas").GetProperty(name);

    private static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Null ? "null" : e.GetString()!)];

    [Fact]
    public async Task ThePostsThatHonourIdempotencyKeyDeclareItAsAnOptionalHeader()
    {
        var paths = (await DocumentAsync()).GetProperty("paths");
        foreach (var path in new[] { "/api/v1/treatments", "/api/v1/treatments/{id}/token", "/api/v1/treatments/{id}/token/validate", "/api/v1/treatments/{id}/tiss" })
        {
            var parameters = paths.GetProperty(path).GetProperty("post").GetProperty("parameters").EnumerateArray().ToList();
            var header = Assert.Single(parameters, p => p.GetProperty("name").GetString() == "Idempotency-Key");
            Assert.Equal("header", header.GetProperty("in").GetString());
            Assert.False(header.TryGetProperty("required", out var required) && required.GetBoolean(), $"{path}: Idempotency-Key must be optional");
            Assert.Equal("string", header.GetProperty("schema").GetProperty("type").GetString());
            Assert.Contains("mesma chave", header.GetProperty("description").GetString());
        }
        // Not on the operations that are idempotent by themselves.
        Assert.False(paths.GetProperty("/api/v1/treatments/{id}/contingency").GetProperty("post").TryGetProperty("parameters", out var p2)
            && p2.EnumerateArray().Any(p => p.GetProperty("name").GetString() == "Idempotency-Key"));
    }

    [Fact]
    public async Task ProblemResponsesDescribeTheStableCodeAndTheApiExtensions()
    {
        var doc = await DocumentAsync();
        var problem = doc.GetProperty("paths").GetProperty("/api/v1/treatments/{id}/token/validate").GetProperty("post").GetProperty("responses")
            .GetProperty("422").GetProperty("content").GetProperty("application/problem+json").GetProperty("schema");
        var name = problem.GetProperty("$ref").GetString()!.Split('/').Last();
        var schema = Schema(doc, name);
        var properties = schema.GetProperty("properties");
        Assert.Equal("string", properties.GetProperty("code").GetProperty("type").GetString());
        Assert.Contains("code", Strings(schema.GetProperty("required")));
        Assert.Equal("array", properties.GetProperty("errors").GetProperty("additionalProperties").GetProperty("type").GetString());
        Assert.Equal("string", properties.GetProperty("errors").GetProperty("additionalProperties").GetProperty("items").GetProperty("type").GetString());
        foreach (var extension in new[] { "tentativasRestantes", "proximoPasso", "retryAfterSeconds", "motivos" })
            Assert.True(properties.TryGetProperty(extension, out _), $"the problem schema has no {extension}");
    }

    [Fact]
    public async Task IntegersAreIntegersAndNumbersSentAsStringsAreRefused()
    {
        var doc = await DocumentAsync();
        var id = Schema(doc, "ApiTratamento").GetProperty("properties").GetProperty("id");
        Assert.Equal(JsonValueKind.String, id.GetProperty("type").ValueKind);
        Assert.Equal("integer", id.GetProperty("type").GetString());
        Assert.False(id.TryGetProperty("pattern", out _));
        Assert.DoesNotContain("\"string\"", Schema(doc, "ApiItemNovo").GetProperty("properties").GetProperty("dente").GetProperty("type").GetRawText());
    }

    [Fact]
    public async Task RequiredListsOnlyWhatTheApiRequires()
    {
        var doc = await DocumentAsync();
        string[] RequiredOf(string name) => Schema(doc, name).TryGetProperty("required", out var r) ? Strings(r) : [];
        Assert.Equal(["codigoTuss"], RequiredOf("ApiItemNovo"));
        Assert.Equal(["motivo"], RequiredOf("ApiContingencia"));
        Assert.Equal(["codigo"], RequiredOf("ApiValidacao"));
        Assert.Empty(RequiredOf("ApiTokenTardio"));
        Assert.Equal(["beneficiario", "dentista", "itens"], RequiredOf("ApiNovoTratamento").Order());
    }

    [Fact]
    public async Task EnumeratedWordsAreListedInTheSchema()
    {
        var doc = await DocumentAsync();
        string[] EnumOf(string type, string property) => Strings(Schema(doc, type).GetProperty("properties").GetProperty(property).GetProperty("enum"));
        Assert.Equal(["pendente", "autorizado", "negado", "em_analise"], EnumOf("ApiItem", "autorizacao"));
        Assert.Equal(["pendente", "autorizado", "negado", "em_analise"], EnumOf("ApiDecisao", "autorizacao"));
        Assert.Contains("guia_papel", EnumOf("ApiToken", "situacao"));
        Assert.Contains("aguardando_token_tardio", EnumOf("ApiTratamento", "situacao"));
        Assert.Equal(["sms", "email"], EnumOf("ApiEntrega", "canal"));
        Assert.Equal(["pendente", "enviado", "falhou"], EnumOf("ApiEntrega", "situacao"));
        Assert.Equal(["consultorio", "tardio", "null"], EnumOf("ApiValidacao", "forma"));
        Assert.Equal(["02", "03", "04", "07", "nao-gerou", "null"], EnumOf("ApiContingencia", "motivo"));
        Assert.Equal(["07", "02", "03", "04", "null"], EnumOf("ApiTokenTardio", "motivo"));
        Assert.Contains("07", EnumOf("ApiTratamento", "motivoAusenciaToken"));
    }

    [Fact]
    public async Task FileDownloadsDeclareTheirMediaTypeAsBinary()
    {
        var paths = (await DocumentAsync()).GetProperty("paths");
        foreach (var (path, method, type) in new[] { ("/api/v1/treatments/{id}/tiss", "post", "application/xml"), ("/api/v1/treatments/{id}/guide.pdf", "get", "application/pdf") })
        {
            var ok = paths.GetProperty(path).GetProperty(method).GetProperty("responses").GetProperty("200");
            var schema = ok.GetProperty("content").GetProperty(type).GetProperty("schema");
            Assert.Equal("string", schema.GetProperty("type").GetString());
            Assert.Equal("binary", schema.GetProperty("format").GetString());
        }
    }
}
