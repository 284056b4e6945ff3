using DentistPortal.Domain.Tokens;
using DentistPortal.Tests.Infrastructure;

namespace DentistPortal.Tests.Performance;

/// <summary>
/// Issue 13 (handler cost) made the token handlers' fixed reads EF compiled queries. EF ties a compiled query to the model
/// it first ran with, and the portal has one model per provider: an outside tester found every PostgreSQL generate failing
/// ("executed with a different model") after a SQLite one in the same process (the test suite, the bench). Both providers,
/// one process, in both orders: generate, a wrong code, the right code.
/// </summary>
[Trait("Provider", "Both")]
public sealed class CompiledQueriesOnBothProviders(BothProviderDatabases databases) : IClassFixture<BothProviderDatabases>
{
    [Fact]
    public async Task TheTokenHandlersWorkOnEachProviderWhicheverRanFirst()
    {
        foreach (var database in new[] { databases.Sqlite, databases.Postgres, databases.Sqlite, databases.Postgres })
        {
            var scenario = new TokenScenario(database);
            var treatment = await scenario.SubmittedTreatmentAsync();
            await scenario.GenerateAsync(treatment, "482915");
            Assert.Equal(ValidationOutcome.WrongCode, (await scenario.ValidateAsync(treatment, "111111")).Outcome);
            Assert.Equal(ValidationOutcome.Validated, (await scenario.ValidateAsync(treatment, "482915")).Outcome);
        }
    }
}
