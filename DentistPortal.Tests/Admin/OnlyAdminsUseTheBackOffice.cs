using DentistPortal.Domain.Access;
using DentistPortal.Domain.Audit;
using DentistPortal.Domain.Procedures;
using DentistPortal.Features.Admin;
using DentistPortal.Features.Common;
using DentistPortal.Features.Reports;
using DentistPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Tests.Admin;

/// <summary>Every back-office handler refuses everyone but an admin the database still knows as an active admin.</summary>
public class OnlyAdminsUseTheBackOffice(TestDatabase database) : IClassFixture<TestDatabase>
{
    private readonly AdminTestKit kit = new(database);

    /// <summary>Calls every admin handler with a command that would succeed for the admin; returns each status.</summary>
    private async Task<Dictionary<string, ResultStatus>> CallEverythingAsync(Actor? actor)
    {
        var sp = await kit.ClinicIdAsync(DemoActors.SaoPauloCnpj);
        var target = await kit.UserAsync("recepcao2@demo.local");
        var today = new DateOnly(2026, 11, 25);
        return new()
        {
            ["ListClinics"] = (await kit.Handler<ListClinicsHandler>().HandleAsync(actor)).Status,
            ["SaveClinic"] = (await kit.Handler<SaveClinicHandler>().HandleAsync(new(null, "Clínica Intrusa", "33.444.555/0001-81", "1234567", "Santos", "SP", null), actor)).Status,
            ["SetClinicActive"] = (await kit.Handler<SetClinicActiveHandler>().HandleAsync(new(sp, false), actor)).Status,
            ["CreateDentist"] = (await kit.Handler<CreateDentistHandler>().HandleAsync(new("Dr. Intruso", "intruso@demo.local", "123.456.780-62", "11111", "SP", [sp]), actor)).Status,
            ["CreateStaffAccount"] = (await kit.Handler<CreateStaffAccountHandler>().HandleAsync(new("Intrusa", "intrusa@demo.local", Roles.Auditor, null), actor)).Status,
            ["UpdateClinicMemberships"] = (await kit.Handler<UpdateClinicMembershipsHandler>().HandleAsync(new(target.Id, [sp]), actor)).Status,
            ["SetAccountDisabled"] = (await kit.Handler<SetAccountDisabledHandler>().HandleAsync(new(target.Id, true), actor)).Status,
            ["ResetAccountPassword"] = (await kit.Handler<ResetAccountPasswordHandler>().HandleAsync(new(target.Id), actor)).Status,
            ["UnlockAccount"] = (await kit.Handler<UnlockAccountHandler>().HandleAsync(new(target.Id), actor)).Status,
            ["ListAccounts"] = (await kit.Handler<ListAccountsHandler>().HandleAsync(new(), actor)).Status,
            ["ListPlans"] = (await kit.Handler<ListPlansHandler>().HandleAsync(actor)).Status,
            ["UpdateCoverage"] = (await kit.Handler<UpdateCoverageHandler>().HandleAsync(new(1, "81000030", false, 0, null, null), actor)).Status,
            ["UpdateCoveragePrice"] = (await kit.Handler<UpdateCoveragePriceHandler>().HandleAsync(new(1, "81000030", "1,00"), actor)).Status,
            ["SetDentistCbos"] = (await kit.Handler<SetDentistCbosHandler>().HandleAsync(new((await kit.UserAsync("dentista@demo.local")).Id, "223293"), actor)).Status,
            ["ListProcedures"] = (await kit.Handler<ListProceduresHandler>().HandleAsync(new(), actor)).Status,
            ["UpdateProcedure"] = (await kit.Handler<UpdateProcedureHandler>().HandleAsync(new("81000030", "Invadido", true, false), actor)).Status,
            ["CreateProcedure"] = (await kit.Handler<CreateProcedureHandler>().HandleAsync(new("81999998", "Intruso", ProcedureSite.None, false, 0, false), actor)).Status,
            ["GetTokenReport"] = (await kit.Handler<GetTokenReportHandler>().HandleAsync(new(today.AddDays(-7), today), actor)).Status,
            ["ExportReportCsv"] = (await kit.Handler<ExportReportCsvHandler>().HandleAsync(new(ReportKeys.Tokens, new(today.AddDays(-7), today)), actor)).Status,
        };
    }

