using System.Security.Claims;
using System.Text.Encodings.Web;
using DentistPortal.Domain.Access;
using DentistPortal.Infrastructure.Data;
using DentistPortal.Infrastructure.Identity;
using DentistPortal.Infrastructure.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DentistPortal.Infrastructure.Security;

/// <summary>
/// The clinic API's authentication scheme (issue 11): <c>Authorization: Bearer dpk_…</c> (or <c>X-Api-Key: dpk_…</c>).
/// A key that is malformed, unknown, revoked, of an inactive clinic or of a disabled integration user fails; the
/// principal is the credential's integration user, a member of the clinic with the clinic chosen, so the handlers'
/// <c>AccessCheck</c> treats it like the clinic's staff. <see cref="ApiCredential.LastUsedAtUtc"/> is written at most
/// once a minute. The key is never logged.
/// </summary>
public sealed class ApiKeyAuthenticator(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IDbContextFactory<AppDbContext> dbFactory,
    TimeProvider time)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string AlternativeHeader = "X-Api-Key";
    /// <summary>The claim naming the credential (its public key id) on the API principal.</summary>
    public const string KeyIdClaim = "dp:api-key";

    private const string FailureItem = "DentistPortal.ApiKey.Failure";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = Presented(Request);
        if (presented is null) return AuthenticateResult.NoResult();
        if (ApiKeys.Parse(presented) is not { } parsed) return Fail("malformed");
        var (keyId, secret) = parsed;

        await using var db = await dbFactory.CreateDbContextAsync(Context.RequestAborted);
        var row = await db.ApiCredentials.AsNoTracking()
            .Where(c => c.KeyId == keyId)
            .Select(c => new
            {
                c.Id, c.ClinicId, c.SecretHash, c.IntegrationUserId, c.RevokedAtUtc, c.LastUsedAtUtc,
                ClinicActive = db.Clinics.Any(k => k.Id == c.ClinicId && k.IsActive),
                User = db.Users.Where(u => u.Id == c.IntegrationUserId).Select(u => new { u.FullName, u.IsDisabled }).FirstOrDefault(),
            })
            .FirstOrDefaultAsync(Context.RequestAborted);
        // The hash is compared even for an unknown id, so the answer takes the same time either way.
        var matches = ApiKeys.Matches(secret, row?.SecretHash ?? new byte[32]);
        if (row is null || !matches) return Fail("unknown");
        if (row.RevokedAtUtc is not null || !row.ClinicActive || row.User is null || row.User.IsDisabled) return Fail("revoked");

        var now = time.GetUtcNow();
        if (row.LastUsedAtUtc is not { } last || now - last >= ApiCredential.LastUsedResolution)
        {
            var stale = now - ApiCredential.LastUsedResolution;
            // One conditional write: parallel calls of the same minute write once.
            await db.ApiCredentials.Where(c => c.Id == row.Id && (c.LastUsedAtUtc == null || c.LastUsedAtUtc <= stale))
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.LastUsedAtUtc, now), Context.RequestAborted);
        }

        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, row.IntegrationUserId),
            new Claim(ClaimTypes.Name, row.User.FullName),
            new Claim(PortalClaims.FullName, row.User.FullName),
            new Claim(ClaimTypes.Role, Roles.ClinicStaff),
            new Claim(PortalClaims.ClinicId, row.ClinicId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new Claim(KeyIdClaim, keyId),
        ], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    private AuthenticateResult Fail(string why)
    {
        Context.Items[FailureItem] = why;
        return AuthenticateResult.Fail("Invalid API key (" + why + ").");
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer realm=\"DentistPortal API\"";
        var detail = Context.Items[FailureItem] switch
        {
            "malformed" => "A chave de API enviada não tem o formato esperado (dpk_…).",
            "unknown" or "revoked" => "Chave de API desconhecida ou revogada. Peça uma nova chave ao administrador do portal.",
            _ => "Envie a chave de API da clínica no cabeçalho Authorization: Bearer dpk_…",
        };
        return ApiProblem.WriteAsync(Context, StatusCodes.Status401Unauthorized, "autenticacao.invalida", "Não autenticado", detail, Context.RequestAborted);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiProblem.WriteAsync(Context, StatusCodes.Status403Forbidden, "acesso.negado", "Acesso negado", "Esta credencial não tem permissão para esta ação.", Context.RequestAborted);

    private static string? Presented(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.Length > 0)
            return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization["Bearer ".Length..] : "";
        var header = request.Headers[AlternativeHeader].ToString();
        return header.Length > 0 ? header : null;
    }
}
