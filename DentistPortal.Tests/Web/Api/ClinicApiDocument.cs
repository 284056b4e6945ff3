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
}
