using DentistPortal.Domain.Access;
using DentistPortal.Domain.Clinics;
using DentistPortal.Features.Admin;
using DentistPortal.Features.Common;
using DentistPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Tests.Admin;

/// <summary>Dentists: the login, the CRO/UF and CPF record and the clinics, created together or not at all.</summary>
public class DentistAdminRules(TestDatabase database) : IClassFixture<TestDatabase>
{
    private readonly AdminTestKit kit = new(database);

    private async Task<Result<AccountCredentials>> CreateAsync(CreateDentistCommand command) =>
        await kit.Handler<CreateDentistHandler>().HandleAsync(command, await kit.AdminAsync());

    [Fact]
    public async Task ANewDentistGetsALoginTheRecordAndTheClinicsWithAPasswordShownOnce()
    {
        var sp = await kit.ClinicIdAsync(DemoActors.SaoPauloCnpj);
        var bh = await kit.ClinicIdAsync(DemoActors.BeloHorizonteCnpj);

        var result = await CreateAsync(new("Dra. Helena Duarte Campos", " Helena.Campos@Demo.Local ", "123.456.780-62", "012.345", "rj", [sp, bh, sp]));

        Assert.True(result.IsOk, string.Join("; ", result.Errors));
        var created = result.Value!;
        Assert.Equal("helena.campos@demo.local", created.Email);
        var password = Assert.IsType<string>(created.TemporaryPassword);
        Assert.Equal(TemporaryPassword.Length, password.Length);
        Assert.Contains(password, char.IsUpper);
        Assert.Contains(password, char.IsLower);
        Assert.Contains(password, char.IsDigit);
        Assert.Contains(password, c => !char.IsLetterOrDigit(c));

        var users = kit.Users();
        var user = await users.FindByEmailAsync("helena.campos@demo.local");
        Assert.NotNull(user);
        Assert.True(user.EmailConfirmed);
        Assert.True(user.LockoutEnabled);
        Assert.False(user.IsDisabled);
        Assert.Equal("Dra. Helena Duarte Campos", user.FullName);
        Assert.Equal([Roles.Dentist], await users.GetRolesAsync(user));
        Assert.True(await users.CheckPasswordAsync(user, password));

        await using var db = await kit.ContextAsync();
        var dentist = await db.Dentists.SingleAsync(d => d.UserId == user.Id);
        Assert.Equal(("12345678062", "12345", "RJ", "CRO-RJ 12345"), (dentist.Cpf, dentist.CroNumber, dentist.CroUf, dentist.CroDisplay));
        var clinics = await db.ClinicMembers.Where(m => m.UserId == user.Id).OrderBy(m => m.ClinicId).ToListAsync();
        Assert.Equal([sp, bh], clinics.Select(m => m.ClinicId).Order());
        Assert.All(clinics, m => Assert.Equal(ClinicMemberKind.Dentist, m.Kind));

        var audit = Assert.Single(await kit.AuditAsync("admin.dentist.created"), a => a.SubjectId == user.Id);
        Assert.Contains("CRO-RJ 12345", audit.Detail);
        Assert.DoesNotContain(password, audit.Detail);
    }

    [Fact]
    public async Task APasswordTypedByTheAdminMustMeetThePolicyAndIsNotEchoed()
    {
        var sp = await kit.ClinicIdAsync(DemoActors.SaoPauloCnpj);
        var weak = await CreateAsync(new("Dr. Fraco", "fraco@demo.local", "987.654.320-29", "22222", "SP", [sp], "abc"));
        Assert.Equal(ResultStatus.Invalid, weak.Status);
        Assert.Contains("A senha deve ter pelo menos 8 caracteres.", weak.Errors);
        Assert.Contains("A senha deve ter pelo menos um número.", weak.Errors);
        Assert.Contains("A senha deve ter pelo menos uma letra maiúscula.", weak.Errors);
        Assert.Null(await kit.Users().FindByEmailAsync("fraco@demo.local"));
        await using (var db = await kit.ContextAsync())
            Assert.False(await db.Dentists.AnyAsync(d => d.Cpf == "98765432029"));

        var good = await CreateAsync(new("Dr. Forte", "forte@demo.local", "987.654.320-29", "22222", "SP", [sp], "Sorriso#2026"));
        Assert.True(good.IsOk, string.Join("; ", good.Errors));
        Assert.Null(good.Value!.TemporaryPassword);
        Assert.True(await kit.Users().CheckPasswordAsync(await kit.UserAsync("forte@demo.local"), "Sorriso#2026"));
    }

