using System.Net;
using DentistPortal.Tests.Infrastructure;

namespace DentistPortal.Tests.Web.Api;

/// <summary>A portal whose token-validation throttle lets a user submit 3 codes per hour.</summary>
public sealed class ThrottledPortalFactory : PortalFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings =>
    [
        new("RateLimiting:TokenValidationPerUser:PermitLimit", "3"),
        new("RateLimiting:TokenValidationPerUser:WindowSeconds", "3600"),
    ];
}

/// <summary>
/// docs/api.md §5: every 429 adds <c>retryAfterSeconds</c> and the <c>Retry-After</c> header — also the validation
/// throttle's <c>token.muitas_tentativas</c>, so a client knows when to let the dentist type the code again.
/// </summary>
public class ClinicApiThrottle(ThrottledPortalFactory portal) : IClassFixture<ThrottledPortalFactory>
{
    [Fact]
    public async Task CodesTypedTooFastAnswer429WithRetryAfter()
    {
        using var api = ApiKit.Client(portal, (await ApiKit.CreateKeyAsync(portal.Services, DemoActors.SaoPauloCnpj)).FullKey);
        var (id, _) = await ApiKit.OpenConsultationAsync(api, cpf: "16180339805");
        Assert.Equal(HttpStatusCode.Created, (await api.PostJsonAsync($"/api/v1/treatments/{id}/token", null)).StatusCode);
        for (var i = 0; i < 3; i++)
            Assert.Equal((HttpStatusCode)422, (await api.PostJsonAsync($"/api/v1/treatments/{id}/token/validate", new { codigo = "000001" })).StatusCode);

        using var refused = await api.PostJsonAsync($"/api/v1/treatments/{id}/token/validate", new { codigo = "000001" });
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var json = await refused.JsonAsync();
        Assert.Equal("token.muitas_tentativas", json.GetProperty("code").GetString());
        var seconds = json.GetProperty("retryAfterSeconds").GetInt32();
        Assert.InRange(seconds, 1, 3600);
        Assert.Equal(TimeSpan.FromSeconds(seconds), refused.Headers.RetryAfter?.Delta);
    }
}
