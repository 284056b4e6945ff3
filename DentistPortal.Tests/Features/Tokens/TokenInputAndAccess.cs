using DentistPortal.Domain.Tokens;
using DentistPortal.Features.Common;
using DentistPortal.Features.Tokens;
using DentistPortal.Features.Treatments;
using DentistPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Tests.Features.Tokens;

/// <summary>Bad input changes nothing; only the right people act on a treatment (checked in the handler).</summary>
public class TokenInputAndAccess(TestDatabase database) : IClassFixture<TestDatabase>
{
    private readonly TokenScenario s = new(database);

    public static TheoryData<string?> BadCodes => new()
    {
        "12a456", "12345", "1234567", "١٢٣٤٥٦", "", "   ", null, new string('7', 5000), "123456; DROP TABLE Tokens", "12 34 56",
    };

    [Theory]
    [MemberData(nameof(BadCodes))]
    public async Task BadCodesAreRefusedClearlyAndChangeNothing(string? code)
    {
        var id = await s.SubmittedTreatmentAsync();
        await s.GenerateAsync(id, "123456");
        var result = await s.Handler<ValidateTokenHandler>().HandleAsync(new(id, code), await s.DentistAsync());
        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Equal(TokenCode.FormatMessage, result.Errors.Single());
        await using var db = await s.ContextAsync();
        var token = await db.Tokens.SingleAsync(t => t.TreatmentId == id);
        Assert.Equal(0, token.WrongAttempts);
        Assert.Equal(TokenStatus.Active, token.Status);
        Assert.False(await db.TokenAttempts.AnyAsync(a => a.TreatmentId == id));
    }

    [Fact]
    public async Task AnotherClinicCannotSeeGenerateOrValidate()
    {
        var id = await s.SubmittedTreatmentAsync();
        await s.GenerateAsync(id, "222333");
        var other = await s.OtherClinicStaffAsync();
        Assert.Equal(ResultStatus.NotFound, (await s.Handler<GetTreatmentHandler>().HandleAsync(new(id), other)).Status);
        Assert.Equal(ResultStatus.Forbidden, (await s.Handler<GenerateTokenHandler>().HandleAsync(new(id), other)).Status);
        Assert.Equal(ResultStatus.Forbidden, (await s.Handler<ValidateTokenHandler>().HandleAsync(new(id, "222333"), other)).Status);
        Assert.Equal(ResultStatus.Forbidden, (await s.Handler<MarkAwaitingLateTokenHandler>().HandleAsync(new(id), other)).Status);
        Assert.Equal(ResultStatus.NotFound, (await s.Handler<GetTreatmentTimelineHandler>().HandleAsync(id, other)).Status);
        Assert.Equal(ValidationOutcome.Validated, (await s.ValidateAsync(id, "222333"))!.Outcome); // untouched by the refusals
    }

    [Fact]
    public async Task OnlyTheTreatmentsDentistSubmitsIt()
    {
        var dentist = await s.DentistAsync();
        var created = await s.Handler<CreateTreatmentHandler>().HandleAsync(new(await s.ReferenceAsync(TokenScenario.MariaCpf), [new("81000030", null, null, null)]), dentist);
        var colleague = await DemoActors.ForAsync(database.Services, "dentista3@demo.local", DemoActors.SaoPauloCnpj);
        Assert.Equal(ResultStatus.Forbidden, (await s.Handler<SubmitForAuthorizationHandler>().HandleAsync(new(created.Value!.Id), colleague)).Status);
        Assert.Equal(ResultStatus.Forbidden, (await s.Handler<SubmitForAuthorizationHandler>().HandleAsync(new(created.Value.Id), await s.StaffAsync())).Status);
    }

    [Theory]
    [InlineData("recepcao@demo.local")]
    [InlineData("paciente@demo.local")]
    [InlineData("central@demo.local")]
    public async Task OnlyDentistsOpenTreatments(string email)
    {
        var actor = await DemoActors.ForAsync(database.Services, email, email.StartsWith("recepcao") ? DemoActors.SaoPauloCnpj : null);
        var result = await s.Handler<CreateTreatmentHandler>().HandleAsync(new(await s.ReferenceAsync(TokenScenario.MariaCpf), [new("81000030", null, null, null)]), actor);
        Assert.Equal(ResultStatus.Forbidden, result.Status);
    }

