using DentistPortal.Domain.Messaging;
using DentistPortal.Domain.Tokens;
using DentistPortal.Domain.Treatments;
using DentistPortal.Features.Common;
using DentistPortal.Features.Tokens;
using DentistPortal.Features.Treatments;
using DentistPortal.Infrastructure.Security;
using DentistPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DentistPortal.Tests.Features.Tokens;

/// <summary>Generate → deliver (outbox) → validate through the real handlers on a real SQLite file.</summary>
public class TokenLifecycle(TestDatabase database) : IClassFixture<TestDatabase>
{
    private readonly TokenScenario s = new(database);

    [Fact]
    public async Task PartialAuthorizationLetsTheDentistGenerateAToken()
    {
        var id = await s.SubmittedTreatmentAsync(withDeniedAndReview: true);
        var view = (await s.Handler<GetTreatmentHandler>().HandleAsync(new(id), await s.DentistAsync())).Value!;
        Assert.Equal([ItemAuthorization.Authorized, ItemAuthorization.Denied, ItemAuthorization.UnderReview], view.Items.Select(i => i.Authorization));
        Assert.Contains("não coberto pelo plano Sorriso Pleno Essencial", view.Items[1].Reason);
        Assert.Null(view.WhyNoToken);
        var token = await s.GenerateAsync(id, "004219");
        Assert.Equal(1, token.Sequence);
    }

    [Fact]
    public async Task NoTokenWhenNothingIsAuthorizedAndTheDentistIsToldWhy()
    {
        var dentist = await s.DentistAsync();
        var created = await s.Handler<CreateTreatmentHandler>().HandleAsync(new(await s.ReferenceAsync(TokenScenario.MariaCpf, dentist), [new("85400157", 16, null, null)]), dentist);
        await s.Handler<SubmitForAuthorizationHandler>().HandleAsync(new(created.Value!.Id), dentist);
        var result = await s.Handler<GenerateTokenHandler>().HandleAsync(new(created.Value.Id), dentist);
        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Contains("Nenhum procedimento deste tratamento foi autorizado", result.Errors.Single());
    }

    [Fact]
    public async Task TheRightCodeValidatesAndTheTreatmentIsConfirmed()
    {
        var id = await s.SubmittedTreatmentAsync();
        await s.GenerateAsync(id, "004219");
        var result = await s.ValidateAsync(id, "004 219");
        Assert.Equal(ValidationOutcome.Validated, result.Outcome);
        Assert.Contains("Token validado", result.Message);
        await using var db = await s.ContextAsync();
        var token = await db.Tokens.SingleAsync(t => t.TreatmentId == id);
        Assert.Equal(TokenStatus.Validated, token.Status);
        Assert.Null(token.EncryptedCode);
        Assert.Equal(TreatmentStatus.Validated, (await db.Treatments.SingleAsync(t => t.Id == id)).Status);
    }

    [Fact]
    public async Task AWrongCodeSaysHowManyAttemptsAreLeft()
    {
        var id = await s.SubmittedTreatmentAsync();
        await s.GenerateAsync(id, "004219");
        var result = await s.ValidateAsync(id, "111111");
        Assert.Equal(ValidationOutcome.WrongCode, result.Outcome);
        Assert.Equal(4, result.AttemptsLeft);
        Assert.Contains("Restam 4 tentativas", result.Message);
    }

    [Fact]
    public async Task FiveWrongCodesLockTheTokenAndANewOneWorksWhileTheOldOneIsRefusedAsSuperseded()
    {
        var id = await s.SubmittedTreatmentAsync();
        await s.GenerateAsync(id, "123123");
        for (var i = 0; i < 4; i++) Assert.Equal(ValidationOutcome.WrongCode, (await s.ValidateAsync(id, "999999")).Outcome);
        Assert.Equal(ValidationOutcome.Locked, (await s.ValidateAsync(id, "999999")).Outcome);
        Assert.Equal(ValidationOutcome.Locked, (await s.ValidateAsync(id, "123123")).Outcome); // sixth guess refused even if right

        await s.GenerateAsync(id, "456456");
        var old = await s.ValidateAsync(id, "123123");
        Assert.Equal(ValidationOutcome.SupersededCode, old.Outcome);
        Assert.Contains("Use o último token recebido", old.NextStep);
        Assert.Equal(ValidationOutcome.Validated, (await s.ValidateAsync(id, "456456")).Outcome);
    }

