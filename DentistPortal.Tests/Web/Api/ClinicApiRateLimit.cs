using System.Net;
using DentistPortal.Tests.Infrastructure;

namespace DentistPortal.Tests.Web.Api;

/// <summary>The portal with a tight API limit (RateLimiting:Api).</summary>
public sealed class ApiRateLimitedPortalFactory : PortalFactory
{
    public const int PerCredential = 3;

    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings =>
    [
        new("RateLimiting:Api:PermitLimit", $"{PerCredential}"),
        new("RateLimiting:Api:WindowSeconds", "3600"),
    ];
}

/// <summary>Issue 11 (API): each credential has its own request budget; over it, 429 problem+json with Retry-After.</summary>
public class ClinicApiRateLimit(ApiRateLimitedPortalFactory portal) : IClassFixture<ApiRateLimitedPortalFactory>
{
    [Fact]
    public async Task ACredentialOverItsBudgetGets429WhileAnotherCredentialGoesOn()
    {
        using var busy = ApiKit.Client(portal, (await ApiKit.CreateKeyAsync(portal.Services, DemoActors.SaoPauloCnpj)).FullKey);
        using var other = ApiKit.Client(portal, (await ApiKit.CreateKeyAsync(portal.Services, DemoActors.SaoPauloCnpj)).FullKey);
        for (var i = 0; i < ApiRateLimitedPortalFactory.PerCredential; i++)
            Assert.Equal(HttpStatusCode.OK, (await busy.GetAsync("/api/v1/late-tokens")).StatusCode);

        using var refused = await busy.GetAsync("/api/v1/late-tokens");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        var json = await refused.JsonAsync();
        Assert.Equal("limite.requisicoes", json.GetProperty("code").GetString());
        Assert.Contains("aguarde", json.GetProperty("detail").GetString());

        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/api/v1/late-tokens")).StatusCode);
    }
}
