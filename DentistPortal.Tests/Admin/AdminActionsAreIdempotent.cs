using DentistPortal.Domain.Access;
using DentistPortal.Domain.Procedures;
using DentistPortal.Features.Admin;
using DentistPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Tests.Admin;

/// <summary>
/// Issue 9 §3 for the back office: the second click of a double click is a no-op that answers the first result, with
/// one audit line, decided by the handler and the database (not by a disabled button).
/// </summary>
public class AdminActionsAreIdempotent(TestDatabase database) : IClassFixture<TestDatabase>
{
    private readonly AdminTestKit kit = new(database);

    [Fact]
    public async Task DisablingAnAlreadyDisabledAccountWritesOneAuditLine()
    {
        var admin = await kit.AdminAsync();
        var target = await kit.UserAsync("dentista4@demo.local");
        var handler = kit.Handler<SetAccountDisabledHandler>();

        var results = await Task.WhenAll(
            handler.HandleAsync(new(target.Id, true), admin),
            kit.Handler<SetAccountDisabledHandler>().HandleAsync(new(target.Id, true), admin));

        Assert.All(results, r => Assert.True(r.IsOk && r.Value, string.Join("; ", r.Errors)));
        Assert.Single(await kit.AuditAsync("admin.account.disabled"), a => a.SubjectId == target.Id);
    }

    [Fact]
    public async Task UnlockingAnUnlockedAccountChangesNothing()
    {
        var admin = await kit.AdminAsync();
        var target = await kit.UserAsync("recepcao2@demo.local");
        var users = kit.Users();
        var locked = await users.FindByIdAsync(target.Id);
        await users.SetLockoutEndDateAsync(locked!, DateTimeOffset.UtcNow.AddMinutes(15));

        Assert.True((await kit.Handler<UnlockAccountHandler>().HandleAsync(new(target.Id), admin)).IsOk);
        var again = await kit.Handler<UnlockAccountHandler>().HandleAsync(new(target.Id), admin);

        Assert.True(again.IsOk);
        Assert.Single(await kit.AuditAsync("admin.account.unlocked"), a => a.SubjectId == target.Id);
    }

    [Fact]
    public async Task ADoubleClickOnResetPasswordGivesOnePasswordThatWorks()
    {
        var admin = await kit.AdminAsync();
        var target = await kit.UserAsync("recepcao3@demo.local");

        var results = await Task.WhenAll(
            kit.Handler<ResetAccountPasswordHandler>().HandleAsync(new(target.Id), admin),
            kit.Handler<ResetAccountPasswordHandler>().HandleAsync(new(target.Id), admin));

        Assert.All(results, r => Assert.True(r.IsOk, string.Join("; ", r.Errors)));
        var password = results[0].Value!.TemporaryPassword;
        Assert.NotNull(password);
        Assert.Equal(password, results[1].Value!.TemporaryPassword);
        var users = kit.Users();
        Assert.True(await users.CheckPasswordAsync((await users.FindByIdAsync(target.Id))!, password!));
        Assert.Single(await kit.AuditAsync(ResetAccountPasswordHandler.Action), a => a.SubjectId == target.Id);
    }

    [Fact]
    public async Task ADoubleClickOnCreateDentistCreatesOneAccount()
    {
        var admin = await kit.AdminAsync();
        var sp = await kit.ClinicIdAsync(DemoActors.SaoPauloCnpj);
        CreateDentistCommand command = new("Dra. Clique Duplo", "clique.duplo@demo.local", "123.456.780-62", "45678", "SP", [sp]);

        var results = await Task.WhenAll(
            kit.Handler<CreateDentistHandler>().HandleAsync(command, admin),
            kit.Handler<CreateDentistHandler>().HandleAsync(command, admin));

        Assert.All(results, r => Assert.True(r.IsOk, string.Join("; ", r.Errors)));
        Assert.Equal(results[0].Value, results[1].Value);
        await using var db = await kit.ContextAsync();
        Assert.Equal(1, await db.Users.CountAsync(u => u.Email == "clique.duplo@demo.local"));
        Assert.Equal(1, await db.Dentists.CountAsync(d => d.CroNumber == "45678"));
        Assert.Single(await kit.AuditAsync(CreateDentistHandler.Action), a => a.SubjectId == results[0].Value!.UserId);
    }

    [Fact]
    public async Task CreatingTheSameStaffAccountTwiceAnswersTheFirst()
    {
        var admin = await kit.AdminAsync();
        CreateStaffAccountCommand command = new("Agente Repetida", "agente.repetida@demo.local", Roles.CallCenterAgent, null);

        var first = await kit.Handler<CreateStaffAccountHandler>().HandleAsync(command, admin);
        var second = await kit.Handler<CreateStaffAccountHandler>().HandleAsync(command, admin);

        Assert.True(first.IsOk, string.Join("; ", first.Errors));
        Assert.Equal(first.Value, second.Value);
        Assert.Single(await kit.AuditAsync(CreateStaffAccountHandler.Action), a => a.SubjectId == first.Value!.UserId);
    }

    [Fact]
    public async Task SavingAClinicTwiceKeepsOneClinicAndOneAuditLinePerChange()
    {
        var admin = await kit.AdminAsync();
        SaveClinicCommand create = new(null, "Clínica Duas Vezes", "55.666.777/0001-81", "2079999", "Santos", "SP", "Av. Ana Costa, 100");

        var results = await Task.WhenAll(
            kit.Handler<SaveClinicHandler>().HandleAsync(create, admin),
            kit.Handler<SaveClinicHandler>().HandleAsync(create, admin));
        Assert.All(results, r => Assert.True(r.IsOk, string.Join("; ", r.Errors)));
        Assert.Equal(results[0].Value, results[1].Value);

        var id = results[0].Value;
        var edit = create with { Id = id, Name = "Clínica Duas Vezes Centro" };
        Assert.True((await kit.Handler<SaveClinicHandler>().HandleAsync(edit, admin)).IsOk);
        Assert.True((await kit.Handler<SaveClinicHandler>().HandleAsync(edit, admin)).IsOk);

        await using var db = await kit.ContextAsync();
        Assert.Equal(1, await db.Clinics.CountAsync(c => c.Cnpj == "55666777000181"));
        var subject = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Single(await kit.AuditAsync("admin.clinic.created"), a => a.SubjectId == subject);
        Assert.Single(await kit.AuditAsync("admin.clinic.updated"), a => a.SubjectId == subject);
    }

    [Fact]
    public async Task CreatingTheSameProcedureTwiceAnswersTheFirst()
    {
        var admin = await kit.AdminAsync();
        CreateProcedureCommand command = new("81000499", "Procedimento de teste repetido", ProcedureSite.None, false, 0, false);

        var first = await kit.Handler<CreateProcedureHandler>().HandleAsync(command, admin);
        var second = await kit.Handler<CreateProcedureHandler>().HandleAsync(command, admin);

        Assert.True(first.IsOk, string.Join("; ", first.Errors));
        Assert.Equal(first.Value, second.Value);
        Assert.Single(await kit.AuditAsync("admin.procedure.created"), a => a.SubjectId == "81000499");
    }
}
