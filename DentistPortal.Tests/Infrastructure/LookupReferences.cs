using DentistPortal.Features.Beneficiaries;
using DentistPortal.Features.Common;
using Microsoft.Extensions.DependencyInjection;

namespace DentistPortal.Tests.Infrastructure;

/// <summary>
/// Issue 9 §2: a clinic user reaches a beneficiary only through the audited lookup. Tests do what the screen does:
/// look the beneficiary up (by CPF or card) as the acting user and take the reference the lookup granted.
/// </summary>
public static class LookupReferences
{
    /// <summary>The reference of the beneficiary with this CPF or card, looked up by <paramref name="actor"/> at their clinic.</summary>
    public static async Task<string> ForAsync(IServiceProvider services, Actor actor, string cpfOrCard)
    {
        using var scope = services.CreateScope();
        var result = await scope.ServiceProvider.GetRequiredService<LookupBeneficiaryHandler>().HandleAsync(new LookupBeneficiaryQuery(cpfOrCard), actor);
        Assert.True(result.IsOk, string.Join("; ", result.Errors));
        return result.Value!.Found.Reference!;
    }
}
