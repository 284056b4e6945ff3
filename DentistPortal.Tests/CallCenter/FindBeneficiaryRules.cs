using DentistPortal.Domain.Beneficiaries;
using DentistPortal.Domain.Common;
using DentistPortal.Features.CallCenter;
using DentistPortal.Features.Common;
using DentistPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Tests.CallCenter;

/// <summary>The Central finds the caller by CPF, card number or part of the name (real SQLite, demo data).</summary>
public class FindBeneficiaryRules(TestDatabase database) : IClassFixture<TestDatabase>
{
    private readonly CallScenario s = new(database);

    private async Task<Result<BeneficiarySearchResult>> FindAsync(string? term, Actor? actor = null) =>
        await s.Handler<FindBeneficiaryHandler>().HandleAsync(new(term), actor ?? await s.AgentAsync());

    [Theory]
    [InlineData("529.982.247-25")]
    [InlineData("52998224725")]
    [InlineData(" 529 982 247 25 ")]
    public async Task ACpfInAnyUsualFormatFindsMaria(string term)
    {
        var result = await FindAsync(term);
        Assert.True(result.IsOk, string.Join(";", result.Errors));
        Assert.Equal(BeneficiarySearchKind.Cpf, result.Value!.Kind);
        var maria = Assert.Single(result.Value.Matches);
        Assert.Equal("Maria Aparecida da Silva", maria.FullName);
        Assert.Equal("***.982.247-**", maria.MaskedCpf);
        Assert.Equal("9876 5400 0001 0014", maria.CardNumber);
        Assert.Equal(1985, maria.BirthYear);
        Assert.True(maria.IsHolder);
        Assert.Equal("Titular", maria.Relationship);
    }

    [Theory]
    [InlineData("9876 5400 0001 0030")]
    [InlineData("9876540000010030")]
    [InlineData("9876.5400.0001.0030")]
    public async Task ACardNumberFindsTheDependentWithTheHoldersName(string term)
    {
        var result = await FindAsync(term);
        Assert.True(result.IsOk);
        Assert.Equal(BeneficiarySearchKind.CardNumber, result.Value!.Kind);
        var pedro = Assert.Single(result.Value.Matches);
        Assert.Equal("Pedro Henrique da Silva", pedro.FullName);
        Assert.False(pedro.IsHolder);
        Assert.Equal("Maria Aparecida da Silva", pedro.HolderName);
        Assert.Equal("Filho(a)", pedro.Relationship);
    }

    [Theory]
    [InlineData("joao", "João Carlos da Silva")]
    [InlineData("JOÃO CARLOS", "João Carlos da Silva")]
    [InlineData("antonia ribeiro", "Antônia Ribeiro Santos")]
    [InlineData("claudio", "Cláudio Moreira Lopes")]
    [InlineData("  nunes   costa ", "Roberto Nunes Costa")]
    public async Task ANameIsFoundWhateverTheCaseAndAccents(string term, string expected)
    {
        var result = await FindAsync(term);
        Assert.True(result.IsOk, string.Join(";", result.Errors));
        Assert.Equal(BeneficiarySearchKind.Name, result.Value!.Kind);
        Assert.Contains(result.Value.Matches, m => m.FullName == expected);
    }

    [Fact]
    public async Task APartOfTheNameListsEveryoneWithItAlphabetically()
    {
        var silva = (await FindAsync("silva")).Value!.Matches.Select(m => m.FullName).ToList();
        Assert.Equal(["João Carlos da Silva", "Maria Aparecida da Silva", "Pedro Henrique da Silva"], silva);
        var araujo = (await FindAsync("ARAUJO")).Value!.Matches.Select(m => m.FullName).ToList();
        Assert.Equal(["Beatriz Campos Araújo", "Lucas Campos Araújo"], araujo);
    }

    [Fact]
    public async Task ResultsShowTheBirthYearOnlyNeverTheFullDate()
    {
        // The agent must ASK the birth date: no property of a match carries a date, and the year alone is given.
        Assert.DoesNotContain(typeof(BeneficiaryMatch).GetProperties(), p => p.PropertyType == typeof(DateOnly) || p.PropertyType == typeof(DateTime));
        var maria = (await FindAsync("maria aparecida")).Value!.Matches.Single();
        Assert.Equal(1985, maria.BirthYear);
        Assert.DoesNotContain("12/03", maria.ToString());
    }