    public static TheoryData<string?, string?, string?, string?, string?, string> BadDentists => new()
    {
        { "Dr. X", "x@demo.local", "123.456.780-61", "33333", "SP", "CPF inválido: confira os dígitos digitados." },
        { "Dr. X", "x@demo.local", "111.111.111-11", "33333", "SP", "CPF inválido: confira os dígitos digitados." },
        { "Dr. X", "x@demo.local", null, "33333", "SP", "Informe o CPF." },
        { "Dr. X", "x@demo.local", "111.222.333-96", "1234567", "SP", "Número do CRO inválido: de 1 a 6 dígitos." },
        { "Dr. X", "x@demo.local", "111.222.333-96", "000", "SP", "Número do CRO inválido: de 1 a 6 dígitos." },
        { "Dr. X", "x@demo.local", "111.222.333-96", "12A45", "SP", "Número do CRO inválido: de 1 a 6 dígitos." },
        { "Dr. X", "x@demo.local", "111.222.333-96", "", "SP", "Informe o número do CRO." },
        { "Dr. X", "x@demo.local", "111.222.333-96", "33333", "ZZ", "UF do CRO inválida: use a sigla do estado (por exemplo SP)." },
        { "Dr. X", "x@demo.local", "111.222.333-96", "33333", null, "UF do CRO inválida: use a sigla do estado (por exemplo SP)." },
        { "Dr. X", "x@@demo", "111.222.333-96", "33333", "SP", "E-mail inválido: confira o endereço (por exemplo nome@clinica.com.br)." },
        { "Dr. X", "sem-arroba.demo.local", "111.222.333-96", "33333", "SP", "E-mail inválido: confira o endereço (por exemplo nome@clinica.com.br)." },
        { "Dr. X", null, "111.222.333-96", "33333", "SP", "Informe o e-mail (será o login)." },
        { "", "x@demo.local", "111.222.333-96", "33333", "SP", "Informe o nome completo." },
    };

    [Theory]
    [MemberData(nameof(BadDentists))]
    public async Task InvalidDataIsRefusedWithAClearMessageAndNoAccountIsCreated(string? name, string? email, string? cpf, string? cro, string? uf, string message)
    {
        var sp = await kit.ClinicIdAsync(DemoActors.SaoPauloCnpj);
        var before = await UserCountAsync();
        var result = await CreateAsync(new(name, email, cpf, cro, uf, [sp]));
        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Contains(message, result.Errors);
        Assert.Equal(before, await UserCountAsync());
    }

    [Fact]
    public async Task WithoutAClinicOrWithAnUnknownOneNothingIsCreated()
    {
        var none = await CreateAsync(new("Dr. Sem Clínica", "semclinica@demo.local", "111.222.333-96", "33333", "SP", []));
        Assert.Contains("Escolha ao menos uma clínica.", none.Errors);
        var unknown = await CreateAsync(new("Dr. Sem Clínica", "semclinica@demo.local", "111.222.333-96", "33333", "SP", [999_999]));
        Assert.Contains("Escolha clínicas ativas da rede.", unknown.Errors);
        Assert.Null(await kit.Users().FindByEmailAsync("semclinica@demo.local"));
    }

    [Fact]
    public async Task ATakenEmailCroOrCpfIsRefused()
    {
        var sp = await kit.ClinicIdAsync(DemoActors.SaoPauloCnpj);
        var before = await UserCountAsync();

        var email = await CreateAsync(new("Dra. Outra", "DENTISTA@demo.local", "444.555.666-19", "44444", "SP", [sp]));
        Assert.Equal(["Já existe uma conta com este e-mail."], email.Errors);

        // CRO-SP 98765 is Dra. Ana Beatriz's; "098.765" is the same registration.
        var cro = await CreateAsync(new("Dra. Outra", "outra@demo.local", "444.555.666-19", "098.765", "sp", [sp]));
        Assert.Equal(["Já existe um dentista com o CRO-SP 98765."], cro.Errors);

        var sameNumberOtherCouncil = await CreateAsync(new("Dra. Mineira", "mineira@demo.local", "444.555.666-19", "98765", "MG", [sp]));
        Assert.True(sameNumberOtherCouncil.IsOk, string.Join("; ", sameNumberOtherCouncil.Errors));

        var cpf = await CreateAsync(new("Dra. Outra", "outra@demo.local", "246.813.579-28", "55555", "SP", [sp]));
        Assert.Equal(["Já existe um dentista com este CPF."], cpf.Errors);

        Assert.Equal(before + 1, await UserCountAsync());
    }

