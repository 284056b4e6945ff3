using DentistPortal.Features.Common;
using DentistPortal.Infrastructure.Data;
using DentistPortal.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Features.Admin;

/// <summary>One API credential as the back office lists it (issue 11): never the secret, only the public key id.</summary>
public sealed record ApiCredentialRow(int Id, int ClinicId, string ClinicName, string Label, string KeyId, DateTimeOffset CreatedAtUtc, string CreatedByName,
    DateTimeOffset? LastUsedAtUtc, DateTimeOffset? RevokedAtUtc, string? RevokedByName)
{
    /// <summary>How the key starts, enough to recognise it in the clinic's software.</summary>
    public string KeyPrefix => ApiKeys.Prefix + KeyId + "_…";
    public bool IsRevoked => RevokedAtUtc is not null;
}

/// <param name="ClinicId">Only this clinic's keys; null = every clinic.</param>
public sealed record ListApiCredentialsQuery(int? ClinicId = null);

/// <summary>Back office (Admin): the API credentials, active first, newest first.</summary>
public sealed class ListApiCredentialsHandler(IDbContextFactory<AppDbContext> dbFactory, AccessCheck access)
{
    public async Task<Result<IReadOnlyList<ApiCredentialRow>>> HandleAsync(ListApiCredentialsQuery query, Actor? actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await access.EnsureAdminAsync(db, actor, "chaves de API", ct)) return Result<IReadOnlyList<ApiCredentialRow>>.Forbidden();
        var rows = await (
            from c in db.ApiCredentials.AsNoTracking()
            join k in db.Clinics on c.ClinicId equals k.Id
            where query.ClinicId == null || c.ClinicId == query.ClinicId
            select new ApiCredentialRow(c.Id, c.ClinicId, k.Name, c.Label, c.KeyId, c.CreatedAtUtc, c.CreatedByName, c.LastUsedAtUtc, c.RevokedAtUtc, c.RevokedByName))
            .ToListAsync(ct);
        return Result<IReadOnlyList<ApiCredentialRow>>.Ok([.. rows.OrderBy(r => r.IsRevoked).ThenByDescending(r => r.CreatedAtUtc)]);
    }
}