    [Fact]
    public async Task TheOlderTokenIsRefusedAfterANewOneIsGenerated()
    {
        var id = await s.SubmittedTreatmentAsync();
        await s.GenerateAsync(id, "111222");
        await s.GenerateAsync(id, "333444");
        await using (var db = await s.ContextAsync())
        {
            var tokens = await db.Tokens.Where(t => t.TreatmentId == id).OrderBy(t => t.Sequence).ToListAsync();
            Assert.Equal([TokenStatus.Superseded, TokenStatus.Active], tokens.Select(t => t.Status));
            Assert.Null(tokens[0].EncryptedCode);
        }
        Assert.Equal(ValidationOutcome.SupersededCode, (await s.ValidateAsync(id, "111222")).Outcome);
        Assert.Equal(ValidationOutcome.Validated, (await s.ValidateAsync(id, "333444")).Outcome);
    }

    [Fact]
    public async Task TheTreatmentCapSurvivesReissue()
    {
        var id = await s.SubmittedTreatmentAsync();
        await s.GenerateAsync(id, "000001");
        for (var i = 0; i < 5; i++) await s.ValidateAsync(id, "999999");
        await s.GenerateAsync(id, "000002");
        for (var i = 0; i < 4; i++) Assert.Equal(ValidationOutcome.WrongCode, (await s.ValidateAsync(id, "999999")).Outcome);
        Assert.Equal(ValidationOutcome.TreatmentBlocked, (await s.ValidateAsync(id, "999999")).Outcome); // 10th wrong code
        Assert.Equal(ValidationOutcome.TreatmentBlocked, (await s.ValidateAsync(id, "000002")).Outcome);
        var again = await s.Handler<GenerateTokenHandler>().HandleAsync(new(id), await s.DentistAsync());
        Assert.Equal(ResultStatus.Invalid, again.Status);
        Assert.Contains("Central de Atendimento", again.Errors.Single());
    }

    [Fact]
    public async Task TheTokenIsValidAt47Hours59MinutesAndExpiredAt48Hours()
    {
        var a = await s.SubmittedTreatmentAsync();
        var b = await s.SubmittedTreatmentAsync(TokenScenario.PedroCard);
        await s.GenerateAsync(a, "246810");
        await s.GenerateAsync(b, "135791");
        database.Clock.Advance(TimeSpan.FromHours(47) + TimeSpan.FromMinutes(59));
        Assert.Equal(ValidationOutcome.Validated, (await s.ValidateAsync(a, "246810")).Outcome);
        database.Clock.Advance(TimeSpan.FromMinutes(1));
        var expired = await s.ValidateAsync(b, "135791");
        Assert.Equal(ValidationOutcome.Expired, expired.Outcome);
        Assert.Contains("Gere um novo token", expired.NextStep);
        await using var db = await s.ContextAsync();
        Assert.Null((await db.Tokens.SingleAsync(t => t.TreatmentId == b)).EncryptedCode);
    }

    [Fact]
    public async Task AtMostFiveTokensPerTreatmentIn48Hours()
    {
        var id = await s.SubmittedTreatmentAsync(TokenScenario.RobertoCpf);
        for (var i = 0; i < 5; i++) await s.GenerateAsync(id, $"55555{i}");
        var sixth = await s.Handler<GenerateTokenHandler>().HandleAsync(new(id), await s.DentistAsync());
        Assert.Equal(ResultStatus.Invalid, sixth.Status);
        Assert.Contains("Limite de 5 tokens em 48 horas", sixth.Errors.Single());
    }

