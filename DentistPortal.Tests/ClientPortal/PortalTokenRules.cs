using DentistPortal.Domain.Tokens;
using DentistPortal.Features.ClientPortal;
using DentistPortal.Features.Common;
using DentistPortal.Features.Tokens;
using DentistPortal.Infrastructure.Messaging;
using DentistPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DentistPortal.Tests.ClientPortal;

/// <summary>"Meus tokens" (TR-9, manual Q4/Q14/Q8) through the real handlers on a real SQLite file.</summary>
public class PortalTokenRules(TestDatabase database) : IClassFixture<TestDatabase>
{
    private readonly PortalScenario s = new(database);

    [Fact]
    public async Task AHolderSeesOwnAndMinorDependentsTokensWithTheirCodesButNotAnAdultDependentsOwn()
    {
        var mine = await s.TokenForAsync(TokenScenario.MariaCpf, "130001");
        var joao = await s.TokenForAsync(PortalScenario.JoaoCpf, "130002");
        var pedro = await s.TokenForAsync(TokenScenario.PedroCard, "130003");

        var view = await s.MyTokensAsync(await s.MariaAsync());

        var m = view.Recent.Single(t => t.TokenId == mine.TokenId);
        Assert.Equal("130001", m.Code);
        Assert.Equal("Maria Aparecida da Silva", m.ForWhom);
        Assert.True(m.IsSelf);
        Assert.Equal(mine.Number, m.TreatmentNumber);
        Assert.Equal("Dra. Ana Beatriz Ferreira", m.DentistName);
        Assert.Equal("Clínica Sorriso Paulista", m.ClinicName);
        Assert.Equal(database.Clock.GetUtcNow(), m.CreatedAtUtc);
        Assert.Equal(database.Clock.GetUtcNow().AddHours(48), m.ExpiresAtUtc);
        Assert.Equal(TokenStatus.Active, m.Status);
        Assert.True(m.CanReport);

        // Issue 9 §7: João is an adult with his own mobile — his code is his alone; Pedro (10) is his mother's to see.
        Assert.DoesNotContain(view.Recent.Concat(view.Older), t => t.TokenId == joao.TokenId);
        var p = view.Recent.Single(t => t.TokenId == pedro.TokenId);
        Assert.Equal(("130003", "Pedro Henrique da Silva", false), (p.Code, p.ForWhom, p.IsSelf));
        Assert.Equal(["Maria Aparecida da Silva", "Pedro Henrique da Silva"], view.People.Select(x => x.FullName));

        // João sees his own, with its code, and nobody else's of the family.
        var his = await s.MyTokensAsync(await s.JoaoAsync());
        Assert.Equal(("130002", true), (his.Recent.Single(t => t.TokenId == joao.TokenId).Code, his.Recent.Single(t => t.TokenId == joao.TokenId).IsSelf));
        Assert.DoesNotContain(his.Recent, t => t.TokenId == mine.TokenId || t.TokenId == pedro.TokenId);
        // Usable codes first, then newest first.
        Assert.Equal(view.Recent.OrderByDescending(t => t.Status == TokenStatus.Active).ThenByDescending(t => t.CreatedAtUtc).ThenByDescending(t => t.TokenId).Select(t => t.TokenId),
            view.Recent.Select(t => t.TokenId));
    }

