using DentistPortal.Domain.Access;
using DentistPortal.Domain.Audit;
using DentistPortal.Features.AuditLog;
using DentistPortal.Features.Cases;
using DentistPortal.Features.Common;
using DentistPortal.Features.Review;
using DentistPortal.Tests.Infrastructure;
using DentistPortal.Tests.Review;

namespace DentistPortal.Tests.AuditLog;

/// <summary>The audit trail viewer's filters and server-side paging, on a real SQLite file.</summary>
public class AuditLogSearch(TestDatabase database) : IClassFixture<TestDatabase>
{
    private readonly OperatorScenario scenario = new(database);

    /// <summary>Trail lines written straight into the table (it is append-only: inserting is allowed).</summary>
    private async Task AddLinesAsync(params AuditEntry[] lines)
    {
        await using var db = await scenario.ContextAsync();
        db.AuditEntries.AddRange(lines);
        await db.SaveChangesAsync();
    }

    private static AuditEntry Line(string action, DateTimeOffset at, Actor? by = null, int? clinic = null, string? detail = null,
        string? subjectType = null, string? subjectId = null) => new()
    {
        AtUtc = at, Action = action, Outcome = "ok", ClinicId = clinic, Detail = detail, SubjectType = subjectType, SubjectId = subjectId,
        ActorUserId = by?.UserId ?? "u-test", ActorName = by?.Name ?? "Usuário de Teste", ActorRole = by?.PrimaryRole ?? Roles.Admin,
    };

    private async Task<AuditLogPage> SearchAsync(AuditLogFilter filter, int page = 0, int size = 25)
    {
        var result = await scenario.Handler<SearchAuditLogHandler>().HandleAsync(new(filter, page, size), await scenario.AdminAsync());
        Assert.True(result.IsOk, string.Join("; ", result.Errors));
        return result.Value!;
    }

    [Fact]
    public async Task LinesComeNewestFirstOnePageAtATime()
    {
        var start = new DateTimeOffset(2026, 10, 1, 12, 0, 0, TimeSpan.Zero);
        await AddLinesAsync([.. Enumerable.Range(0, 60).Select(i => Line("test.paging", start.AddMinutes(i), detail: $"linha {i}"))]);
        var filter = new AuditLogFilter(Action: "test.paging");

        var first = await SearchAsync(filter, page: 0, size: 25);
        var third = await SearchAsync(filter, page: 2, size: 25);

        Assert.Equal(60, first.Total);
        Assert.Equal(25, first.Rows.Count);
        Assert.Equal("linha 59", first.Rows[0].Detail);
        Assert.Equal("linha 35", first.Rows[^1].Detail);
        Assert.Equal(10, third.Rows.Count);
        Assert.Equal("linha 9", third.Rows[0].Detail);
        Assert.Equal("linha 0", third.Rows[^1].Detail);
        var all = new List<AuditLogRow>();
        for (var p = 0; p < 3; p++) all.AddRange((await SearchAsync(filter, p, 25)).Rows);
        Assert.Equal(60, all.Select(r => r.Id).Distinct().Count());
        Assert.Equal(all.OrderByDescending(r => r.AtUtc).Select(r => r.Id), all.Select(r => r.Id));
    }

    [Fact]
    public async Task APageSizeIsKeptWithinBounds()
    {
        var page = await SearchAsync(AuditLogFilter.None, 0, 100_000);
        Assert.Equal(200, page.PageSize);
        Assert.True(page.Rows.Count <= 200);
    }

