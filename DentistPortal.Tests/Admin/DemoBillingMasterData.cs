using DentistPortal.Domain.Plans;
using DentistPortal.Domain.Tiss;
using DentistPortal.Features.Admin;
using DentistPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Tests.Admin;

/// <summary>Issue 11: a fresh demo database can bill TISS guides: prices, CBO-S, CNES and codes at the operator are all there.</summary>
public class DemoBillingMasterData(TestDatabase database) : IClassFixture<TestDatabase>
{
    private readonly AdminTestKit kit = new(database);

    [Fact]
    public async Task EveryCoverageOfEveryDemoPlanHasAValidPrice()
    {
        await using var db = await kit.ContextAsync();
        var coverages = await db.PlanCoverages.AsNoTracking().ToListAsync();

        Assert.NotEmpty(coverages);
        Assert.All(coverages, c => Assert.True(c.Price is { } p && PlanPrice.IsValid(p), $"{c.TussCode} of plan {c.PlanId} has price {c.Price}"));
        var essential = await db.Plans.AsNoTracking().Include(p => p.Coverages).SingleAsync(p => p.Name == "Sorriso Pleno Essencial");
        Assert.Equal(60.00m, essential.CoverageFor("81000030")!.Price);      // consulta
        Assert.Equal(80.00m, essential.CoverageFor("84000198")!.Price);      // profilaxia
        Assert.Equal(120.00m, essential.CoverageFor("85100196")!.Price);     // resina 1 face
    }

    [Fact]
    public async Task EveryDemoDentistHasADentalCbosAndOneIsASpecialist()
    {
        await using var db = await kit.ContextAsync();
        var dentists = await db.Dentists.AsNoTracking().ToListAsync();

        Assert.Equal(4, dentists.Count);
        Assert.All(dentists, d => Assert.True(Cbos.IsDental(d.Cbos), $"{d.FullName}: {d.Cbos}"));
        Assert.Equal(3, dentists.Count(d => d.Cbos == "223208"));
        Assert.Equal("223212", dentists.Single(d => d.FullName == "Dra. Juliana Mendes Prado").Cbos);
    }

    [Fact]
    public async Task EveryDemoClinicHasACnesAndACodeAtTheOperator()
    {
        await using var db = await kit.ContextAsync();
        var clinics = await db.Clinics.AsNoTracking().ToListAsync();

        Assert.Equal(3, clinics.Count);
        Assert.All(clinics, c =>
        {
            Assert.Equal(c.Cnes, SaveClinicValidator.NormalizeCnes(c.Cnes));
            Assert.True(DentistPortal.Domain.Clinics.Clinic.IsValidCodeAtOperator(c.CodeAtOperator), $"{c.Name}: {c.CodeAtOperator}");
        });
        Assert.Equal(3, clinics.Select(c => c.CodeAtOperator).Distinct().Count());
    }
}
