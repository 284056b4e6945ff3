using DentistPortal.Domain.Access;
using DentistPortal.Domain.Tokens;
using DentistPortal.Features.Cases;
using DentistPortal.Features.Common;
using DentistPortal.Tests.Infrastructure;
using DentistPortal.Tests.Review;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Tests.Cases;

/// <summary>Unsolicited-code reports as the back office handles them: list, assign, close. Real SQLite, real handlers.</summary>
public class UnsolicitedCodeCases(TestDatabase database) : IClassFixture<TestDatabase>
{
    private readonly OperatorScenario scenario = new(database);

    private async Task<CaseList> ListAsync(ListCasesQuery? query = null, Actor? actor = null)
    {
        var result = await scenario.Handler<ListCasesHandler>().HandleAsync(query ?? new(), actor ?? await scenario.AdminAsync());
        Assert.True(result.IsOk, string.Join("; ", result.Errors));
        return result.Value!;
    }

    private async Task<Result<CaseAssigned>> AssignAsync(int caseId, string? to = null, Actor? actor = null) =>
        await scenario.Handler<AssignCaseHandler>().HandleAsync(new(caseId, to), actor ?? await scenario.AdminAsync());

    private async Task<Result<CaseClosed>> CloseAsync(int caseId, string? outcome, string? details = null, Actor? actor = null) =>
        await scenario.Handler<CloseCaseHandler>().HandleAsync(new(caseId, outcome, details), actor ?? await scenario.AdminAsync());

    private async Task<UnsolicitedReport> ReportAsync(int caseId)
    {
        await using var db = await scenario.ContextAsync();
        return await db.UnsolicitedReports.AsNoTracking().SingleAsync(r => r.Id == caseId);
    }

    private async Task<List<DentistPortal.Domain.Audit.AuditEntry>> TrailAsync(int caseId, string action)
    {
        await using var db = await scenario.ContextAsync();
        var id = caseId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await db.AuditEntries.Where(a => a.SubjectType == CaseRules.SubjectType && a.SubjectId == id && a.Action == action).ToListAsync();
    }

    [Fact]
    public async Task ACaseReportedToTheCallCentreIsListedWithItsTreatmentClinicAndDentist()
    {
        var c = await scenario.ReportedCaseAsync();
        var row = Assert.Single((await ListAsync()).Rows, r => r.Id == c.CaseId);
        Assert.Equal(c.Number, row.TreatmentNumber);
        Assert.Equal("Clínica Sorriso Paulista", row.ClinicName);
        Assert.Equal("Dra. Ana Beatriz Ferreira", row.DentistName);
        Assert.Equal("Maria Aparecida da Silva", row.BeneficiaryName);
        Assert.Equal("Central de Atendimento", row.ReportedVia);
        Assert.Equal("Renata Alves", row.ReportedByName);
        Assert.Equal("Paciente diz que não foi ao dentista hoje.", row.Notes);
        Assert.Equal(database.Clock.GetUtcNow(), row.AtUtc);
        Assert.Equal(1, row.TokenSequence);
        Assert.Equal(ReportStatus.Open, row.Status);
        Assert.Null(row.AssignedToName);
    }

    [Fact]
    public async Task ACaseFromThePortalSaysSo()
    {
        var c = await scenario.ReportedCaseAsync(viaPortal: true);
        var row = Assert.Single((await ListAsync()).Rows, r => r.Id == c.CaseId);
        Assert.Equal("Portal do Cliente", row.ReportedVia);
        Assert.Equal("Maria Aparecida da Silva", row.ReportedByName);
    }