    [Theory]
    [InlineData("sergio")]
    [InlineData("SÉRGIO TAV")]
    [InlineData("tavares")]
    [InlineData("admin@demo")]
    public async Task TheUserFilterFindsANamePartIgnoringCaseAndAccents(string typed)
    {
        var admin = await scenario.AdminAsync();
        var agent = await scenario.AgentAsync();
        var at = new DateTimeOffset(2026, 10, 2, 12, 0, 0, TimeSpan.Zero);
        var action = $"test.user.{typed}"; // one action per case: the fixture's table is shared by the cases
        await AddLinesAsync(Line(action, at, admin), Line(action, at, agent));

        var rows = (await SearchAsync(new AuditLogFilter(User: typed, Action: action))).Rows;

        var row = Assert.Single(rows);
        Assert.Equal("Sérgio Tavares", row.ActorName);
        Assert.Equal("Administração", row.ActorRole);
    }

    [Fact]
    public async Task AUserNobodyHasFindsNothing()
    {
        var page = await SearchAsync(new AuditLogFilter(User: "Fulano Inexistente"));
        Assert.Equal(0, page.Total);
        Assert.Empty(page.Rows);
    }

    [Fact]
    public async Task TheClinicFilterKeepsThatClinicsLinesWithItsName()
    {
        var sp = await DemoActors.ClinicIdAsync(database.Services, DemoActors.SaoPauloCnpj);
        var cps = await DemoActors.ClinicIdAsync(database.Services, DemoActors.CampinasCnpj);
        var at = new DateTimeOffset(2026, 10, 3, 12, 0, 0, TimeSpan.Zero);
        await AddLinesAsync(Line("test.clinic", at, clinic: sp), Line("test.clinic", at, clinic: cps), Line("test.clinic", at));

        var row = Assert.Single((await SearchAsync(new AuditLogFilter(ClinicId: cps, Action: "test.clinic"))).Rows);
        Assert.Equal("Odonto Campinas Centro", row.ClinicName);
    }

    [Fact]
    public async Task TheTreatmentFilterShowsItsWholeStoryIncludingItsCase()
    {
        var c = await scenario.ReportedCaseAsync();
        Assert.True((await scenario.Handler<AssignCaseHandler>().HandleAsync(new(c.CaseId), await scenario.AdminAsync())).IsOk);
        await scenario.Tokens.SubmittedTreatmentAsync(); // another treatment's lines stay out

        var rows = (await SearchAsync(new AuditLogFilter(TreatmentNumber: $" {c.Number} "), size: 100)).Rows;

        Assert.Equal(["case.assigned", "token.revoked", "token.generated", "treatment.submitted", "treatment.created"], rows.Select(r => r.Action));
        Assert.All(rows, r => Assert.Equal(c.Number, r.TreatmentNumber));
        Assert.Equal($"Caso nº {c.CaseId} (tratamento nº {c.Number})", rows[0].Subject);
        Assert.Equal($"Tratamento nº {c.Number}", rows[1].Subject);
        Assert.Equal("Caso atribuído", rows[0].ActionLabel);
        Assert.Equal("Clínica Sorriso Paulista", rows[1].ClinicName);
    }

    [Fact]
    public async Task AnUnknownTreatmentNumberFindsNothing()
    {
        Assert.Equal(0, (await SearchAsync(new AuditLogFilter(TreatmentNumber: "1999000001"))).Total);
    }

    [Fact]
    public async Task TheActionFilterIsExactAndTheOptionsCarryLabels()
    {
        var t = await scenario.OnlyUnderReviewAsync();
        Assert.True((await scenario.Handler<DecideReviewItemHandler>().HandleAsync(new(t.ItemId, true, null), await scenario.AuditorAsync())).IsOk);

        var rows = (await SearchAsync(new AuditLogFilter(Action: "review.decided", TreatmentNumber: t.Number))).Rows;

        var row = Assert.Single(rows);
        Assert.Equal("Decisão da auditoria odontológica", row.ActionLabel);
        Assert.Equal("autorizado", row.OutcomeLabel);
        var options = await scenario.Handler<SearchAuditLogHandler>().ActionsAsync(await scenario.AdminAsync());
        Assert.Contains(options, o => o is { Code: "review.decided", Label: "Decisão da auditoria odontológica" });
        Assert.Contains(options, o => o.Code == "case.closed");
    }

