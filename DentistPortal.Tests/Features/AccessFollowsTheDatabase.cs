using DentistPortal.Domain.Access;
using DentistPortal.Domain.Audit;
using DentistPortal.Domain.Treatments;
using DentistPortal.Features.Admin;
using DentistPortal.Features.Common;
using DentistPortal.Features.Review;
using DentistPortal.Features.Treatments;
using DentistPortal.Infrastructure.Identity;
using DentistPortal.Tests.Infrastructure;
using DentistPortal.Tests.Review;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DentistPortal.Tests.Features;

/// <summary>
/// Issue 9 §5: a disabled or demoted account stops at its very next action, in a page that is still open, because the
/// check reads the database and never the cookie's role claim.
/// </summary>
public class AccessFollowsTheDatabase(TestDatabase database) : IClassFixture<TestDatabase>
{
    private readonly OperatorScenario scenario = new(database);

    [Fact]
    public async Task AnAuditorDisabledWhileTheQueueIsOpenIsRefusedAtTheNextDecision()
    {
        var auditor = await scenario.NewUserAsync("auditora.fila@demo.local", "Dra. Fila Aberta", Roles.Auditor);
        var t = await scenario.OnlyUnderReviewAsync();
        var queue = await scenario.Handler<ListReviewQueueHandler>().HandleAsync(auditor);
        Assert.True(queue.IsOk);
        Assert.True(queue.Value!.CanDecide);
        Assert.Contains(queue.Value.Items, i => i.ItemId == t.ItemId);

        var disabled = await scenario.Handler<SetAccountDisabledHandler>().HandleAsync(new(auditor.UserId, true), await scenario.AdminAsync());
        Assert.True(disabled.IsOk);

        // The same cookie (same Actor), the same open queue: the click on "Autorizar" is refused.
        var decision = await scenario.Handler<DecideReviewItemHandler>().HandleAsync(new(t.ItemId, true, null), auditor);
        Assert.Equal(ResultStatus.Forbidden, decision.Status);
        Assert.Equal(ItemAuthorization.UnderReview, (await scenario.ItemAsync(t.ItemId)).Authorization);
        await using var db = await scenario.ContextAsync();
        Assert.Contains(await db.AuditEntries.Where(a => a.ActorUserId == auditor.UserId).ToListAsync(),
            a => a.Action == AuditActions.AccessDenied && a.SubjectType == "TreatmentItem");
        Assert.False(await scenario.Handler<CheckSessionHandler>().HandleAsync(auditor));
    }

    [Fact]
    public async Task ADemotedAccountLosesTheRoleItsCookieStillNames()
    {
        var agent = await scenario.NewUserAsync("central.rebaixada@demo.local", "Agente Rebaixada", Roles.CallCenterAgent);
        var t = await scenario.Tokens.SubmittedTreatmentAsync();
        Assert.True((await scenario.Handler<GetTreatmentHandler>().HandleAsync(new(t), agent)).IsOk);
        Assert.True(await scenario.Handler<CheckSessionHandler>().HandleAsync(agent));

        using (var scope = database.Scope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var user = await users.FindByIdAsync(agent.UserId);
            Assert.True((await users.RemoveFromRoleAsync(user!, Roles.CallCenterAgent)).Succeeded);
        }

        Assert.Equal(ResultStatus.NotFound, (await scenario.Handler<GetTreatmentHandler>().HandleAsync(new(t), agent)).Status);
        Assert.False(await scenario.Handler<CheckSessionHandler>().HandleAsync(agent));
    }

    [Fact]
    public async Task AReceptionistRemovedFromTheClinicEndsTheSessionThere()
    {
        var staff = await DemoActors.ForAsync(database.Services, "recepcao3@demo.local", DemoActors.BeloHorizonteCnpj);
        Assert.True(await scenario.Handler<CheckSessionHandler>().HandleAsync(staff));
        var memberships = await scenario.Handler<UpdateClinicMembershipsHandler>().HandleAsync(
            new(staff.UserId, [await DemoActors.ClinicIdAsync(database.Services, DemoActors.CampinasCnpj)]), await scenario.AdminAsync());
        Assert.True(memberships.IsOk, string.Join("; ", memberships.Errors));

        Assert.False(await scenario.Handler<CheckSessionHandler>().HandleAsync(staff));
    }

    [Fact]
    public async Task ADisabledBeneficiaryNoLongerSeesTheirOwnTreatment()
    {
        var t = await scenario.Tokens.SubmittedTreatmentAsync();
        var maria = await scenario.BeneficiaryAsync();
        Assert.True((await scenario.Handler<GetTreatmentHandler>().HandleAsync(new(t), maria)).IsOk);
        await using (var db = await scenario.ContextAsync())
            await db.Users.Where(u => u.Id == maria.UserId).ExecuteUpdateAsync(s => s.SetProperty(u => u.IsDisabled, true));
        try
        {
            Assert.Equal(ResultStatus.NotFound, (await scenario.Handler<GetTreatmentHandler>().HandleAsync(new(t), maria)).Status);
        }
        finally
        {
            await using var db = await scenario.ContextAsync();
            await db.Users.Where(u => u.Id == maria.UserId).ExecuteUpdateAsync(s => s.SetProperty(u => u.IsDisabled, false));
        }
    }

    [Fact]
    public async Task TheCheckIsOneQuery()
    {
        var staff = await DemoActors.ForAsync(database.Services, "recepcao@demo.local", DemoActors.SaoPauloCnpj);
        await using var db = await scenario.ContextAsync();
        var check = scenario.Handler<AccessCheck>();
        static int Commands(TestDatabase d) => d.Logs.Lines.Count(l => l.Contains("Executed DbCommand", StringComparison.Ordinal));

        var before = Commands(database);
        var access = await check.ReadAsync(db, staff, default);

        Assert.Equal(1, Commands(database) - before);
        Assert.True(access.IsEnabled);
        Assert.True(access.Holds(Roles.ClinicStaff));
        Assert.NotNull(access.CurrentClinicId);
    }
}
