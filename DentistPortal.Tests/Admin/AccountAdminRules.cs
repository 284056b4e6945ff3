using DentistPortal.Domain.Access;
using DentistPortal.Domain.Clinics;
using DentistPortal.Features.Admin;
using DentistPortal.Features.Common;
using DentistPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Tests.Admin;

/// <summary>Staff accounts: creation per role, disable/enable, password reset and unlock — each audited, never with a password.</summary>
public class AccountAdminRules(TestDatabase database) : IClassFixture<TestDatabase>
{
    private readonly AdminTestKit kit = new(database);

    [Fact]
    public async Task AReceptionistIsCreatedWithHerClinicAndAnAgentAndAnAuditorWithout()
    {
        var admin = await kit.AdminAsync();
        var campinas = await kit.ClinicIdAsync(DemoActors.CampinasCnpj);
        var create = kit.Handler<CreateStaffAccountHandler>();

        var staff = await create.HandleAsync(new("Bruna Tavares", "bruna@demo.local", Roles.ClinicStaff, campinas), admin);
        var agent = await create.HandleAsync(new("Otávio Lima", "otavio@demo.local", Roles.CallCenterAgent, campinas), admin);
        var auditor = await create.HandleAsync(new("Dra. Íris Mota", "iris@demo.local", Roles.Auditor, null, "Auditoria@2026"), admin);

        Assert.True(staff.IsOk && agent.IsOk && auditor.IsOk, string.Join("; ", staff.Errors.Concat(agent.Errors).Concat(auditor.Errors)));
        Assert.NotNull(staff.Value!.TemporaryPassword);
        Assert.Null(auditor.Value!.TemporaryPassword);
        var users = kit.Users();
        Assert.Equal([Roles.ClinicStaff], await users.GetRolesAsync(await kit.UserAsync("bruna@demo.local")));
        Assert.Equal([Roles.CallCenterAgent], await users.GetRolesAsync(await kit.UserAsync("otavio@demo.local")));
        Assert.Equal([Roles.Auditor], await users.GetRolesAsync(await kit.UserAsync("iris@demo.local")));
        Assert.True(await users.CheckPasswordAsync(await kit.UserAsync("bruna@demo.local"), staff.Value.TemporaryPassword!));
        Assert.True(await users.CheckPasswordAsync(await kit.UserAsync("iris@demo.local"), "Auditoria@2026"));

        await using var db = await kit.ContextAsync();
        var membership = Assert.Single(await db.ClinicMembers.Where(m => m.UserId == staff.Value.UserId).ToListAsync());
        Assert.Equal((campinas, ClinicMemberKind.Staff), (membership.ClinicId, membership.Kind));
        Assert.False(await db.ClinicMembers.AnyAsync(m => m.UserId == agent.Value!.UserId), "a call-centre agent works for no clinic");
        var audits = await kit.AuditAsync("admin.account.created");
        Assert.Contains(audits, a => a.SubjectId == staff.Value.UserId && a.ClinicId == campinas && a.Detail!.Contains("Recepção da clínica"));
        Assert.All(audits, a => Assert.DoesNotContain(staff.Value.TemporaryPassword!, a.Detail));
    }

    public static TheoryData<string?, string?, string?, bool, string> BadAccounts => new()
    {
        { "Fulana", "fulana@demo.local", Roles.ClinicStaff, false, "Escolha a clínica da recepção." },
        { "Fulana", "fulana@demo.local", Roles.Admin, false, "Escolha o perfil: recepção da clínica, central de atendimento ou auditoria odontológica." },
        { "Fulana", "fulana@demo.local", Roles.Dentist, true, "Escolha o perfil: recepção da clínica, central de atendimento ou auditoria odontológica." },
        { "Fulana", "fulana@demo.local", null, false, "Escolha o perfil: recepção da clínica, central de atendimento ou auditoria odontológica." },
        { "Fulana", "fulana.demo.local", Roles.Auditor, false, "E-mail inválido: confira o endereço (por exemplo nome@clinica.com.br)." },
        { "Fulana", "", Roles.Auditor, false, "Informe o e-mail (será o login)." },
        { null, "fulana@demo.local", Roles.Auditor, false, "Informe o nome completo." },
    };

    [Theory]
    [MemberData(nameof(BadAccounts))]
    public async Task InvalidAccountsAreRefusedWithAClearMessage(string? name, string? email, string? role, bool withClinic, string message)
    {
        int? clinic = withClinic ? await kit.ClinicIdAsync(DemoActors.SaoPauloCnpj) : null;
        var result = await kit.Handler<CreateStaffAccountHandler>().HandleAsync(new(name, email, role, clinic), await kit.AdminAsync());
        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Contains(message, result.Errors);
        Assert.Null(await kit.Users().FindByEmailAsync("fulana@demo.local"));
    }

    [Fact]
    public async Task ATakenEmailOrAnUnknownClinicIsRefused()
    {
        var admin = await kit.AdminAsync();
        var taken = await kit.Handler<CreateStaffAccountHandler>().HandleAsync(new("Outra Renata", "Central@Demo.Local", Roles.CallCenterAgent, null), admin);
        Assert.Equal(["Já existe uma conta com este e-mail."], taken.Errors);
        var unknown = await kit.Handler<CreateStaffAccountHandler>().HandleAsync(new("Nova", "nova@demo.local", Roles.ClinicStaff, 999_999), admin);
        Assert.Equal(["Escolha uma clínica ativa da rede."], unknown.Errors);
    }