    [Fact]
    public async Task PendingCasesComeFirstOldestFirstAndTheFiltersNarrowTheList()
    {
        var older = await scenario.ReportedCaseAsync();
        database.Clock.Advance(TimeSpan.FromMinutes(5));
        var newer = await scenario.ReportedCaseAsync(TokenScenario.RobertoCpf);
        database.Clock.Advance(TimeSpan.FromMinutes(5));
        var closed = await scenario.ReportedCaseAsync(TokenScenario.AntoniaCpf);
        Assert.True((await CloseAsync(closed.CaseId, CaseRules.Outcomes[0])).IsOk);

        var all = (await ListAsync(new(CaseFilter.All))).Rows.Select(r => r.Id).ToList();
        Assert.True(all.IndexOf(older.CaseId) < all.IndexOf(newer.CaseId));
        Assert.True(all.IndexOf(newer.CaseId) < all.IndexOf(closed.CaseId));

        var pending = (await ListAsync(new(CaseFilter.Pending))).Rows;
        Assert.DoesNotContain(pending, r => r.Id == closed.CaseId);
        Assert.All(pending, r => Assert.NotEqual(ReportStatus.Closed, r.Status));
        var onlyClosed = (await ListAsync(new(CaseFilter.Closed))).Rows;
        Assert.Contains(onlyClosed, r => r.Id == closed.CaseId);
        Assert.All(onlyClosed, r => Assert.Equal(ReportStatus.Closed, r.Status));

        var saoPaulo = await DemoActors.ClinicIdAsync(database.Services, DemoActors.SaoPauloCnpj);
        var campinas = await DemoActors.ClinicIdAsync(database.Services, DemoActors.CampinasCnpj);
        Assert.Contains((await ListAsync(new(CaseFilter.All, saoPaulo))).Rows, r => r.Id == older.CaseId);
        Assert.Empty((await ListAsync(new(CaseFilter.All, campinas))).Rows);
    }

    [Fact]
    public async Task AnAdminTakesACase()
    {
        var c = await scenario.ReportedCaseAsync();
        var admin = await scenario.AdminAsync();

        var result = await AssignAsync(c.CaseId);

        Assert.True(result.IsOk, string.Join("; ", result.Errors));
        Assert.Equal("Sérgio Tavares", result.Value!.AssigneeName);
        var report = await ReportAsync(c.CaseId);
        Assert.Equal(ReportStatus.Assigned, report.Status);
        Assert.Equal(admin.UserId, report.AssignedToUserId);
        var line = Assert.Single(await TrailAsync(c.CaseId, CaseRules.AssignedAction));
        Assert.Equal(admin.UserId, line.ActorUserId);
        Assert.Contains("atribuído a Sérgio Tavares", line.Detail);
        Assert.Equal(report.ClinicId, line.ClinicId);
        var row = Assert.Single((await ListAsync()).Rows, r => r.Id == c.CaseId);
        Assert.Equal("Sérgio Tavares", row.AssignedToName);
    }

    [Fact]
    public async Task ACaseCanBeHandedToAnotherAdminButNotToSomeoneOutsideTheBackOffice()
    {
        var c = await scenario.ReportedCaseAsync();
        var colleague = await scenario.NewUserAsync("admin.casos@demo.local", "Luciana Prates", Roles.Admin);
        var gone = await scenario.NewUserAsync("admin.antigo@demo.local", "Conta Desativada", Roles.Admin, disabled: true);
        var auditor = await scenario.AuditorAsync();

        Assert.Contains((await ListAsync()).Assignees, a => a.Id == colleague.UserId);
        Assert.DoesNotContain((await ListAsync()).Assignees, a => a.Id == gone.UserId || a.Id == auditor.UserId);

        Assert.Equal(ResultStatus.Invalid, (await AssignAsync(c.CaseId, auditor.UserId)).Status);
        Assert.Equal(ResultStatus.Invalid, (await AssignAsync(c.CaseId, gone.UserId)).Status);
        Assert.Equal(ResultStatus.Invalid, (await AssignAsync(c.CaseId, "no-such-user")).Status);
        Assert.Equal(ReportStatus.Open, (await ReportAsync(c.CaseId)).Status);

        var handed = await AssignAsync(c.CaseId, colleague.UserId);
        Assert.True(handed.IsOk);
        Assert.Equal(colleague.UserId, (await ReportAsync(c.CaseId)).AssignedToUserId);

        var again = await AssignAsync(c.CaseId, colleague.UserId);
        Assert.Equal(ResultStatus.Invalid, again.Status);
        Assert.Contains("já está com Luciana Prates", again.Errors[0]);
    }

