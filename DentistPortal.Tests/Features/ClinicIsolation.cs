using DentistPortal.Domain.Audit;
using DentistPortal.Features.Clinics;
using DentistPortal.Features.Common;
using DentistPortal.Infrastructure.Data;
using DentistPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DentistPortal.Tests.Features;

/// <summary>A user of clinic A never sees clinic B's data, whatever the handler is asked.</summary>
public class ClinicIsolation(TestDatabase database) : IClassFixture<TestDatabase>
{
    private GetClinicOverviewHandler Overview => database.Services.CreateScope().ServiceProvider.GetRequiredService<GetClinicOverviewHandler>();

    [Fact]
    public async Task StaffSeeTheirOwnClinicsTeam()
    {
        var staff = await DemoActors.ForAsync(database.Services, "recepcao@demo.local", DemoActors.SaoPauloCnpj);
        var result = await Overview.HandleAsync(new(staff.ClinicId!.Value), staff);
        Assert.True(result.IsOk);
        Assert.Contains(result.Value!.Team, m => m.Name == "Dra. Ana Beatriz Ferreira" && m.Cro == "CRO-SP 98765");
        Assert.DoesNotContain(result.Value.Team, m => m.Name == "Dr. Carlos Eduardo Lima");
    }

    [Fact]
    public async Task StaffOfClinicBCannotReadClinicA()
    {
        var staffB = await DemoActors.ForAsync(database.Services, "recepcao2@demo.local", DemoActors.CampinasCnpj);
        var clinicA = await DemoActors.ClinicIdAsync(database.Services, DemoActors.SaoPauloCnpj);
        var result = await Overview.HandleAsync(new(clinicA), staffB);
        Assert.Equal(ResultStatus.Forbidden, result.Status);
        Assert.Null(result.Value);
    }

    [Fact]
    public async Task AForgedClinicClaimIsCaughtByTheMembershipCheck()
    {
        var staffB = await DemoActors.ForAsync(database.Services, "recepcao2@demo.local", DemoActors.CampinasCnpj);
        var clinicA = await DemoActors.ClinicIdAsync(database.Services, DemoActors.SaoPauloCnpj);
        var forged = staffB with { ClinicId = clinicA };
        Assert.Equal(ResultStatus.Forbidden, (await Overview.HandleAsync(new(clinicA), forged)).Status);
    }

    [Fact]
    public async Task ADentistOfTwoClinicsSeesOnlyTheOneHeChose()
    {
        var atCampinas = await DemoActors.ForAsync(database.Services, "dentista2@demo.local", DemoActors.CampinasCnpj);
        var savassi = await DemoActors.ClinicIdAsync(database.Services, DemoActors.BeloHorizonteCnpj);
        Assert.True((await Overview.HandleAsync(new(atCampinas.ClinicId!.Value), atCampinas)).IsOk);
        Assert.Equal(ResultStatus.Forbidden, (await Overview.HandleAsync(new(savassi), atCampinas)).Status);
    }

    [Fact]
    public async Task RecentLookupsShowOnlyThoseMadeAtTheClinic()
    {
        var lookup = database.Services.CreateScope().ServiceProvider.GetRequiredService<DentistPortal.Features.Beneficiaries.LookupBeneficiaryHandler>();
        var dentistA = await DemoActors.ForAsync(database.Services, "dentista@demo.local", DemoActors.SaoPauloCnpj);
        var staffB = await DemoActors.ForAsync(database.Services, "recepcao2@demo.local", DemoActors.CampinasCnpj);
        await lookup.HandleAsync(new("390.533.447-05"), dentistA);   // Antônia, looked up at clinic A only

        var atB = (await Overview.HandleAsync(new(staffB.ClinicId!.Value), staffB)).Value!;
        Assert.DoesNotContain(atB.RecentLookups, l => l.PatientName == "Antônia Ribeiro Santos");
        var atA = (await Overview.HandleAsync(new(dentistA.ClinicId!.Value), dentistA)).Value!;
        Assert.Contains(atA.RecentLookups, l => l.PatientName == "Antônia Ribeiro Santos");
    }

    [Fact]
    public async Task RefusalsAreAudited()
    {
        var staffB = await DemoActors.ForAsync(database.Services, "recepcao3@demo.local", DemoActors.BeloHorizonteCnpj);
        var clinicA = await DemoActors.ClinicIdAsync(database.Services, DemoActors.SaoPauloCnpj);
        await Overview.HandleAsync(new(clinicA), staffB);
        await using var db = await database.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == AuditActions.AccessDenied && a.ActorUserId == staffB.UserId));
    }

    [Fact]
    public async Task TheAuditTrailIsAppendOnly()
    {
        await using var db = await database.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var staff = await DemoActors.ForAsync(database.Services, "recepcao@demo.local", DemoActors.SaoPauloCnpj);
        Audit.Record(db, TimeProvider.System, staff, "test.action", "ok");
        await db.SaveChangesAsync();
        var entry = await db.AuditEntries.OrderByDescending(a => a.Id).FirstAsync();
        entry.Outcome = "tampered";
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        db.ChangeTracker.Clear();
        db.AuditEntries.Remove(await db.AuditEntries.OrderByDescending(a => a.Id).FirstAsync());
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
    }
}
