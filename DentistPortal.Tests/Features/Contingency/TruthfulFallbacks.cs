using DentistPortal.Domain.Tiss;
using DentistPortal.Domain.Tokens;
using DentistPortal.Domain.Treatments;
using DentistPortal.Features.Common;
using DentistPortal.Features.Contingency;
using DentistPortal.Features.Tokens;
using DentistPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Tests.Features.Contingency;

/// <summary>Issue 9 §8: a late token only when it can arrive, messages that name real channels, only TUSS 74 codes stored.</summary>
public class TruthfulFallbacks(TestDatabase database) : IClassFixture<TestDatabase>
{
    private readonly TokenScenario s = new(database);

    private async Task<(int Tokens, TreatmentStatus Status, string? Reason, int LateAudits)> StateAsync(int id)
    {
        await using var db = await s.ContextAsync();
        var t = await db.Treatments.SingleAsync(x => x.Id == id);
        var key = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return (await db.Tokens.CountAsync(k => k.TreatmentId == id), t.Status, t.MissingTokenReason,
            await db.AuditEntries.CountAsync(a => a.Action == "treatment.awaiting-late-token" && a.SubjectId == key));
    }

    [Fact]
    public async Task APatientWithNoContactAtAllIsNotOfferedALateTokenAndNothingIsIssuedOrCounted()
    {
        var id = await s.SubmittedTreatmentAsync(TokenScenario.AntoniaCpf);
        var before = await StateAsync(id);

        var refused = await s.Handler<MarkAwaitingLateTokenHandler>().HandleAsync(new(id), await s.DentistAsync());

        Assert.Equal(ResultStatus.Invalid, refused.Status);
        Assert.Contains("Central de Atendimento", refused.Errors[0]);
        Assert.Contains("guia de tratamento", refused.Errors[0]);
        Assert.Equal(before, await StateAsync(id));
        Assert.Equal((0, TreatmentStatus.Submitted, (string?)null, 0), before);
    }

    [Fact]
    public async Task EvenWithATokenGeneratedForTheCentralANoContactPatientCannotBeMarkedLate()
    {
        var id = await s.SubmittedTreatmentAsync(TokenScenario.AntoniaCpf);
        await s.GenerateAsync(id, "740001"); // the Central can read this one to the patient on the phone
        var before = await StateAsync(id);

        var refused = await s.Handler<MarkAwaitingLateTokenHandler>().HandleAsync(new(id), await s.DentistAsync());

        Assert.Equal(ResultStatus.Invalid, refused.Status);
        Assert.Contains("Central de Atendimento", refused.Errors[0]);
        Assert.Equal(before, await StateAsync(id));
        Assert.Equal((1, TreatmentStatus.Submitted), (before.Tokens, before.Status));
    }

    [Fact]
    public async Task AnEmailOnlyPatientIsOfferedTheLateTokenAndToldAboutEmailNotSms()
    {
        var id = await s.SubmittedTreatmentAsync(TokenScenario.RobertoCpf);
        await s.GenerateAsync(id, "740002");

        var marked = await s.Handler<MarkAwaitingLateTokenHandler>().HandleAsync(new(id), await s.DentistAsync());

        Assert.True(marked.IsOk, string.Join("; ", marked.Errors));
        Assert.Contains("quando tiver acesso ao e-mail,", marked.Value);
        Assert.DoesNotContain("SMS", marked.Value);
        Assert.DoesNotContain("Portal do Cliente", marked.Value);
        var view = (await s.Handler<DentistPortal.Features.Treatments.GetTreatmentHandler>().HandleAsync(new(id), await s.DentistAsync())).Value!;
        Assert.True(view.Reach.Email && !view.Reach.Sms);
    }

    [Fact]
    public async Task AChildReceivingThroughTheHolderIsToldAboutTheHoldersChannelsAndPortal()
    {
        var id = await s.SubmittedTreatmentAsync(TokenScenario.PedroCard);
        await s.GenerateAsync(id, "740003");

        var marked = await s.Handler<MarkAwaitingLateTokenHandler>().HandleAsync(new(id), await s.DentistAsync());

        Assert.True(marked.IsOk, string.Join("; ", marked.Errors));
        Assert.Contains("quando tiver acesso ao SMS ou ao e-mail do titular ou ao Portal do Cliente,", marked.Value);
    }

    [Fact]
    public async Task ATreatmentValidatedWithALateTokenHasNoAbsenceReason()
    {
        var id = await s.SubmittedTreatmentAsync(TokenScenario.RobertoCpf);
        await s.GenerateAsync(id, "740004");
        Assert.True((await s.Handler<MarkAwaitingLateTokenHandler>().HandleAsync(new(id), await s.DentistAsync())).IsOk);
        Assert.Equal((TreatmentStatus.AwaitingLateToken, Tuss74.NoMobilePhone), ((await StateAsync(id)).Status, (await StateAsync(id)).Reason));

        Assert.Equal(ValidationOutcome.Validated, (await s.ValidateAsync(id, "740004", await s.StaffAsync(), ValidationChannel.Late)).Outcome);

        var after = await StateAsync(id);
        Assert.Equal((TreatmentStatus.Validated, (string?)null), (after.Status, after.Reason));
    }

    [Fact]
    public async Task DentistCouldNotGenerateIsStoredAsTuss03WithItsNoteApartNeverNT()
    {
        var id = await s.SubmittedTreatmentAsync();
        string number;
        await using (var db = await s.ContextAsync()) number = await db.Treatments.Where(t => t.Id == id).Select(t => t.Number).SingleAsync();

        var printed = await s.Handler<RecordContingencyHandler>().HandleAsync(
            RecordContingencyCommand.For(number, ContingencyReasonChoices.CouldNotGenerate), await s.StaffAsync());

        Assert.True(printed.IsOk, string.Join("; ", printed.Errors));
        await using var check = await s.ContextAsync();
        var record = await check.ContingencyRecords.SingleAsync(c => c.TreatmentId == id);
        Assert.Equal(("03", "Dentista não conseguiu gerar o token"), (record.ReasonCode, record.ReasonNote));
        Assert.False(await check.ContingencyRecords.AnyAsync(c => c.ReasonCode == "NT"));
        Assert.StartsWith("03 – ", printed.Value!.Guide!.ContingencyReason);
        Assert.EndsWith("(Dentista não conseguiu gerar o token)", printed.Value.Guide.ContingencyReason);
    }

    [Theory]
    [InlineData("NT")]
    [InlineData("Dentista não conseguiu gerar o token")]
    [InlineData("05")]
    public async Task ANonTuss74OrNonOfferedReasonIsRefusedAndNothingIsRecorded(string reason)
    {
        var id = await s.SubmittedTreatmentAsync();
        string number;
        await using (var db = await s.ContextAsync()) number = await db.Treatments.Where(t => t.Id == id).Select(t => t.Number).SingleAsync();

        var refused = await s.Handler<RecordContingencyHandler>().HandleAsync(new(number, reason), await s.StaffAsync());

        Assert.Equal(ResultStatus.Invalid, refused.Status);
        await using var check = await s.ContextAsync();
        Assert.False(await check.ContingencyRecords.AnyAsync(c => c.TreatmentId == id));
    }
}