    [Fact]
    public async Task GeneratingWritesOneDeliveryPerChannelWithMaskedDestinations()
    {
        var id = await s.SubmittedTreatmentAsync();
        var token = await s.GenerateAsync(id, "777888");
        Assert.Equal([DeliveryChannel.Sms, DeliveryChannel.Email], token.Deliveries.Select(d => d.Channel));
        Assert.Equal("(11) *****-4321", token.Deliveries[0].MaskedDestination);
        Assert.Equal("m***@e***.com.br", token.Deliveries[1].MaskedDestination);
        await using var db = await s.ContextAsync();
        var rows = await db.Deliveries.Where(d => d.TokenId == token.TokenId).ToListAsync();
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal(DeliveryStatus.Pending, r.Status));
    }

    [Fact]
    public async Task AMinorDependentWithoutContactsReceivesThroughTheHolder()
    {
        var id = await s.SubmittedTreatmentAsync(TokenScenario.PedroCard);
        var token = await s.GenerateAsync(id, "121212");
        Assert.All(token.Deliveries, d => Assert.True(d.ThroughHolder));
        Assert.Equal("(11) *****-4321", token.Deliveries.Single(d => d.Channel == DeliveryChannel.Sms).MaskedDestination);
    }

    [Fact]
    public async Task ABeneficiaryWithoutAnyContactGetsATokenButNoDeliveryAndTheDentistIsTold()
    {
        var id = await s.SubmittedTreatmentAsync(TokenScenario.AntoniaCpf);
        var view = (await s.Handler<GetTreatmentHandler>().HandleAsync(new(id), await s.DentistAsync())).Value!;
        Assert.False(view.ContactRoute.HasAny);
        var token = await s.GenerateAsync(id, "343434");
        Assert.Empty(token.Deliveries);
        Assert.True(token.NoChannel);
    }

    [Fact]
    public async Task TheSendCapsPerDestinationPerDayStopSmsAndEmailPumping()
    {
        // Ten treatments for the same mobile and address in one day use up both caps (issue 9 §2: e-mail is capped too).
        for (var i = 0; i < 10; i++)
        {
            var t = await s.SubmittedTreatmentAsync("16180339805");
            await s.GenerateAsync(t, $"6060{i:D2}");
        }
        var last = await s.SubmittedTreatmentAsync("16180339805");
        var token = await s.GenerateAsync(last, "606099");
        var sms = token.Deliveries.Single(d => d.Channel == DeliveryChannel.Sms);
        Assert.Equal(DeliveryStatus.Failed, sms.Status);
        Assert.Contains("Limite de 10 SMS por dia", sms.Reason);
        var email = token.Deliveries.Single(d => d.Channel == DeliveryChannel.Email);
        Assert.Equal(DeliveryStatus.Failed, email.Status);
        Assert.Contains("Limite de 10 e-mails por dia", email.Reason);
    }

    [Fact]
    public async Task TheCodeIsStoredOnlyAsAKeyedHashAndAnEncryptedCopy()
    {
        var id = await s.SubmittedTreatmentAsync();
        await s.GenerateAsync(id, "010203");
        await using var db = await s.ContextAsync();
        var token = await db.Tokens.SingleAsync(t => t.TreatmentId == id);
        Assert.Equal(32, token.CodeHash.Length);
        Assert.DoesNotContain("010203", token.EncryptedCode);
        var protector = database.Services.GetRequiredService<ITokenCodeProtector>();
        Assert.Equal("010203", protector.Decrypt(token.EncryptedCode!));
        Assert.Equal(token.CodeHash, protector.Hash("010203"));
        Assert.NotEqual(System.Security.Cryptography.SHA256.HashData("010203"u8.ToArray()), token.CodeHash); // keyed, not a plain hash
    }

    [Fact]
    public async Task MarkingALateTokenRecordsReason07AndTheLateValidationIsRecordedAsLate()
    {
        var id = await s.SubmittedTreatmentAsync(TokenScenario.RobertoCpf);
        await s.GenerateAsync(id, "707070");
        var mark = await s.Handler<MarkAwaitingLateTokenHandler>().HandleAsync(new(id), await s.DentistAsync());
        Assert.True(mark.IsOk);
        await using (var db = await s.ContextAsync())
        {
            var t = await db.Treatments.SingleAsync(x => x.Id == id);
            Assert.Equal(TreatmentStatus.AwaitingLateToken, t.Status);
            Assert.Equal("07", t.MissingTokenReason);
        }
        database.Clock.Advance(TimeSpan.FromHours(20));
        Assert.Equal(ValidationOutcome.Validated, (await s.ValidateAsync(id, "707070", await s.StaffAsync(), ValidationChannel.Late)).Outcome);
        await using var db2 = await s.ContextAsync();
        Assert.Equal(ValidationChannel.Late, (await db2.Tokens.SingleAsync(x => x.TreatmentId == id)).ValidatedVia);
    }

    [Fact]
    public async Task TheTimelineListsWhoDidWhatAndNeverTheCode()
    {
        var id = await s.SubmittedTreatmentAsync();
        await s.GenerateAsync(id, "908070");
        await s.ValidateAsync(id, "111111");
        await s.ValidateAsync(id, "908070");
        var timeline = (await s.Handler<GetTreatmentTimelineHandler>().HandleAsync(id, await s.DentistAsync())).Value!;
        Assert.Equal(["treatment.created", "treatment.submitted", "token.generated", "token.validate", "token.validate"], timeline.Select(e => e.Action));
        Assert.All(timeline, e => Assert.Equal("Dra. Ana Beatriz Ferreira", e.Who));
        Assert.DoesNotContain(timeline, e => (e.Detail ?? "").Contains("908070") || (e.Detail ?? "").Contains("111111"));
    }
}