    [Theory]
    [MemberData(nameof(AdminTestKit.NonAdmins), MemberType = typeof(AdminTestKit))]
    public async Task EveryOtherRoleIsRefusedByEveryHandlerAndNothingChanges(string email, string? cnpj)
    {
        var actor = await kit.ActorAsync(email, cnpj);
        var deniedBefore = await kit.AuditCountAsync(AuditActions.AccessDenied);

        var statuses = await CallEverythingAsync(actor);

        Assert.All(statuses, s => Assert.True(s.Value == ResultStatus.Forbidden, $"{s.Key} answered {s.Value} to {email}"));
        Assert.Equal(deniedBefore + statuses.Count, await kit.AuditCountAsync(AuditActions.AccessDenied));
        await AssertNothingChangedAsync();
    }

    [Fact]
    public async Task WithoutASignedInActorEverythingIsRefusedAndNothingIsRecorded()
    {
        var deniedBefore = await kit.AuditCountAsync(AuditActions.AccessDenied);
        var statuses = await CallEverythingAsync(null);
        Assert.All(statuses, s => Assert.True(s.Value == ResultStatus.Forbidden, $"{s.Key} answered {s.Value}"));
        Assert.Equal(deniedBefore, await kit.AuditCountAsync(AuditActions.AccessDenied));
        await AssertNothingChangedAsync();
    }

    [Fact]
    public async Task AnAdminRoleClaimTheDatabaseDoesNotBackIsRefused()
    {
        // A cookie claiming Admin for a receptionist (forged or stale): the database says otherwise.
        var staff = await kit.ActorAsync("recepcao@demo.local");
        var forged = staff with { Roles = new HashSet<string> { Roles.Admin } };
        Assert.Equal(ResultStatus.Forbidden, (await kit.Handler<ListClinicsHandler>().HandleAsync(forged)).Status);
        Assert.Equal(ResultStatus.Forbidden, (await kit.Handler<SetClinicActiveHandler>().HandleAsync(new(1, false), forged)).Status);
    }

    [Fact]
    public async Task ADisabledAdminIsRefusedAtOnceEvenWithItsCookie()
    {
        var admin = await kit.AdminAsync();
        var users = kit.Users();
        var user = await users.FindByIdAsync(admin.UserId);
        user!.IsDisabled = true;
        await users.UpdateAsync(user);
        try
        {
            Assert.Equal(ResultStatus.Forbidden, (await kit.Handler<ListAccountsHandler>().HandleAsync(new(), admin)).Status);
        }
        finally
        {
            user.IsDisabled = false;
            await users.UpdateAsync(user);
        }
        Assert.Equal(ResultStatus.Ok, (await kit.Handler<ListAccountsHandler>().HandleAsync(new(), admin)).Status);
    }

    private async Task AssertNothingChangedAsync()
    {
        await using var db = await kit.ContextAsync();
        Assert.False(await db.Clinics.AnyAsync(c => c.Cnpj == "33444555000181"));
        Assert.True(await db.Clinics.AllAsync(c => c.IsActive));
        Assert.False(await db.Users.AnyAsync(u => u.Email == "intruso@demo.local" || u.Email == "intrusa@demo.local"));
        Assert.False(await db.Users.AnyAsync(u => u.IsDisabled));
        Assert.False(await db.Procedures.AnyAsync(p => p.TussCode == "81999998"));
        var consultation = await db.Procedures.SingleAsync(p => p.TussCode == "81000030");
        Assert.True(consultation.IsActive);
        Assert.False(consultation.NeedsReview);
        Assert.Equal(2, await db.PlanCoverages.CountAsync(c => c.TussCode == "81000030" && c.Price == 60.00m));
        Assert.False(await db.Dentists.AnyAsync(d => d.Cbos == "223293"));
        Assert.Equal(0, await db.AuditEntries.CountAsync(a => a.Action.StartsWith("admin.") || a.Action == "report.exported"));
        var recepcao2 = await db.Users.SingleAsync(u => u.Email == "recepcao2@demo.local");
        Assert.Equal(1, await db.ClinicMembers.CountAsync(m => m.UserId == recepcao2.Id));
    }
}
