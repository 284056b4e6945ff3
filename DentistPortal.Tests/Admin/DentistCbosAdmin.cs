using DentistPortal.Domain.Audit;
using DentistPortal.Domain.Tiss;
using DentistPortal.Features.Admin;
using DentistPortal.Features.Common;
using DentistPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Tests.Admin;

/// <summary>Issue 11 (dentist identification): the dentist's CBO-S is one of the dental codes of TISS dm_CBOS.</summary>
public class DentistCbosAdmin(TestDatabase database) : IClassFixture<TestDatabase>
{
    private readonly AdminTestKit kit = new(database);

    private async Task<string> CbosOfAsync(string email)
    {
        var user = await kit.UserAsync(email);
        await using var db = await kit.ContextAsync();
        return (await db.Dentists.AsNoTracking().SingleAsync(d => d.UserId == user.Id)).Cbos;
    }

    [Fact]
    public void TheListHoldsExactlyTheDentalCodesOfTheTissSchema()
    {
        var schema = System.Xml.Linq.XDocument.Load(Path.Combine(AppContext.BaseDirectory, "Tiss", "Schemas", "tissSimpleTypesV4_01_00.xsd"));
        System.Xml.Linq.XNamespace xs = "http://www.w3.org/2001/XMLSchema";
        var cbos = schema.Descendants(xs + "simpleType").Single(t => (string?)t.Attribute("name") == "dm_CBOS");
        var dental = cbos.Descendants(xs + "enumeration").Select(e => (string)e.Attribute("value")!).Where(v => v.StartsWith("2232", StringComparison.Ordinal));

        Assert.Equal(dental.Order(), Cbos.Dental.Select(o => o.Code));
        Assert.Equal("Cirurgião-dentista – clínico geral", Cbos.Find("223208")!.Name);
    }

    [Fact]
    public async Task TheAdminChangesACbosOnceAndASecondIdenticalSaveWritesNothing()
    {
        var user = await kit.UserAsync("dentista2@demo.local");
        var admin = await kit.AdminAsync();

        var changed = await kit.Handler<SetDentistCbosHandler>().HandleAsync(new(user.Id, "223248"), admin);
        var again = await kit.Handler<SetDentistCbosHandler>().HandleAsync(new(user.Id, "223248"), admin);

        Assert.True(changed.IsOk, string.Join("; ", changed.Errors));
        Assert.Equal("223248 – Cirurgião-dentista – periodontista", again.Value!.Display);
        Assert.Equal("223248", await CbosOfAsync("dentista2@demo.local"));
        var audit = Assert.Single(await kit.AuditAsync(AuditActions.DentistCbosUpdated));
        Assert.Equal("Dr. Carlos Eduardo Lima; CRO-SP 54321; CBO-S 223248 (antes 223208)", audit.Detail);
        var row = (await kit.Handler<ListAccountsHandler>().HandleAsync(new(DentistPortal.Domain.Access.Roles.Dentist), admin)).Value!.Single(r => r.UserId == user.Id);
        Assert.Equal("223248 – Cirurgião-dentista – periodontista", row.CbosDisplay);
    }

    [Theory]
    [InlineData("225125")] // a physician's CBO, in dm_CBOS but not a dentist's
    [InlineData("2232")]
    [InlineData("")]
    [InlineData(null)]
    public async Task ACodeOutsideTheDentalListIsRefusedWithAPtBrMessageAndNothingChanges(string? code)
    {
        var user = await kit.UserAsync("dentista@demo.local");
        var before = await kit.AuditCountAsync(AuditActions.DentistCbosUpdated);

        var refused = await kit.Handler<SetDentistCbosHandler>().HandleAsync(new(user.Id, code), await kit.AdminAsync());

        Assert.Equal(ResultStatus.Invalid, refused.Status);
        Assert.Equal([DentistCbosRules.Message], refused.Errors);
        Assert.Equal("223208", await CbosOfAsync("dentista@demo.local"));
        Assert.Equal(before, await kit.AuditCountAsync(AuditActions.DentistCbosUpdated));
    }

    [Fact]
    public async Task AReceptionistCannotChangeACbos()
    {
        var user = await kit.UserAsync("dentista@demo.local");
        var staff = await kit.ActorAsync("recepcao@demo.local", DemoActors.SaoPauloCnpj);

        var refused = await kit.Handler<SetDentistCbosHandler>().HandleAsync(new(user.Id, "223236"), staff);

        Assert.Equal(ResultStatus.Forbidden, refused.Status);
        Assert.Equal("223208", await CbosOfAsync("dentista@demo.local"));
    }

    [Fact]
    public async Task ANewDentistGetsTheChosenCbosAndAnUnknownOneIsRefused()
    {
        var admin = await kit.AdminAsync();
        var sp = await kit.ClinicIdAsync(DemoActors.SaoPauloCnpj);

        var refused = await kit.Handler<CreateDentistHandler>().HandleAsync(
            new("Dra. Sem Código", "semcodigo@demo.local", "111.444.777-35", "44441", "SP", [sp], null, "999999"), admin);
        Assert.Equal([DentistCbosRules.Message], refused.Errors);
        Assert.Null(await kit.Users().FindByEmailAsync("semcodigo@demo.local"));

        var created = await kit.Handler<CreateDentistHandler>().HandleAsync(
            new("Dra. Odontopediatra", "odontoped@demo.local", "390.533.447-05", "44442", "SP", [sp], null, "223236"), admin);
        Assert.True(created.IsOk, string.Join("; ", created.Errors));
        Assert.Equal("223236", await CbosOfAsync("odontoped@demo.local"));

        var plain = await kit.Handler<CreateDentistHandler>().HandleAsync(
            new("Dr. Clínico", "clinico@demo.local", "714.602.380-01", "44443", "SP", [sp]), admin);
        Assert.True(plain.IsOk, string.Join("; ", plain.Errors));
        Assert.Equal("223208", await CbosOfAsync("clinico@demo.local"));
    }
}