    [Fact]
    public async Task AnInactiveClinicCannotBeGivenToANewDentist()
    {
        var admin = await kit.AdminAsync();
        var created = await kit.Handler<SaveClinicHandler>().HandleAsync(new(null, "Clínica Fechada", "77.888.999/0001-81", "1112223", "Natal", "RN", null), admin);
        await kit.Handler<SetClinicActiveHandler>().HandleAsync(new(created.Value, false), admin);

        var result = await CreateAsync(new("Dr. Potiguar", "potiguar@demo.local", "864.209.753-10", "66666", "RN", [created.Value]));

        Assert.Equal(["Escolha clínicas ativas da rede."], result.Errors);
    }

    [Fact]
    public async Task TheClinicsOfADentistOrReceptionistAreReplacedAndTheOldOnesStopWorking()
    {
        var admin = await kit.AdminAsync();
        var sp = await kit.ClinicIdAsync(DemoActors.SaoPauloCnpj);
        var campinas = await kit.ClinicIdAsync(DemoActors.CampinasCnpj);
        var juliana = await kit.UserAsync("dentista3@demo.local");

        var result = await kit.Handler<UpdateClinicMembershipsHandler>().HandleAsync(new(juliana.Id, [campinas]), admin);

        Assert.True(result.IsOk, string.Join("; ", result.Errors));
        await using (var db = await kit.ContextAsync())
        {
            var members = await db.ClinicMembers.Where(m => m.UserId == juliana.Id).ToListAsync();
            var only = Assert.Single(members);
            Assert.Equal((campinas, ClinicMemberKind.Dentist), (only.ClinicId, only.Kind));
            var atSp = await kit.ActorAsync("dentista3@demo.local", DemoActors.SaoPauloCnpj);
            Assert.False((await kit.Handler<AccessCheck>().ReadAsync(db, atSp, default)).ActsForClinic(sp));
        }
        var audit = Assert.Single(await kit.AuditAsync("admin.memberships.updated"), a => a.SubjectId == juliana.Id);
        Assert.Contains($"incluídas: {campinas}", audit.Detail);
        Assert.Contains($"removidas: {sp}", audit.Detail);

        // A receptionist moves the same way, as staff.
        var fernanda = await kit.UserAsync("recepcao@demo.local");
        Assert.True((await kit.Handler<UpdateClinicMembershipsHandler>().HandleAsync(new(fernanda.Id, [sp, campinas]), admin)).IsOk);
        await using (var db = await kit.ContextAsync())
            Assert.All(await db.ClinicMembers.Where(m => m.UserId == fernanda.Id).ToListAsync(), m => Assert.Equal(ClinicMemberKind.Staff, m.Kind));

        // Put things back for the other tests of this class.
        Assert.True((await kit.Handler<UpdateClinicMembershipsHandler>().HandleAsync(new(juliana.Id, [sp]), admin)).IsOk);
        Assert.True((await kit.Handler<UpdateClinicMembershipsHandler>().HandleAsync(new(fernanda.Id, [sp]), admin)).IsOk);
    }

    [Fact]
    public async Task OnlyClinicAccountsHaveClinicsAndAtLeastOne()
    {
        var admin = await kit.AdminAsync();
        var sp = await kit.ClinicIdAsync(DemoActors.SaoPauloCnpj);
        var agent = await kit.UserAsync("central@demo.local");
        Assert.Equal(["Só dentistas e recepcionistas trabalham em clínicas."],
            (await kit.Handler<UpdateClinicMembershipsHandler>().HandleAsync(new(agent.Id, [sp]), admin)).Errors);
        var ana = await kit.UserAsync("dentista@demo.local");
        Assert.Equal(["Escolha ao menos uma clínica."],
            (await kit.Handler<UpdateClinicMembershipsHandler>().HandleAsync(new(ana.Id, []), admin)).Errors);
        Assert.Equal(ResultStatus.NotFound, (await kit.Handler<UpdateClinicMembershipsHandler>().HandleAsync(new("no-such-user", [sp]), admin)).Status);
    }

    [Fact]
    public async Task TheDentistListShowsCroCpfAndClinics()
    {
        var rows = (await kit.Handler<ListAccountsHandler>().HandleAsync(new(Roles.Dentist), await kit.AdminAsync())).Value!;
        Assert.All(rows, r => Assert.Equal(Roles.Dentist, r.Role));
        var carlos = rows.Single(r => r.Email == "dentista2@demo.local");
        Assert.Equal(("CRO-SP 54321", "98765432100"), (carlos.Cro, carlos.Cpf));
        Assert.Equal(["Clínica Dental Savassi", "Odonto Campinas Centro"], carlos.Clinics.Select(c => c.Name));
    }

    private async Task<int> UserCountAsync()
    {
        await using var db = await kit.ContextAsync();
        return await db.Users.CountAsync();
    }
}