    [Theory]
    [InlineData(null, null, "Escolha o desfecho")]
    [InlineData("", "detalhe", "Escolha o desfecho")]
    [InlineData("Resolvido do meu jeito", null, "Escolha o desfecho")]
    [InlineData("Outro", null, "Descreva o desfecho")]
    [InlineData("Outro", "   ", "Descreva o desfecho")]
    public async Task ClosingNeedsAnOutcome(string? outcome, string? details, string message)
    {
        var c = await scenario.ReportedCaseAsync();

        var result = await CloseAsync(c.CaseId, outcome, details);

        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Contains(message, result.Errors[0]);
        var report = await ReportAsync(c.CaseId);
        Assert.Equal(ReportStatus.Open, report.Status);
        Assert.Null(report.Outcome);
        Assert.Empty(await TrailAsync(c.CaseId, CaseRules.ClosedAction));
    }

    [Fact]
    public async Task ClosingRecordsTheOutcomeWhenAndWho()
    {
        var c = await scenario.ReportedCaseAsync();
        var admin = await scenario.AdminAsync();
        Assert.True((await AssignAsync(c.CaseId)).IsOk);
        database.Clock.Advance(TimeSpan.FromDays(2));

        var result = await CloseAsync(c.CaseId, "Uso indevido confirmado: clínica notificada", "Ofício 123/2026 enviado à clínica.");

        Assert.True(result.IsOk, string.Join("; ", result.Errors));
        var report = await ReportAsync(c.CaseId);
        Assert.Equal(ReportStatus.Closed, report.Status);
        Assert.Equal("Uso indevido confirmado: clínica notificada — Ofício 123/2026 enviado à clínica.", report.Outcome);
        Assert.Equal(database.Clock.GetUtcNow(), report.ClosedAtUtc);
        Assert.Equal(admin.UserId, report.AssignedToUserId);
        var line = Assert.Single(await TrailAsync(c.CaseId, CaseRules.ClosedAction));
        Assert.Contains("Ofício 123/2026", line.Detail);
    }

    [Fact]
    public async Task OutroTakesTheTextAsTheOutcome()
    {
        var c = await scenario.ReportedCaseAsync();
        Assert.True((await CloseAsync(c.CaseId, CaseRules.OtherOutcome, "Beneficiário pediu para ligar em outro dia e não atendeu.")).IsOk);
        Assert.Equal("Beneficiário pediu para ligar em outro dia e não atendeu.", (await ReportAsync(c.CaseId)).Outcome);
    }

    [Fact]
    public async Task AnUnassignedCaseIsTakenByWhoeverClosesIt()
    {
        var c = await scenario.ReportedCaseAsync();
        var admin = await scenario.AdminAsync();
        Assert.True((await CloseAsync(c.CaseId, CaseRules.Outcomes[4])).IsOk);
        Assert.Equal(admin.UserId, (await ReportAsync(c.CaseId)).AssignedToUserId);
    }

    [Fact]
    public async Task AColleaguesCaseIsReassignedBeforeItCanBeClosed()
    {
        var c = await scenario.ReportedCaseAsync();
        var colleague = await scenario.NewUserAsync("admin.colega@demo.local", "Marcos Vieira", Roles.Admin);
        Assert.True((await AssignAsync(c.CaseId, colleague.UserId)).IsOk);

        var refused = await CloseAsync(c.CaseId, CaseRules.Outcomes[0]);
        Assert.Equal(ResultStatus.Invalid, refused.Status);
        Assert.Contains("está com Marcos Vieira", refused.Errors[0]);
        Assert.Equal(ReportStatus.Assigned, (await ReportAsync(c.CaseId)).Status);

        Assert.True((await AssignAsync(c.CaseId)).IsOk);
        Assert.True((await CloseAsync(c.CaseId, CaseRules.Outcomes[0])).IsOk);
        // The colleague may close their own case, too.
        var other = await scenario.ReportedCaseAsync();
        Assert.True((await AssignAsync(other.CaseId, colleague.UserId)).IsOk);
        Assert.True((await CloseAsync(other.CaseId, CaseRules.Outcomes[1], actor: colleague)).IsOk);
    }