    [Fact]
    public async Task ThePatientCannotValidateButTheCallCentreCanAssist()
    {
        var id = await s.SubmittedTreatmentAsync();
        await s.GenerateAsync(id, "565656");
        var patient = await DemoActors.ForAsync(database.Services, "paciente@demo.local");
        Assert.Equal(ResultStatus.Forbidden, (await s.Handler<ValidateTokenHandler>().HandleAsync(new(id, "565656"), patient)).Status);
        var agent = await DemoActors.ForAsync(database.Services, "central@demo.local");
        Assert.Equal(ResultStatus.Forbidden, (await s.Handler<ValidateTokenHandler>().HandleAsync(new(id, "565656", ValidationChannel.Chair), agent)).Status);
        var assisted = await s.Handler<ValidateTokenHandler>().HandleAsync(new(id, "565656", ValidationChannel.CallCenterAssisted), agent);
        Assert.Equal(ValidationOutcome.Validated, assisted.Value!.Outcome);
    }

    [Fact]
    public async Task TheCreateValidatorExplainsInvalidCombinationsBeforeSubmission()
    {
        var result = await s.Handler<CreateTreatmentHandler>().HandleAsync(new(await s.ReferenceAsync(TokenScenario.MariaCpf),
            [new("85100200", 19, null, "OM"), new("85300047", null, "S9", null), new("99999999", null, null, null), new("81000030", 11, null, null)]), await s.DentistAsync());
        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Contains(result.Errors, e => e.Contains("Dente 19 inválido"));
        Assert.Contains(result.Errors, e => e.Contains("Informe a região"));
        Assert.Contains(result.Errors, e => e.Contains("fora do catálogo"));
        Assert.Contains(result.Errors, e => e.Contains("não é feito por dente"));
    }

    [Fact]
    public async Task ThePatientRevokesAnUnsolicitedCodeAndACaseIsOpened()
    {
        var id = await s.SubmittedTreatmentAsync(TokenScenario.PedroCard); // the holder reports for her minor son
        var token = await s.GenerateAsync(id, "818181");
        var patient = await DemoActors.ForAsync(database.Services, "paciente@demo.local");
        var revoke = await s.Handler<RevokeTokenHandler>().HandleAsync(new(token.TokenId, "Não estou em tratamento"), patient);
        Assert.True(revoke.IsOk, string.Join(";", revoke.Errors));
        var after = await s.ValidateAsync(id, "818181");
        Assert.Equal(ValidationOutcome.Revoked, after.Outcome);
        await using var db = await s.ContextAsync();
        var report = await db.UnsolicitedReports.SingleAsync(r => r.Id == revoke.Value);
        Assert.Equal("portal", report.ReportedVia);
        Assert.Equal(ReportStatus.Open, report.Status);
        Assert.Null((await db.Tokens.SingleAsync(t => t.Id == token.TokenId)).EncryptedCode);
    }

    [Fact]
    public async Task SomeoneElsesTokenCannotBeRevokedNorProbed()
    {
        var id = await s.SubmittedTreatmentAsync(TokenScenario.RobertoCpf);
        var token = await s.GenerateAsync(id, "929292");
        var patient = await DemoActors.ForAsync(database.Services, "paciente@demo.local"); // Maria is not Roberto's holder
        Assert.Equal(ResultStatus.NotFound, (await s.Handler<RevokeTokenHandler>().HandleAsync(new(token.TokenId), patient)).Status);
        Assert.Equal(ResultStatus.NotFound, (await s.Handler<RevokeTokenHandler>().HandleAsync(new(999_999), patient)).Status);
    }

    [Fact]
    public async Task AnAccountPastTwentyWrongCodesIn24HoursIsBlockedAndTheOperatorAlerted()
    {
        var dentist = await DemoActors.ForAsync(database.Services, "dentista3@demo.local", DemoActors.SaoPauloCnpj);
        var treatments = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            var t = await s.SubmittedTreatmentAsync(TokenScenario.RobertoCpf);
            await s.GenerateAsync(t, $"31313{i}");
            treatments.Add(t);
        }
        var n = 0;
        foreach (var t in treatments.Take(4))
            for (var i = 0; i < 5; i++, n++)
                await s.ValidateAsync(t, "999999", dentist);
        Assert.Equal(20, n);
        var blocked = await s.ValidateAsync(treatments[4], "313134", dentist); // even the right code
        Assert.Equal(ValidationOutcome.AccountBlocked, blocked.Outcome);
        await using (var db = await s.ContextAsync())
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "alert.account-blocked" && a.ActorUserId == dentist.UserId));
        Assert.Equal(ValidationOutcome.Validated, (await s.ValidateAsync(treatments[4], "313134")).Outcome); // another user still can

        database.Clock.Advance(TimeSpan.FromHours(24) + TimeSpan.FromMinutes(1));
        var t2 = await s.SubmittedTreatmentAsync(TokenScenario.RobertoCpf);
        await s.GenerateAsync(t2, "414141");
        Assert.Equal(ValidationOutcome.Validated, (await s.ValidateAsync(t2, "414141", dentist)).Outcome); // the 24 h window moved on
    }
}
