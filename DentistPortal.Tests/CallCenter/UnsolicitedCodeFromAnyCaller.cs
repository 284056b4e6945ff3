using DentistPortal.Domain.Audit;
using DentistPortal.Domain.Tokens;
using DentistPortal.Features.Beneficiaries;
using DentistPortal.Features.CallCenter;
using DentistPortal.Features.ClientPortal;
using DentistPortal.Features.Common;
using DentistPortal.Tests.ClientPortal;
using DentistPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Tests.CallCenter;

/// <summary>
/// Issue 9 §6: a stranger who got someone else's code calls the Central. By treatment number plus the last 4 digits of
/// the phone that received it, the agent records the report — no search, no identity check — and the caller learns
/// nothing: the answer is "Registrado" whatever happened. Real handlers, real SQLite.
/// </summary>
public class UnsolicitedCodeFromAnyCaller(TestDatabase database) : IClassFixture<TestDatabase>
{
    private readonly CallScenario s = new(database);

    /// <summary>Roberto's treatment, with a token sent by SMS to a mobile that is really a stranger's.</summary>
    private async Task<(int TreatmentId, int TokenId, string Number, string Last4)> StrangersPhoneGotACodeAsync(string code)
    {
        await using (var ctx = await s.Tokens.ContextAsync())
        {
            var gustavo = await ctx.Beneficiaries.SingleAsync(b => b.Cpf == CallScenario.GustavoCpf);
            gustavo.ClearContactFlag();
            await ctx.SaveChangesAsync();
        }
        var t = await s.ActiveTokenAsync(CallScenario.GustavoCpf, code);
        await using var db = await s.Tokens.ContextAsync();
        var phone = (await db.Deliveries.FirstAsync(d => d.TokenId == t.TokenId && d.Channel == global::DentistPortal.Domain.Messaging.DeliveryChannel.Sms)).Destination;
        return (t.TreatmentId, t.TokenId, t.Number, phone[^4..]);
    }

    private async Task<Result<string>> ReportAsync(string? number, string? last4, string? call = null, string? notes = null) =>
        await s.Handler<ReportCodeByTreatmentNumberHandler>().HandleAsync(new(call ?? CallScenario.NewCall(), number, last4, notes), await s.AgentAsync());

    [Fact]
    public async Task AStrangersReportRevokesTheTokenOpensACaseAndFlagsTheContactRevealingNothing()
    {
        var t = await StrangersPhoneGotACodeAsync("610001");

        var result = await ReportAsync(t.Number, t.Last4);

        Assert.Equal((ResultStatus.Ok, ReportCodeByTreatmentNumberHandler.RegisteredMessage), (result.Status, result.Value));
        await using var db = await s.Tokens.ContextAsync();
        Assert.Equal(TokenStatus.Revoked, (await db.Tokens.SingleAsync(k => k.Id == t.TokenId)).Status);
        var report = await db.UnsolicitedReports.SingleAsync(r => r.TokenId == t.TokenId);
        Assert.Equal((UnsolicitedReport.ViaThirdParty, true, ReportStatus.Open), (report.ReportedVia, report.CallerPhoneMatched, report.Status));
        var gustavo = await db.Beneficiaries.SingleAsync(b => b.Cpf == CallScenario.GustavoCpf);
        Assert.True(gustavo.ContactProbablyWrong);
        var line = await db.AuditEntries.Where(a => a.Action == AuditActions.UnsolicitedCodeReported).OrderBy(a => a.Id).LastAsync();
        Assert.Equal(("matched", t.TreatmentId.ToString()), (line.Outcome, line.SubjectId));
        Assert.DoesNotContain("610001", line.Detail);
    }