    [Fact]
    public async Task AClosedCaseStaysClosed()
    {
        var c = await scenario.ReportedCaseAsync();
        Assert.True((await CloseAsync(c.CaseId, CaseRules.Outcomes[0])).IsOk);
        var closedAt = (await ReportAsync(c.CaseId)).ClosedAtUtc;

        var reassign = await AssignAsync(c.CaseId);
        var reclose = await CloseAsync(c.CaseId, CaseRules.Outcomes[2]);

        Assert.Equal(ResultStatus.Invalid, reassign.Status);
        Assert.Contains("já foi encerrado", reassign.Errors[0]);
        Assert.Equal(ResultStatus.Invalid, reclose.Status);
        Assert.Contains("já foi encerrado", reclose.Errors[0]);
        var report = await ReportAsync(c.CaseId);
        Assert.Equal(CaseRules.Outcomes[0], report.Outcome);
        Assert.Equal(closedAt, report.ClosedAtUtc);
    }

    [Fact]
    public async Task TwoAdminsClosingAtOnceCloseItOnce()
    {
        var c = await scenario.ReportedCaseAsync();
        var admin = await scenario.AdminAsync();
        var results = await Task.WhenAll(
            Task.Run(() => CloseAsync(c.CaseId, CaseRules.Outcomes[0], actor: admin)),
            Task.Run(() => CloseAsync(c.CaseId, CaseRules.Outcomes[1], actor: admin)));
        Assert.Single(results, r => r.IsOk);
        Assert.Single(await TrailAsync(c.CaseId, CaseRules.ClosedAction));
    }

    [Fact]
    public async Task UnknownCasesAreNotFound()
    {
        Assert.Equal(ResultStatus.NotFound, (await AssignAsync(424_242)).Status);
        Assert.Equal(ResultStatus.NotFound, (await CloseAsync(424_242, CaseRules.Outcomes[0])).Status);
    }

    [Theory]
    [InlineData(Roles.Dentist)]
    [InlineData(Roles.ClinicStaff)]
    [InlineData(Roles.CallCenterAgent)]
    [InlineData(Roles.Auditor)]
    [InlineData(Roles.Beneficiary)]
    public async Task OnlyTheBackOfficeSeesAndHandlesCases(string role)
    {
        var c = await scenario.ReportedCaseAsync();
        var actor = await scenario.NonOperatorAsync(role);

        Assert.Equal(ResultStatus.Forbidden, (await scenario.Handler<ListCasesHandler>().HandleAsync(new(), actor)).Status);
        Assert.Equal(ResultStatus.Forbidden, (await AssignAsync(c.CaseId, actor.UserId, actor)).Status);
        Assert.Equal(ResultStatus.Forbidden, (await CloseAsync(c.CaseId, CaseRules.Outcomes[0], actor: actor)).Status);

        var report = await ReportAsync(c.CaseId);
        Assert.Equal(ReportStatus.Open, report.Status);
        Assert.Null(report.AssignedToUserId);
        await using var db = await scenario.ContextAsync();
        // The list, the assignment and the closing: every refusal is audited (issue 9 §5).
        Assert.Equal(3, await db.AuditEntries.CountAsync(a => a.ActorUserId == actor.UserId && a.Action == "access.denied" && a.SubjectType == CaseRules.SubjectType));
    }

    [Fact]
    public async Task WithoutAnActorNothingHappens()
    {
        var c = await scenario.ReportedCaseAsync();
        Assert.Equal(ResultStatus.Forbidden, (await scenario.Handler<ListCasesHandler>().HandleAsync(new(), null)).Status);
        Assert.Equal(ResultStatus.Forbidden, (await scenario.Handler<AssignCaseHandler>().HandleAsync(new(c.CaseId), null)).Status);
        Assert.Equal(ResultStatus.Forbidden, (await scenario.Handler<CloseCaseHandler>().HandleAsync(new(c.CaseId, CaseRules.Outcomes[0], null), null)).Status);
    }
}
