using DentistPortal.Infrastructure.Security;

namespace DentistPortal.Features.Api;

/// <summary>
/// The clinic API (issue 11, "API for clinic-management software"): <c>/api/v1</c>, authenticated only by the clinic's
/// API key (<see cref="ApiKeyAuthenticator"/>), no antiforgery (no cookie is ever read here), each endpoint calling
/// the same handler as the screen. Reference: docs/api.md and the OpenAPI document at <c>/openapi/v1.json</c>.
/// </summary>
public static class ApiEndpoints
{
    public const string Prefix = "/api/v1";
    /// <summary>The authorization policy of the group: an authenticated principal of the ApiKey scheme, and nothing else.</summary>
    public const string Policy = "ApiKey";

    public static IEndpointRouteBuilder MapPortalApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(Prefix)
            .RequireAuthorization(Policy)
            .DisableAntiforgery()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status500InternalServerError);

        api.MapBeneficiaryApi();
        api.MapTreatmentApi();
        api.MapTokenApi();
        api.MapTissApi();
        return app;
    }
}