    [Fact]
    public async Task ThePeriodIsInBrasiliaDaysBothEndsIncluded()
    {
        // 23:30 on 14/10 and 00:30 on 15/10 in Brasília (UTC−3) are the same UTC day.
        var lateOn14 = new DateTimeOffset(2026, 10, 15, 2, 30, 0, TimeSpan.Zero);
        var earlyOn15 = new DateTimeOffset(2026, 10, 15, 3, 30, 0, TimeSpan.Zero);
        var endOf16 = new DateTimeOffset(2026, 10, 17, 2, 59, 59, TimeSpan.Zero);
        var startOf17 = new DateTimeOffset(2026, 10, 17, 3, 0, 0, TimeSpan.Zero);
        await AddLinesAsync(Line("test.period", lateOn14, detail: "14"), Line("test.period", earlyOn15, detail: "15"),
            Line("test.period", endOf16, detail: "16"), Line("test.period", startOf17, detail: "17"));

        async Task<IEnumerable<string?>> Days(DateOnly? from, DateOnly? to) =>
            (await SearchAsync(new AuditLogFilter(Action: "test.period", From: from, To: to))).Rows.Select(r => r.Detail);

        Assert.Equal(["14"], await Days(new(2026, 10, 14), new(2026, 10, 14)));
        Assert.Equal(["16", "15"], await Days(new(2026, 10, 15), new(2026, 10, 16)));
        Assert.Equal(["17"], await Days(new(2026, 10, 17), null));
        Assert.Equal(["15", "14"], await Days(null, new(2026, 10, 15)));
    }

    [Fact]
    public async Task APeriodBackwardsIsExplained()
    {
        var result = await scenario.Handler<SearchAuditLogHandler>().HandleAsync(
            new(new AuditLogFilter(From: new(2026, 11, 2), To: new(2026, 11, 1))), await scenario.AdminAsync());
        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Contains("data inicial", result.Errors[0]);
    }

    [Fact]
    public async Task FiltersCombine()
    {
        var admin = await scenario.AdminAsync();
        var sp = await DemoActors.ClinicIdAsync(database.Services, DemoActors.SaoPauloCnpj);
        var at = new DateTimeOffset(2026, 9, 10, 15, 0, 0, TimeSpan.Zero);
        await AddLinesAsync(Line("test.combine", at, admin, sp, "alvo"), Line("test.combine", at, admin, null, "sem clínica"),
            Line("test.combine", at.AddDays(-5), admin, sp, "fora do período"), Line("test.combine", at, null, sp, "outro usuário"));

        var rows = (await SearchAsync(new AuditLogFilter("sérgio", sp, null, "test.combine", new(2026, 9, 10), new(2026, 9, 10)))).Rows;

        Assert.Equal("alvo", Assert.Single(rows).Detail);
    }

    [Theory]
    [InlineData(Roles.Dentist)]
    [InlineData(Roles.ClinicStaff)]
    [InlineData(Roles.CallCenterAgent)]
    [InlineData(Roles.Auditor)]
    [InlineData(Roles.Beneficiary)]
    public async Task OnlyTheBackOfficeReadsTheTrail(string role)
    {
        var actor = await scenario.NonOperatorAsync(role);
        var handler = scenario.Handler<SearchAuditLogHandler>();
        Assert.Equal(ResultStatus.Forbidden, (await handler.HandleAsync(new(AuditLogFilter.None), actor)).Status);
        Assert.Empty(await handler.ActionsAsync(actor));
        Assert.Empty(await handler.ClinicsAsync(actor));
        Assert.Equal(ResultStatus.Forbidden, (await scenario.Handler<ExportAuditLogHandler>().HandleAsync(AuditLogFilter.None, actor)).Status);
        Assert.Equal(ResultStatus.Forbidden, (await handler.HandleAsync(new(AuditLogFilter.None), null)).Status);
    }
}