    [Fact]
    public async Task TheClinicsLookupAndThePatientsPortalShowTheContactAsProbablyWrong()
    {
        var t = await StrangersPhoneGotACodeAsync("610002");
        await ReportAsync(t.Number, t.Last4);

        var card = (await s.Handler<LookupBeneficiaryHandler>().HandleAsync(new(CallScenario.GustavoCpf), await s.Tokens.DentistAsync())).Value!;
        Assert.Equal(BeneficiarySummary.ContactProbablyWrongText, card.Found.ContactWarning);

        // The Portal do Cliente shows the flag on the flagged person's card (Maria's login, her own contact flagged by hand).
        var portal = new PortalScenario(database);
        var maria = await portal.MariaAsync();
        var mariaCards = (await s.Handler<GetMyContactsHandler>().HandleAsync(maria)).Value!;
        Assert.All(mariaCards, c => Assert.False(c.ContactProbablyWrong));
        await using (var ctx = await s.Tokens.ContextAsync())
        {
            var mariaRow = await ctx.Beneficiaries.SingleAsync(b => b.Cpf == TokenScenario.MariaCpf);
            mariaRow.FlagContactAsProbablyWrong(database.Clock.GetUtcNow());
            await ctx.SaveChangesAsync();
        }
        var flagged = (await s.Handler<GetMyContactsHandler>().HandleAsync(maria)).Value!;
        Assert.True(flagged.Single(c => c.IsSelf).ContactProbablyWrong);
        await using (var ctx = await s.Tokens.ContextAsync())
        {
            (await ctx.Beneficiaries.SingleAsync(b => b.Cpf == TokenScenario.MariaCpf)).ClearContactFlag();
            await ctx.SaveChangesAsync();
        }
    }

    [Fact]
    public async Task AnUnknownNumberOrDigitsThatDoNotMatchGetTheSameAnswerAndRevokeNothing()
    {
        var t = await StrangersPhoneGotACodeAsync("610003");
        var wrongDigits = t.Last4 == "0000" ? "1111" : "0000";

        var unknown = await ReportAsync("2026999999", "1234");
        var mismatch = await ReportAsync(t.Number, wrongDigits);

        Assert.Equal(unknown.Status, mismatch.Status);
        Assert.Equal(unknown.Value, mismatch.Value);
        Assert.Equal(unknown.Errors, mismatch.Errors);
        Assert.Equal(ReportCodeByTreatmentNumberHandler.RegisteredMessage, mismatch.Value);

        await using var db = await s.Tokens.ContextAsync();
        // A treatment number alone is guessable: nothing is revoked, but the case records that the digits did not match.
        Assert.Equal(TokenStatus.Active, (await db.Tokens.SingleAsync(k => k.Id == t.TokenId)).Status);
        Assert.False((await db.UnsolicitedReports.SingleAsync(r => r.TokenId == t.TokenId)).CallerPhoneMatched);
        Assert.False((await db.Beneficiaries.SingleAsync(b => b.Cpf == CallScenario.GustavoCpf)).ContactProbablyWrong);
        var outcomes = await db.AuditEntries.Where(a => a.Action == AuditActions.UnsolicitedCodeReported).Select(a => a.Outcome).ToListAsync();
        Assert.Contains("unknown-number", outcomes);
        Assert.Contains("not-matched", outcomes);

        // The caller calls back with the right digits: the same case now says so, and the token goes.
        await ReportAsync(t.Number, t.Last4);
        await using var after = await s.Tokens.ContextAsync();
        Assert.True((await after.UnsolicitedReports.SingleAsync(r => r.TokenId == t.TokenId)).CallerPhoneMatched);
        Assert.Equal(TokenStatus.Revoked, (await after.Tokens.SingleAsync(k => k.Id == t.TokenId)).Status);
    }