    [Fact]
    public async Task AnotherFamilysTokensNeverAppearAndTheyDoNotSeeOurs()
    {
        var ours = await s.TokenForAsync(TokenScenario.MariaCpf, "140001");
        var theirs = await s.TokenForAsync(PortalScenario.BeatrizCpf, "140002");
        var lucas = await s.TokenForAsync(PortalScenario.LucasCpf, "140003");
        var notAFamily = await s.TokenForAsync(TokenScenario.RobertoCpf, "140004");

        var maria = await s.MyTokensAsync(await s.MariaAsync());
        Assert.Contains(maria.Recent, t => t.TokenId == ours.TokenId);
        Assert.DoesNotContain(maria.Recent.Concat(maria.Older), t => t.TokenId == theirs.TokenId || t.TokenId == lucas.TokenId || t.TokenId == notAFamily.TokenId);
        Assert.DoesNotContain(maria.People, p => p.FullName.Contains("Araújo", StringComparison.Ordinal));

        var beatriz = await s.MyTokensAsync(await s.BeatrizAsync());
        Assert.Equal(["Beatriz Campos Araújo", "Lucas Campos Araújo"], beatriz.People.Select(p => p.FullName));
        Assert.Equal("140002", beatriz.Recent.Single(t => t.TokenId == theirs.TokenId).Code);
        Assert.Equal("140003", beatriz.Recent.Single(t => t.TokenId == lucas.TokenId).Code);
        Assert.All(beatriz.Recent.Concat(beatriz.Older), t => Assert.Contains(t.ForWhom, new[] { "Beatriz Campos Araújo", "Lucas Campos Araújo" }));
        Assert.DoesNotContain(beatriz.Recent, t => t.TokenId == ours.TokenId || t.TokenId == notAFamily.TokenId);
    }

    [Theory]
    [InlineData("dentista@demo.local", DemoActors.SaoPauloCnpj)]
    [InlineData("recepcao@demo.local", DemoActors.SaoPauloCnpj)]
    [InlineData("central@demo.local", null)]
    [InlineData("auditor@demo.local", null)]
    [InlineData("admin@demo.local", null)]
    public async Task OnlyTheBeneficiaryRoleUsesThePortal(string login, string? cnpj)
    {
        var actor = await DemoActors.ForAsync(database.Services, login, cnpj);
        Assert.Equal(ResultStatus.Forbidden, (await s.Tokens.Handler<GetMyTokensHandler>().HandleAsync(actor)).Status);
        Assert.Equal(ResultStatus.Forbidden, (await s.Tokens.Handler<GetMyContactsHandler>().HandleAsync(actor)).Status);
        Assert.Equal(ResultStatus.Forbidden, (await s.Tokens.Handler<GetMyTokensHandler>().HandleAsync(null)).Status);
    }

    [Fact]
    public async Task ABeneficiaryLoginLinkedToNobodyIsToldToCallTheCentral()
    {
        // A real, enabled Beneficiary login (the check reads the database) that no beneficiary row points to.
        var orphan = await new DentistPortal.Tests.Review.OperatorScenario(database)
            .NewUserAsync("sem.vinculo@demo.local", "Sem vínculo", DentistPortal.Domain.Access.Roles.Beneficiary);
        var result = await s.Tokens.Handler<GetMyTokensHandler>().HandleAsync(orphan);
        Assert.Equal(ResultStatus.NotFound, result.Status);
        Assert.Contains("Central de Atendimento", result.Errors.Single());
    }

    [Fact]
    public async Task TheCodeIsShownOnlyWhileTheTokenIsActive()
    {
        var validated = await s.TokenForAsync(TokenScenario.MariaCpf, "150001");
        await s.Tokens.ValidateAsync(validated.TreatmentId, "150001");
        var superseded = await s.TokenForAsync(TokenScenario.MariaCpf, "150002");
        var newest = await s.Tokens.GenerateAsync(superseded.TreatmentId, "150003");

        var view = await s.MyTokensAsync(await s.MariaAsync());
        var v = view.Recent.Single(t => t.TokenId == validated.TokenId);
        Assert.Equal((TokenStatus.Validated, (string?)null, false), (v.Status, v.Code, v.CanReport));
        Assert.NotNull(v.EndedAtUtc);
        var old = view.Recent.Single(t => t.TokenId == superseded.TokenId);
        Assert.Equal((TokenStatus.Superseded, (string?)null), (old.Status, old.Code));
        Assert.Equal("150003", view.Recent.Single(t => t.TokenId == newest.TokenId).Code);
    }

