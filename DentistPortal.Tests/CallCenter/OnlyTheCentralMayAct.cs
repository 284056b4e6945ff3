using DentistPortal.Domain.Access;
using DentistPortal.Domain.Messaging;
using DentistPortal.Domain.Tokens;
using DentistPortal.Features.CallCenter;
using DentistPortal.Features.Common;
using DentistPortal.Infrastructure.Identity;
using DentistPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DentistPortal.Tests.CallCenter;

/// <summary>
/// Every call-centre handler refuses anyone but a CallCenterAgent (or an Admin) — dentist, receptionist, beneficiary,
/// auditor — whatever they send, changes nothing, and the refusal is audited. The role is re-read from the database.
/// </summary>
public class OnlyTheCentralMayAct(TestDatabase database) : IClassFixture<TestDatabase>
{
    private readonly CallScenario s = new(database);

    /// <summary>Each handler called with valid input for Maria's active token in a call she passed.</summary>
    private async Task<IReadOnlyList<(string Handler, ResultStatus Status)>> CallEveryHandlerAsync(Actor actor, string call, int maria, int tokenId) =>
    [
        ("FindBeneficiary", (await s.Handler<FindBeneficiaryHandler>().HandleAsync(new("52998224725"), actor)).Status),
        ("RecordIdentityCheck", (await s.Handler<RecordIdentityCheckHandler>().HandleAsync(new(call, maria, CallScenario.MariaBirth, CallScenario.MariaCpfStart), actor)).Status),
        ("GetCallerIdentity", (await s.Handler<GetCallerIdentityHandler>().HandleAsync(new(call, maria), actor)).Status),
        ("ListActiveTokens", (await s.Handler<ListActiveTokensHandler>().HandleAsync(new(call, maria), actor)).Status),
        ("ResendToken", (await s.Handler<ResendTokenHandler>().HandleAsync(new(call, maria, tokenId, DeliveryChannel.Email, "Paciente não recebeu"), actor)).Status),
        ("RevealTokenCode", (await s.Handler<RevealTokenCodeHandler>().HandleAsync(new(call, maria, tokenId, "Paciente sem celular"), actor)).Status),
        ("ReportUnsolicitedCode", (await s.Handler<ReportUnsolicitedCodeHandler>().HandleAsync(new(call, maria, tokenId, null), actor)).Status),
    ];

    [Fact]
    public async Task DentistStaffBeneficiaryAndAuditorAreRefusedByEveryHandlerAndNothingChanges()
    {
        var token = await s.ActiveTokenAsync(TokenScenario.MariaCpf, "910001");
        var (call, maria) = await s.MariaCallAsync();
        int deliveriesBefore, checksBefore;
        await using (var db = await s.Tokens.ContextAsync())
        {
            deliveriesBefore = await db.Deliveries.CountAsync(d => d.TokenId == token.TokenId);
            checksBefore = await db.IdentityChecks.CountAsync(c => c.CallId == call);
        }

        var nonAgents = await s.NonAgentsAsync();
        foreach (var (who, actor) in nonAgents)
        {
            foreach (var (handler, status) in await CallEveryHandlerAsync(actor, call, maria, token.TokenId))
                Assert.True(status == ResultStatus.Forbidden, $"{who} → {handler}: {status}");
        }
        foreach (var (handler, status) in await CallEveryHandlerAsync(null!, call, maria, token.TokenId))
            Assert.True(status == ResultStatus.Forbidden, $"anonymous → {handler}: {status}");

        await using var after = await s.Tokens.ContextAsync();
        Assert.Equal(deliveriesBefore, await after.Deliveries.CountAsync(d => d.TokenId == token.TokenId));
        Assert.Equal(checksBefore, await after.IdentityChecks.CountAsync(c => c.CallId == call));
        Assert.Equal(TokenStatus.Active, (await after.Tokens.SingleAsync(t => t.Id == token.TokenId)).Status);
        Assert.False(await after.AuditEntries.AnyAsync(a => a.Action == RevealTokenCodeHandler.Action && a.Outcome == "ok"));
        var ids = nonAgents.Select(n => n.Actor.UserId).ToList();
        var refusals = await after.AuditEntries.Where(a => a.Action == "access.denied" && a.SubjectType == "CallCenter" && ids.Contains(a.ActorUserId) && a.ActorRole != Roles.CallCenterAgent).ToListAsync();
        Assert.Equal(4 * 7, refusals.Count);
        Assert.Equal(["Auditor", "Beneficiary", "ClinicStaff", "Dentist"], refusals.Select(r => r.ActorRole).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task AnAgentAndAnAdminMayUseEveryHandler()
    {
        foreach (var agent in new[] { await s.AgentAsync(), await s.AdminAsync() })
        {
            var token = await s.ActiveTokenAsync(CallScenario.BeatrizCpf, agent.IsInRole(Roles.Admin) ? "920002" : "920001");
            var call = CallScenario.NewCall();
            var beatriz = await s.IdAsync(CallScenario.BeatrizCpf);
            Assert.True((await s.Handler<FindBeneficiaryHandler>().HandleAsync(new("beatriz"), agent)).IsOk);
            Assert.True((await s.Handler<RecordIdentityCheckHandler>().HandleAsync(new(call, beatriz, CallScenario.BeatrizBirth, "161"), agent)).Value!.IsPassed);
            Assert.True((await s.Handler<GetCallerIdentityHandler>().HandleAsync(new(call, beatriz), agent)).Value!.IsPassed);
            Assert.Contains((await s.Handler<ListActiveTokensHandler>().HandleAsync(new(call, beatriz), agent)).Value!, t => t.TokenId == token.TokenId);
            Assert.True((await s.Handler<ResendTokenHandler>().HandleAsync(new(call, beatriz, token.TokenId, DeliveryChannel.Email, "Paciente não recebeu"), agent)).IsOk);
            Assert.True((await s.Handler<RevealTokenCodeHandler>().HandleAsync(new(call, beatriz, token.TokenId, "Paciente sem celular"), agent)).IsOk);
            Assert.True((await s.Handler<ReportUnsolicitedCodeHandler>().HandleAsync(new(call, beatriz, token.TokenId, null), agent)).IsOk);
        }
    }

    [Fact]
    public async Task ADisabledAgentAccountIsRefusedEvenWithTheRoleInItsCookie()
    {
        using var scope = database.Scope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = new ApplicationUser { UserName = "central-desligada@demo.local", Email = "central-desligada@demo.local", FullName = "Agente Desligada", EmailConfirmed = true, IsDisabled = true };
        Assert.True((await users.CreateAsync(user, "Demo@2026!")).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, Roles.CallCenterAgent)).Succeeded);
        var cookie = new Actor(user.Id, user.FullName, new HashSet<string> { Roles.CallCenterAgent }, null);

        Assert.Equal(ResultStatus.Forbidden, (await s.Handler<FindBeneficiaryHandler>().HandleAsync(new("52998224725"), cookie)).Status);
        // A role claimed by a cookie but not held in the database is refused too.
        var dentist = await DemoActors.ForAsync(database.Services, "dentista@demo.local", DemoActors.SaoPauloCnpj);
        var forged = dentist with { Roles = new HashSet<string> { Roles.CallCenterAgent } };
        Assert.Equal(ResultStatus.Forbidden, (await s.Handler<FindBeneficiaryHandler>().HandleAsync(new("52998224725"), forged)).Status);
    }
}