    [Fact]
    public async Task DigitsThatDoNotMatchStayOffTheClinicsTimelineAndStatisticsAndTheCaseSaysTheTokenIsActive()
    {
        var t = await StrangersPhoneGotACodeAsync("610007");
        var wrongDigits = t.Last4 == "0000" ? "1111" : "0000";
        var today = global::DentistPortal.Domain.Common.BrazilTime.Today(database.Clock.GetUtcNow());
        var query = new global::DentistPortal.Features.Reports.ReportQuery(today.AddDays(-1), today);
        int Counted(global::DentistPortal.Features.Reports.TokenReport r) =>
            r.Section(global::DentistPortal.Features.Reports.ReportKeys.UnsolicitedByClinic).Series.Sum(x => x.Values.Sum());
        var before = Counted((await s.Handler<global::DentistPortal.Features.Reports.GetTokenReportHandler>().HandleAsync(query, await s.AdminAsync())).Value!);

        await ReportAsync(t.Number, wrongDigits);

        // The clinic's timeline does not learn that a stranger called, nor whether the digits matched.
        var dentist = await s.Tokens.DentistAsync();
        var timeline = await s.Handler<global::DentistPortal.Features.Treatments.GetTreatmentTimelineHandler>().HandleAsync(t.TreatmentId, dentist);
        Assert.DoesNotContain(timeline.Value!, e => e.Action == AuditActions.UnsolicitedCodeReported);
        // Guessable treatment numbers do not count against the clinic.
        Assert.Equal(before, Counted((await s.Handler<global::DentistPortal.Features.Reports.GetTokenReportHandler>().HandleAsync(query, await s.AdminAsync())).Value!));
        // The back office reads the real state of the token, not "cancelado".
        var cases = await s.Handler<global::DentistPortal.Features.Cases.ListCasesHandler>().HandleAsync(new(), await s.AdminAsync());
        var row = cases.Value!.Rows.Single(r => r.TreatmentId == t.TreatmentId);
        Assert.Equal((TokenStatus.Active, (bool?)false), (row.TokenStatus, row.CallerPhoneMatched));

        // The right digits later: revoked, on the timeline, counted, and the case's notes say so.
        await ReportAsync(t.Number, t.Last4);
        timeline = await s.Handler<global::DentistPortal.Features.Treatments.GetTreatmentTimelineHandler>().HandleAsync(t.TreatmentId, dentist);
        Assert.Contains(timeline.Value!, e => e.Action == AuditActions.UnsolicitedCodeReported && e.Outcome == "matched");
        Assert.Equal(before + 1, Counted((await s.Handler<global::DentistPortal.Features.Reports.GetTokenReportHandler>().HandleAsync(query, await s.AdminAsync())).Value!));
        cases = await s.Handler<global::DentistPortal.Features.Cases.ListCasesHandler>().HandleAsync(new(), await s.AdminAsync());
        row = cases.Value!.Rows.Single(r => r.TreatmentId == t.TreatmentId);
        Assert.Equal((TokenStatus.Revoked, (bool?)true), (row.TokenStatus, row.CallerPhoneMatched));
        Assert.Contains("final do celular confere", row.Notes);
    }

    [Fact]
    public async Task TheSameReportTwiceRecordsOneCase()
    {
        var t = await StrangersPhoneGotACodeAsync("610004");
        var call = CallScenario.NewCall();

        var both = await Task.WhenAll(ReportAsync(t.Number, t.Last4, call), ReportAsync(t.Number, t.Last4, call));
        var third = await ReportAsync(t.Number, t.Last4, call);

        Assert.All(both.Append(third), r => Assert.Equal(ReportCodeByTreatmentNumberHandler.RegisteredMessage, r.Value));
        await using var db = await s.Tokens.ContextAsync();
        Assert.Single(await db.UnsolicitedReports.Where(r => r.TreatmentId == t.TreatmentId).ToListAsync());
        Assert.Equal(TokenStatus.Revoked, (await db.Tokens.SingleAsync(k => k.Id == t.TokenId)).Status);
    }

    [Fact]
    public async Task OnlyTheCentralTakesTheseReportsAndBadInputIsExplained()
    {
        var t = await StrangersPhoneGotACodeAsync("610005");
        foreach (var (_, actor) in await s.NonAgentsAsync())
            Assert.Equal(ResultStatus.Forbidden, (await s.Handler<ReportCodeByTreatmentNumberHandler>().HandleAsync(new(CallScenario.NewCall(), t.Number, t.Last4, null), actor)).Status);

        Assert.Equal([ReportCodeByTreatmentNumberValidator.NumberMessage], (await ReportAsync("12", t.Last4)).Errors);
        Assert.Equal([ReportCodeByTreatmentNumberValidator.Last4Message], (await ReportAsync(t.Number, "12a4")).Errors);
        Assert.Equal([CallCenterAccess.CodeLikeMessage], (await ReportAsync(t.Number, t.Last4, notes: "o código era 610005")).Errors);

        await using var db = await s.Tokens.ContextAsync();
        Assert.Equal(TokenStatus.Active, (await db.Tokens.SingleAsync(k => k.Id == t.TokenId)).Status);
    }
}