    [Fact]
    public async Task TokensOlderThan48HoursAreListedWithoutCodeWithTheirFinalState()
    {
        var used = await s.TokenForAsync(TokenScenario.MariaCpf, "160001");
        await s.Tokens.ValidateAsync(used.TreatmentId, "160001");
        var untouched = await s.TokenForAsync(TokenScenario.PedroCard, "160002");
        database.Clock.Advance(TimeSpan.FromHours(49));

        var view = await s.MyTokensAsync(await s.MariaAsync());
        Assert.DoesNotContain(view.Recent, t => t.TokenId == used.TokenId || t.TokenId == untouched.TokenId);
        var u = view.Older.Single(t => t.TokenId == used.TokenId);
        Assert.Equal((TokenStatus.Validated, (string?)null), (u.Status, u.Code));
        // Never touched after its 48 h: still Active in the database, shown as Expired, without code, not reportable.
        var x = view.Older.Single(t => t.TokenId == untouched.TokenId);
        Assert.Equal((TokenStatus.Expired, (string?)null, false), (x.Status, x.Code, x.CanReport));
        Assert.All(view.Older, t => Assert.Null(t.Code));
    }

    [Fact]
    public async Task TheBeneficiaryRevokesOwnTokenAReportIsOpenedAndTheDentistsScreenIsTold()
    {
        var t = await s.TokenForAsync(TokenScenario.MariaCpf, "170001");
        var maria = await s.MariaAsync();
        var changes = new List<TreatmentChanged>();
        using var sub = database.Services.GetRequiredService<ITreatmentEvents>().Subscribe(t.TreatmentId, c => { lock (changes) changes.Add(c); return Task.CompletedTask; });

        var result = await s.Tokens.Handler<RevokeTokenHandler>().HandleAsync(new(t.TokenId), maria);
        Assert.True(result.IsOk, string.Join("; ", result.Errors));

        await using var db = await s.Tokens.ContextAsync();
        var token = await db.Tokens.SingleAsync(k => k.Id == t.TokenId);
        Assert.Equal(TokenStatus.Revoked, token.Status);
        Assert.Null(token.EncryptedCode);
        var report = await db.UnsolicitedReports.SingleAsync(r => r.Id == result.Value);
        Assert.Equal((t.TokenId, "portal", maria.UserId), (report.TokenId, report.ReportedVia, report.ReportedByUserId));
        await WaitUntilAsync(() => { lock (changes) return changes.Count > 0; });

        var view = await s.MyTokensAsync(maria);
        var shown = view.Recent.Single(k => k.TokenId == t.TokenId);
        Assert.Equal((TokenStatus.Revoked, (string?)null, false), (shown.Status, shown.Code, shown.CanReport));

        var again = await s.Tokens.Handler<RevokeTokenHandler>().HandleAsync(new(t.TokenId), maria);
        Assert.Equal(ResultStatus.Invalid, again.Status);
    }

    [Fact]
    public async Task TheHolderRevokesADependentsTokenButNotAnotherFamilys()
    {
        var pedro = await s.TokenForAsync(TokenScenario.PedroCard, "180001");
        var beatriz = await s.TokenForAsync(PortalScenario.BeatrizCpf, "180002");
        var maria = await s.MariaAsync();

        Assert.True((await s.Tokens.Handler<RevokeTokenHandler>().HandleAsync(new(pedro.TokenId), maria)).IsOk);
        var refused = await s.Tokens.Handler<RevokeTokenHandler>().HandleAsync(new(beatriz.TokenId), maria);
        Assert.Equal(ResultStatus.NotFound, refused.Status);
        // The same answer as for a token that does not exist: no oracle.
        Assert.Equal(refused.Errors, (await s.Tokens.Handler<RevokeTokenHandler>().HandleAsync(new(int.MaxValue), maria)).Errors);

        await using var db = await s.Tokens.ContextAsync();
        Assert.Equal(TokenStatus.Revoked, (await db.Tokens.SingleAsync(k => k.Id == pedro.TokenId)).Status);
        Assert.Equal(TokenStatus.Active, (await db.Tokens.SingleAsync(k => k.Id == beatriz.TokenId)).Status);
        Assert.False(await db.UnsolicitedReports.AnyAsync(r => r.TokenId == beatriz.TokenId));
        // A dependent with their own login could not revoke the holder's token either: Beatriz cannot touch Maria's family.
        Assert.Equal(ResultStatus.NotFound, (await s.Tokens.Handler<RevokeTokenHandler>().HandleAsync(new(pedro.TokenId), await s.BeatrizAsync())).Status);
    }

