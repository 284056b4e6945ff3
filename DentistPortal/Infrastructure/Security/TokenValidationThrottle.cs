using System.Threading.RateLimiting;
using DentistPortal.Infrastructure.Web;
using Microsoft.Extensions.Options;

namespace DentistPortal.Infrastructure.Security;

/// <summary>
/// Issue 10 (Accounts: rate limiting on token validation): how fast one user (and one clinic) may submit codes, in one
/// place for every validation path (chair, late token, Central, and any HTTP path later), since the Blazor circuits
/// never pass through ASP.NET Core's HTTP rate limiter. A refusal here is not an attempt: nothing is counted or written.
/// Limits: <c>RateLimiting:TokenValidationPerUser</c> and <c>RateLimiting:TokenValidationPerClinic</c>.
/// </summary>
public sealed class TokenValidationThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<(string UserId, int? ClinicId)> limiter;

    public TokenValidationThrottle(IOptions<RateLimitOptions> options)
    {
        var perUser = options.Value.TokenValidationPerUser.ToOptions();
        var perClinic = options.Value.TokenValidationPerClinic.ToOptions();
        limiter = PartitionedRateLimiter.CreateChained(
            PartitionedRateLimiter.Create<(string UserId, int? ClinicId), string>(who =>
                RateLimitPartition.GetFixedWindowLimiter("user:" + who.UserId, _ => perUser)),
            PartitionedRateLimiter.Create<(string UserId, int? ClinicId), string>(who => who.ClinicId is { } clinic
                ? RateLimitPartition.GetFixedWindowLimiter("clinic:" + clinic.ToString(System.Globalization.CultureInfo.InvariantCulture), _ => perClinic)
                : RateLimitPartition.GetNoLimiter(string.Empty)));
    }

    /// <summary>Takes one permit; <c>null</c> when allowed, otherwise how long to wait.</summary>
    public TimeSpan? TryAcquire(string userId, int? clinicId)
    {
        using var lease = limiter.AttemptAcquire((userId, clinicId));
        if (lease.IsAcquired) return null;
        return lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
    }

    public void Dispose() => limiter.Dispose();
}
