using DentistPortal.Features.Admin;
using DentistPortal.Features.Common;
using DentistPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Tests.Admin;

/// <summary>Clinics: CNPJ check digits and uniqueness, CNES, UF, editing, activation — all audited.</summary>
public class ClinicAdminRules(TestDatabase database) : IClassFixture<TestDatabase>
{
    private readonly AdminTestKit kit = new(database);

    private async Task<Result<int>> SaveAsync(SaveClinicCommand command) => await kit.Handler<SaveClinicHandler>().HandleAsync(command, await kit.AdminAsync());

    [Fact]
    public async Task ANewClinicIsStoredNormalisedAndAudited()
    {
        var result = await SaveAsync(new(null, "  Clínica Sorriso Santista ", "55.666.777/0001-81", "207-9999", "Santos", "sp", "Av. Ana Costa, 100"));

        Assert.True(result.IsOk, string.Join("; ", result.Errors));
        await using var db = await kit.ContextAsync();
        var clinic = await db.Clinics.SingleAsync(c => c.Id == result.Value);
        Assert.Equal(("Clínica Sorriso Santista", "55666777000181", "2079999", "Santos", "SP", true),
            (clinic.Name, clinic.Cnpj, clinic.Cnes, clinic.City, clinic.Uf, clinic.IsActive));
        var audit = Assert.Single(await kit.AuditAsync("admin.clinic.created"), a => a.SubjectId == clinic.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("55.666.777/0001-81", audit.Detail);
        Assert.Equal("Admin", audit.ActorRole);
    }

    public static TheoryData<SaveClinicCommand, string> BadClinics => new()
    {
        { new(null, "Clínica X", "55.666.777/0001-82", "1234567", "Santos", "SP", null), "CNPJ inválido: confira os 14 dígitos." },
        { new(null, "Clínica X", "11111111111111", "1234567", "Santos", "SP", null), "CNPJ inválido: confira os 14 dígitos." },
        { new(null, "Clínica X", "5566677700018", "1234567", "Santos", "SP", null), "CNPJ inválido: confira os 14 dígitos." },
        { new(null, "Clínica X", "", "1234567", "Santos", "SP", null), "Informe o CNPJ." },
        { new(null, "Clínica X", "77.888.999/0001-81", "123456", "Santos", "SP", null), "CNES inválido: são 7 dígitos." },
        { new(null, "Clínica X", "77.888.999/0001-81", "12345678", "Santos", "SP", null), "CNES inválido: são 7 dígitos." },
        { new(null, "Clínica X", "77.888.999/0001-81", "12a4567", "Santos", "SP", null), "CNES inválido: são 7 dígitos." },
        { new(null, "Clínica X", "77.888.999/0001-81", null, "Santos", "SP", null), "Informe o CNES (7 dígitos)." },
        { new(null, "Clínica X", "77.888.999/0001-81", "1234567", "Santos", "XX", null), "UF inválida: use a sigla do estado (por exemplo SP)." },
        { new(null, "Clínica X", "77.888.999/0001-81", "1234567", "Santos", null, null), "UF inválida: use a sigla do estado (por exemplo SP)." },
        { new(null, " ", "77.888.999/0001-81", "1234567", "Santos", "SP", null), "Informe o nome da clínica." },
        { new(null, "Clínica X", "77.888.999/0001-81", "1234567", "", "SP", null), "Informe a cidade." },
    };

    [Theory]
    [MemberData(nameof(BadClinics))]
    public async Task InvalidDataIsRefusedWithAClearMessageAndNothingIsStored(SaveClinicCommand command, string message)
    {
        var before = await CountAsync();
        var result = await SaveAsync(command);
        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Contains(message, result.Errors);
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task ACnpjAlreadyRegisteredIsRefusedWhateverTheFormatting()
    {
        var result = await SaveAsync(new(null, "Outra Sorriso Paulista", "11.222.333/0001-81", "1234567", "São Paulo", "SP", null));
        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Equal(["Já existe uma clínica com o CNPJ 11.222.333/0001-81."], result.Errors);

        var campinas = await kit.ClinicIdAsync(DemoActors.CampinasCnpj);
        var edit = await SaveAsync(new(campinas, "Odonto Campinas Centro", "11222333000181", "2075678", "Campinas", "SP", null));
        Assert.Equal(["Já existe uma clínica com o CNPJ 11.222.333/0001-81."], edit.Errors);
    }

    [Fact]
    public async Task EditingChangesTheFieldsKeepsItsOwnCnpjAndIsAudited()
    {
        var created = await SaveAsync(new(null, "Clínica Provisória", "10.120.230/3000-28", "7654321", "Recife", "PE", null));
        Assert.True(created.IsOk, string.Join("; ", created.Errors));

        var edited = await SaveAsync(new(created.Value, "Clínica Boa Viagem", "10120230300028", "7654321", "Recife", "PE", "Av. Boa Viagem, 1"));

        Assert.True(edited.IsOk, string.Join("; ", edited.Errors));
        await using var db = await kit.ContextAsync();
        var clinic = await db.Clinics.SingleAsync(c => c.Id == created.Value);
        Assert.Equal(("Clínica Boa Viagem", "Av. Boa Viagem, 1"), (clinic.Name, clinic.Address));
        Assert.Contains(await kit.AuditAsync("admin.clinic.updated"), a => a.SubjectId == created.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(ResultStatus.NotFound, (await SaveAsync(new(999_999, "X", "77.888.999/0001-81", "1234567", "X", "SP", null))).Status);
    }

    [Fact]
    public async Task ADeactivatedClinicStopsItsTeamAndCanBeActivatedAgain()
    {
        var admin = await kit.AdminAsync();
        var bh = await kit.ClinicIdAsync(DemoActors.BeloHorizonteCnpj);
        var staff = await kit.ActorAsync("recepcao3@demo.local", DemoActors.BeloHorizonteCnpj);
        await using (var db = await kit.ContextAsync())
            Assert.True((await kit.Handler<AccessCheck>().ReadAsync(db, staff, default)).ActsForClinic(bh));

        var off = await kit.Handler<SetClinicActiveHandler>().HandleAsync(new(bh, false), admin);
        Assert.True(off.IsOk);
        Assert.False(off.Value);
        await using (var db = await kit.ContextAsync())
            Assert.False((await kit.Handler<AccessCheck>().ReadAsync(db, staff, default)).ActsForClinic(bh));
        var listed = (await kit.Handler<ListClinicsHandler>().HandleAsync(admin)).Value!;
        Assert.False(listed.Single(c => c.Id == bh).IsActive);

        var on = await kit.Handler<SetClinicActiveHandler>().HandleAsync(new(bh, true), admin);
        Assert.True(on.Value);
        await using (var db = await kit.ContextAsync())
            Assert.True((await kit.Handler<AccessCheck>().ReadAsync(db, staff, default)).ActsForClinic(bh));
        Assert.Contains(await kit.AuditAsync("admin.clinic.deactivated"), a => a.ClinicId == bh);
        Assert.Contains(await kit.AuditAsync("admin.clinic.activated"), a => a.ClinicId == bh);
    }

    [Fact]
    public async Task TheListShowsEveryClinicWithItsTeam()
    {
        var rows = (await kit.Handler<ListClinicsHandler>().HandleAsync(await kit.AdminAsync())).Value!;
        var sp = rows.Single(r => r.Cnpj == DemoActors.SaoPauloCnpj);
        Assert.Equal(("11.222.333/0001-81", 2, 1), (sp.CnpjDisplay, sp.Dentists, sp.Staff));
    }

    private async Task<int> CountAsync()
    {
        await using var db = await kit.ContextAsync();
        return await db.Clinics.CountAsync();
    }
}
