using DentistPortal.Domain.Audit;
using DentistPortal.Features.Beneficiaries;
using DentistPortal.Features.Common;
using DentistPortal.Infrastructure.Data;
using DentistPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DentistPortal.Tests.Features;

/// <summary>The lookup handler on a real SQLite file with the demo data.</summary>
public class BeneficiaryLookupRules(TestDatabase database) : IClassFixture<TestDatabase>
{
    private LookupBeneficiaryHandler Handler => database.Services.CreateScope().ServiceProvider.GetRequiredService<LookupBeneficiaryHandler>();

    private Task<Actor> Dentist() => DemoActors.ForAsync(database.Services, "dentista@demo.local", DemoActors.SaoPauloCnpj);

    private async Task<int> AuditCount()
    {
        await using var db = await database.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        return await db.AuditEntries.CountAsync(a => a.Action == AuditActions.BeneficiaryLookup);
    }

    [Fact]
    public async Task FindsTheHolderByCpfWithBothDependents()
    {
        var result = await Handler.HandleAsync(new("529.982.247-25"), await Dentist());
        Assert.True(result.IsOk);
        var card = result.Value!;
        Assert.Equal("Maria Aparecida da Silva", card.Holder.FullName);
        Assert.Equal(["João Carlos da Silva", "Pedro Henrique da Silva"], card.Dependents.Select(d => d.FullName).Order().ToArray());
        Assert.Equal("(11) *****-4321", card.Holder.MaskedMobile);
        Assert.Equal("m***@e***.com.br", card.Holder.MaskedEmail);
        Assert.Equal("Sorriso Pleno Essencial", card.Holder.PlanName);
    }

    [Fact]
    public async Task FindsADependentByCardAndShowsTheHolderWithIt()
    {
        var result = await Handler.HandleAsync(new("9876 5400 0001 0030"), await Dentist());
        var card = result.Value!;
        Assert.Equal("Pedro Henrique da Silva", card.Found.FullName);
        Assert.Equal("Maria Aparecida da Silva", card.Holder.FullName);
        Assert.Equal(ContactSituation.ThroughHolder, card.Found.Contacts);
    }

    [Fact]
    public async Task NeverReturnsContactsUnmasked()
    {
        var card = (await Handler.HandleAsync(new("52998224725"), await Dentist())).Value!;
        foreach (var m in card.Members)
        {
            Assert.DoesNotContain("987654321", m.MaskedMobile ?? "");
            Assert.DoesNotContain("silva@", m.MaskedEmail ?? "");
            Assert.DoesNotContain("982247", m.CardNumber.Replace(" ", "")); // card digits are not the CPF
        }
    }

    [Theory]
    [InlineData("111.444.777-35", ContactSituation.Partial)]
    [InlineData("390.533.447-05", ContactSituation.None)]
    public async Task SaysWhenContactsAreMissing(string cpf, ContactSituation expected)
    {
        var card = (await Handler.HandleAsync(new(cpf), await Dentist())).Value!;
        Assert.Equal(expected, card.Found.Contacts);
    }

    [Fact]
    public async Task MarksTheInactiveBeneficiary()
    {
        var card = (await Handler.HandleAsync(new("714.602.380-01"), await Dentist())).Value!;
        Assert.False(card.Found.IsActive);
    }

    [Fact]
    public async Task AnInvalidCpfIsRefusedWithoutQueryOrAudit()
    {
        var before = await AuditCount();
        var result = await Handler.HandleAsync(new("529.982.247-24"), await Dentist());
        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Equal("CPF inválido: confira os dígitos digitados.", result.Errors.Single());
        Assert.Equal(before, await AuditCount());
    }

    [Fact]
    public async Task AnUnknownButValidCpfIsNotFoundAndAudited()
    {
        var before = await AuditCount();
        var result = await Handler.HandleAsync(new("123.456.789-09"), await Dentist());
        Assert.Equal(ResultStatus.NotFound, result.Status);
        Assert.Equal(before + 1, await AuditCount());
    }

    [Fact]
    public async Task EveryLookupIsAuditedWithWhoLookedUpWhom()
    {
        var actor = await Dentist();
        var card = (await Handler.HandleAsync(new("111.444.777-35"), actor)).Value!;
        await using var db = await database.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var entry = await db.AuditEntries.OrderByDescending(a => a.Id).FirstAsync(a => a.Action == AuditActions.BeneficiaryLookup);
        Assert.Equal(actor.UserId, entry.ActorUserId);
        Assert.Equal("Dentist", entry.ActorRole);
        Assert.Equal(actor.ClinicId, entry.ClinicId);
        Assert.Equal(card.FoundId.ToString(System.Globalization.CultureInfo.InvariantCulture), entry.SubjectId);
        Assert.DoesNotContain("11144477735", entry.Detail ?? "");
    }

    [Theory]
    [InlineData("paciente@demo.local", null)]
    [InlineData("central@demo.local", null)]
    [InlineData("admin@demo.local", null)]
    [InlineData("dentista@demo.local", null)]                      // dentist who has not chosen a clinic
    [InlineData("dentista@demo.local", DemoActors.CampinasCnpj)]   // claims a clinic he is not a member of
    public async Task OnlyClinicUsersWorkingAtTheirClinicMayLookUp(string email, string? clinicCnpj)
    {
        var actor = await DemoActors.ForAsync(database.Services, email, clinicCnpj);
        var result = await Handler.HandleAsync(new("529.982.247-25"), actor);
        Assert.Equal(ResultStatus.Forbidden, result.Status);
        Assert.Null(result.Value);
    }

    [Fact]
    public async Task AnonymousCallsAreRefused() =>
        Assert.Equal(ResultStatus.Forbidden, (await Handler.HandleAsync(new("529.982.247-25"), null)).Status);
}
