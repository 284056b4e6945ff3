using DentistPortal.Domain.Common;
using DentistPortal.Domain.Messaging;
using DentistPortal.Features.Admin;
using DentistPortal.Features.AuditLog;
using DentistPortal.Features.CallCenter;
using DentistPortal.Features.Tokens;
using DentistPortal.Features.Common;
using DentistPortal.Features.Reports;
using DentistPortal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace DentistPortal.Tests.Fuzz;

/// <summary>
/// The failing examples the fuzz suite found (issue 10, "No server error on any input"), kept as plain tests: each
/// threw an exception on the code before the fix.
/// </summary>
public class FaultsFoundByFuzzing(TestDatabase db) : IClassFixture<TestDatabase>
{
    private T Handler<T>() where T : notnull => db.Scope().ServiceProvider.GetRequiredService<T>();

    private Task<Actor> AdminAsync() => DemoActors.ForAsync(db.Services, "admin@demo.local");

    [Fact]
    public async Task TheAuditTrailSearchedUpToTheLastRepresentableDayAnswersInsteadOfOverflowing()
    {
        var filter = new AuditLogFilter(From: new DateOnly(2026, 11, 25), To: DateOnly.MaxValue);
        var page = await Handler<SearchAuditLogHandler>().HandleAsync(new(filter), await AdminAsync());
        Assert.True(page.IsOk, string.Join(" ", page.Errors));
        var export = await Handler<ExportAuditLogHandler>().HandleAsync(filter, await AdminAsync());
        Assert.True(export.IsOk, string.Join(" ", export.Errors));
    }

    [Fact]
    public async Task AnAuditTrailPageFarBeyondTheEndIsEmptyInsteadOfWrappingAround()
    {
        var page = await Handler<SearchAuditLogHandler>().HandleAsync(new(AuditLogFilter.None, int.MaxValue, 100), await AdminAsync());
        Assert.True(page.IsOk);
        Assert.Empty(page.Value!.Rows);
    }

    [Fact]
    public async Task AReportEndingOnTheLastRepresentableDayIsRefusedInPortuguese()
    {
        var query = new ReportQuery(DateOnly.MaxValue, DateOnly.MaxValue);
        var report = await Handler<GetTokenReportHandler>().HandleAsync(query, await AdminAsync());
        Assert.Equal(ResultStatus.Invalid, report.Status);
        PtBr.AssertMessage(Assert.Single(report.Errors));
        var csv = await Handler<ExportReportCsvHandler>().HandleAsync(new(ReportKeys.All[0], query), await AdminAsync());
        Assert.Equal(ResultStatus.Invalid, csv.Status);
    }

    [Fact]
    public async Task AProcedureSearchWithALoneSurrogateFindsNothingInsteadOfThrowing()
    {
        var result = await Handler<ListProceduresHandler>().HandleAsync(new("-0001-01-01\u200fשלום\u200f\ud830\uda8d"), await AdminAsync());
        Assert.True(result.IsOk);
        Assert.Empty(result.Value!);
    }

    [Fact]
    public async Task RevokingATokenAStrangerAlreadyReportedJoinsThatCaseInsteadOfFailing()
    {
        var scenario = new TokenScenario(db);
        var treatmentId = await scenario.SubmittedTreatmentAsync();
        var token = await scenario.GenerateAsync(treatmentId, "333333");
        string number;
        await using (var ctx = await scenario.ContextAsync()) number = ctx.Treatments.Single(t => t.Id == treatmentId).Number;
        var agent = await DemoActors.ForAsync(db.Services, "central@demo.local");
        // Digits that do not match: a case is opened, the token stays active.
        var reported = await Handler<ReportCodeByTreatmentNumberHandler>().HandleAsync(new(Guid.NewGuid().ToString(), number, "0000", null), agent);
        Assert.True(reported.IsOk, string.Join(" ", reported.Errors));

        var revoked = await Handler<RevokeTokenHandler>().HandleAsync(new(token.TokenId), agent);

        Assert.True(revoked.IsOk, string.Join(" ", revoked.Errors));
        await using var read = await scenario.ContextAsync();
        Assert.Equal(revoked.Value, read.UnsolicitedReports.Single(r => r.TokenId == token.TokenId).Id);
        Assert.Equal(DentistPortal.Domain.Tokens.TokenStatus.Revoked, read.Tokens.Single(t => t.Id == token.TokenId).Status);
    }

    [Fact]
    public async Task APasswordWithHalfAnEmojiIsRefusedInPortugueseInsteadOfThrowing()
    {
        var result = await Handler<CreateStaffAccountHandler>().HandleAsync(
            new("Fulana de Tal", "fulana.fuzz@demo.local", "CallCenterAgent", null, "\udab9Senha@2026!"), await AdminAsync());
        Assert.Equal(ResultStatus.Invalid, result.Status);
        PtBr.AssertMessage(Assert.Single(result.Errors));
    }

    // Facts, not InlineData: a lone surrogate does not survive the serialization of theory data.
    [Fact]
    public void FoldingKeepsPairsAndReplacesLoneSurrogates()
    {
        Assert.Equal("\ufffd", TextFolding.Fold("\ud800"));
        Assert.Equal("joao \ufffd", TextFolding.Fold("Jo\u00e3o \udfff"));
        Assert.Equal("joao \ud83d\ude00", TextFolding.Fold("Jo\u00e3o \ud83d\ude00"));
    }

    [Fact]
    public void AnEmojiOrALoneSurrogateInAnSmsBecomesOneQuestionMark()
    {
        Assert.Equal("Clinica ?", TokenMessage.ToGsm7("Clínica \ud83d\ude00"));
        Assert.Equal("Dr. ?Ana", TokenMessage.ToGsm7("Dr. \ud800Ana"));
        Assert.Equal("?", TokenMessage.ToGsm7("\udc00"));
        Assert.True(TokenMessage.IsGsm7(TokenMessage.ToGsm7("Odonto \ud83d\ude00 \udfff")));
    }
}