    [Theory]
    [InlineData(null, CallCenterSearchTerm.EmptyMessage)]
    [InlineData("   ", CallCenterSearchTerm.EmptyMessage)]
    [InlineData("jo", CallCenterSearchTerm.ShortNameMessage)]
    [InlineData("j o", CallCenterSearchTerm.ShortNameMessage)]
    [InlineData("maria 529", CallCenterSearchTerm.MixedMessage)]
    [InlineData("maria%", CallCenterSearchTerm.NameCharactersMessage)]
    [InlineData("ma_ria", CallCenterSearchTerm.NameCharactersMessage)]
    [InlineData("529.982.247-26", BeneficiaryIdentifier.CpfMessage)]
    [InlineData("9876 5400 0001 0015", BeneficiaryIdentifier.CardMessage)]
    [InlineData("12345", BeneficiaryIdentifier.LengthMessage)]
    public async Task BadTermsGetTheirPortugueseMessageAndNoQuery(string? term, string message)
    {
        var result = await FindAsync(term);
        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Equal(message, Assert.Single(result.Errors));
    }

    [Theory]
    [InlineData("Xerxes Ulisses")]
    [InlineData("123.456.789-09")]
    [InlineData("9876 5400 9900 0009")]
    public async Task NothingFoundSaysSo(string term)
    {
        var result = await FindAsync(term);
        Assert.Equal(ResultStatus.NotFound, result.Status);
        Assert.Equal(FindBeneficiaryHandler.NotFoundMessage, result.Errors[0]);
    }

    [Fact]
    public async Task ANameSearchStopsAtTwentyAndSaysThereIsMore()
    {
        await using (var db = await s.Tokens.ContextAsync())
        {
            var plan = await db.Plans.Select(p => p.Id).FirstAsync();
            for (var i = 0; i < 25; i++)
            {
                db.Beneficiaries.Add(new Beneficiary
                {
                    CardNumber = CardNumber.WithCheckDigit($"987654{900000 + i:D6}001"),
                    FullName = $"Zuleica Homônima {(char)('A' + i)}", BirthDate = new DateOnly(1980, 1, 1), PlanId = plan,
                    Relationship = Relationship.Holder, EnrolledOn = new DateOnly(2024, 1, 1),
                });
            }
            await db.SaveChangesAsync();
        }
        var result = await FindAsync("zuleica homonima");
        Assert.True(result.IsOk);
        Assert.Equal(CallCenterSearchTerm.MaxResults, result.Value!.Matches.Count);
        Assert.True(result.Value.Truncated);
        Assert.Equal("Zuleica Homônima A", result.Value.Matches[0].FullName);
    }

    [Fact]
    public async Task EverySearchIsAuditedWithoutTheTermTyped()
    {
        var agent = await s.AgentAsync();
        await FindAsync("529.982.247-25", agent);
        await FindAsync("aparecida", agent);
        await FindAsync("Xerxes Ulisses", agent);
        await using var db = await s.Tokens.ContextAsync();
        var entries = await db.AuditEntries.Where(a => a.Action == FindBeneficiaryHandler.Action && a.ActorUserId == agent.UserId).ToListAsync();
        Assert.Contains(entries, a => a.Outcome == "found" && a.Detail == "busca por CPF; 1 resultado(s)" && a.SubjectType == "Beneficiary");
        Assert.Contains(entries, a => a.Outcome == "found" && a.Detail!.StartsWith("busca por nome", StringComparison.Ordinal));
        Assert.Contains(entries, a => a.Outcome == "not-found");
        Assert.All(entries, a => Assert.Equal("CallCenterAgent", a.ActorRole));
        Assert.DoesNotContain(entries, a => $"{a.Detail} {a.SubjectId}".Contains("529", StringComparison.Ordinal)
            || (a.Detail ?? "").Contains("aparecida", StringComparison.OrdinalIgnoreCase) || (a.Detail ?? "").Contains("Xerxes", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnAdminMaySearchToo()
    {
        Assert.True((await FindAsync("52998224725", await s.AdminAsync())).IsOk);
    }
}