    [Fact]
    public async Task DisablingAnAccountEndsItsSessionsAndEnablingBringsItBack()
    {
        var admin = await kit.AdminAsync();
        var before = await kit.UserAsync("recepcao2@demo.local");

        var off = await kit.Handler<SetAccountDisabledHandler>().HandleAsync(new(before.Id, true), admin);

        Assert.True(off.IsOk, string.Join("; ", off.Errors));
        var disabled = await kit.UserAsync("recepcao2@demo.local");
        Assert.True(disabled.IsDisabled);
        Assert.NotEqual(before.SecurityStamp, disabled.SecurityStamp); // cookies carrying the old stamp stop validating
        var row = (await kit.Handler<ListAccountsHandler>().HandleAsync(new(Search: "recepcao2"), admin)).Value!.Single();
        Assert.True(row.IsDisabled);

        var on = await kit.Handler<SetAccountDisabledHandler>().HandleAsync(new(before.Id, false), admin);
        Assert.True(on.IsOk);
        var enabled = await kit.UserAsync("recepcao2@demo.local");
        Assert.False(enabled.IsDisabled);
        Assert.NotEqual(disabled.SecurityStamp, enabled.SecurityStamp);
        Assert.Contains(await kit.AuditAsync("admin.account.disabled"), a => a.SubjectId == before.Id);
        Assert.Contains(await kit.AuditAsync("admin.account.enabled"), a => a.SubjectId == before.Id);
    }

    [Fact]
    public async Task TheAdminCannotDisableOrResetItsOwnAccount()
    {
        var admin = await kit.AdminAsync();
        Assert.Equal(["Você não pode desativar a sua própria conta."],
            (await kit.Handler<SetAccountDisabledHandler>().HandleAsync(new(admin.UserId, true), admin)).Errors);
        Assert.Equal(["Para trocar a sua própria senha use \"Alterar senha\"."],
            (await kit.Handler<ResetAccountPasswordHandler>().HandleAsync(new(admin.UserId), admin)).Errors);
        Assert.False((await kit.UserAsync("admin@demo.local")).IsDisabled);
        Assert.Equal(ResultStatus.NotFound, (await kit.Handler<SetAccountDisabledHandler>().HandleAsync(new("no-such-user", true), admin)).Status);
    }

    [Fact]
    public async Task AResetReplacesThePasswordWithATemporaryOneShownOnceAndNeverAudited()
    {
        var admin = await kit.AdminAsync();
        var before = await kit.UserAsync("auditor@demo.local");

        var result = await kit.Handler<ResetAccountPasswordHandler>().HandleAsync(new(before.Id), admin);

        Assert.True(result.IsOk, string.Join("; ", result.Errors));
        var temporary = result.Value!.TemporaryPassword!;
        var users = kit.Users();
        var after = await users.FindByIdAsync(before.Id);
        Assert.True(await users.CheckPasswordAsync(after!, temporary));
        Assert.False(await users.CheckPasswordAsync(after!, LoginHelper.DemoPassword));
        Assert.NotEqual(before.SecurityStamp, after!.SecurityStamp);
        var audit = Assert.Single(await kit.AuditAsync("admin.account.password-reset"), a => a.SubjectId == before.Id);
        Assert.DoesNotContain(temporary, audit.Detail);
        await using var db = await kit.ContextAsync();
        Assert.False(await db.AuditEntries.AnyAsync(a => a.Detail != null && a.Detail.Contains(temporary)));
    }

    [Fact]
    public async Task UnlockEndsALockoutAndClearsTheFailures()
    {
        var admin = await kit.AdminAsync();
        var users = kit.Users();
        var user = (await users.FindByEmailAsync("recepcao3@demo.local"))!;
        for (var i = 0; i < 5; i++) await users.AccessFailedAsync(user);
        Assert.True(await users.IsLockedOutAsync(user));
        Assert.True((await kit.Handler<ListAccountsHandler>().HandleAsync(new(Search: "recepcao3"), admin)).Value!.Single().IsLocked);

        var result = await kit.Handler<UnlockAccountHandler>().HandleAsync(new(user.Id), admin);

        Assert.True(result.IsOk, string.Join("; ", result.Errors));
        var fresh = kit.Users();
        var after = (await fresh.FindByIdAsync(user.Id))!;
        Assert.False(await fresh.IsLockedOutAsync(after));
        Assert.Null(after.LockoutEnd);
        Assert.Equal(0, after.AccessFailedCount);
        Assert.Contains(await kit.AuditAsync("admin.account.unlocked"), a => a.SubjectId == user.Id);
        Assert.False((await kit.Handler<ListAccountsHandler>().HandleAsync(new(Search: "recepcao3"), admin)).Value!.Single().IsLocked);
    }

    [Fact]
    public async Task TheListFiltersByRoleAndText()
    {
        var admin = await kit.AdminAsync();
        var staff = (await kit.Handler<ListAccountsHandler>().HandleAsync(new(Roles.ClinicStaff), admin)).Value!;
        Assert.Contains(staff, a => a.Email == "recepcao@demo.local" && a.Clinics.Single().Name == "Clínica Sorriso Paulista");
        Assert.All(staff, a => Assert.Equal(Roles.ClinicStaff, a.Role));
        var found = (await kit.Handler<ListAccountsHandler>().HandleAsync(new(null, "renata"), admin)).Value!;
        Assert.Equal("central@demo.local", Assert.Single(found).Email);
    }
}