    [Fact]
    public async Task ShowingCodesOnThePortalNeverWritesThemToALogOrTheAudit()
    {
        var t = await s.TokenForAsync(TokenScenario.MariaCpf, "190517");
        var view = await s.MyTokensAsync(await s.MariaAsync());
        Assert.Equal("190517", view.Recent.Single(k => k.TokenId == t.TokenId).Code);
        await s.Tokens.Handler<RevokeTokenHandler>().HandleAsync(new(t.TokenId), await s.MariaAsync());

        Assert.DoesNotContain(database.Logs.Lines, l => l.Contains("190517", StringComparison.Ordinal) || l.Contains("190 517", StringComparison.Ordinal));
        await using var db = await s.Tokens.ContextAsync();
        Assert.DoesNotContain(await db.AuditEntries.ToListAsync(), a => $"{a.Action} {a.Outcome} {a.Detail} {a.SubjectId}".Contains("190517", StringComparison.Ordinal));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 100 && !condition(); i++) await Task.Delay(20);
        Assert.True(condition());
    }
}

/// <summary>A 30-minute token lifetime, so a token can expire inside the 48-hour window.</summary>
public sealed class ShortLifetimeDatabase : TestDatabase
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings => [new("Tokens:LifetimeMinutes", "30")];
}

public class PortalTokenExpiry(ShortLifetimeDatabase database) : IClassFixture<ShortLifetimeDatabase>
{
    private readonly PortalScenario s = new(database);

    [Fact]
    public async Task AnExpiredTokenOfTheLast48HoursShowsNoCodeAndCannotBeReported()
    {
        var t = await s.TokenForAsync(TokenScenario.MariaCpf, "200001");
        Assert.Equal("200001", (await s.MyTokensAsync(await s.MariaAsync())).Recent.Single(k => k.TokenId == t.TokenId).Code);

        database.Clock.Advance(TimeSpan.FromMinutes(30)); // exactly at ExpiresAtUtc: no longer valid (TR-5)
        var view = await s.MyTokensAsync(await s.MariaAsync());
        var shown = view.Recent.Single(k => k.TokenId == t.TokenId);
        Assert.Equal((TokenStatus.Expired, (string?)null, false), (shown.Status, shown.Code, shown.CanReport));

        var revoke = await s.Tokens.Handler<RevokeTokenHandler>().HandleAsync(new(t.TokenId), await s.MariaAsync());
        Assert.Equal(ResultStatus.Invalid, revoke.Status);
        Assert.Contains("não está mais ativo", revoke.Errors.Single());
    }

    [Fact]
    public async Task TheHolderCannotOpenOrCancelAnAdultDependentsTreatmentButCanAMinors()
    {
        var joaos = await s.TokenForAsync(PortalScenario.JoaoCpf, "180001");
        var pedros = await s.TokenForAsync(TokenScenario.PedroCard, "180002");
        var maria = await s.MariaAsync();

        Assert.Equal(ResultStatus.NotFound, (await s.Tokens.Handler<DentistPortal.Features.Treatments.GetTreatmentHandler>().HandleAsync(new(TreatmentId: joaos.TreatmentId), maria)).Status);
        Assert.Equal(ResultStatus.NotFound, (await s.Tokens.Handler<RevokeTokenHandler>().HandleAsync(new(joaos.TokenId), maria)).Status);
        Assert.True((await s.Tokens.Handler<DentistPortal.Features.Treatments.GetTreatmentHandler>().HandleAsync(new(TreatmentId: pedros.TreatmentId), maria)).IsOk);
        await using var db = await s.Tokens.ContextAsync();
        Assert.Equal(TokenStatus.Active, (await db.Tokens.SingleAsync(t => t.Id == joaos.TokenId)).Status);
    }
}
