using DentistPortal.Domain.Access;
using DentistPortal.Domain.Treatments;
using DentistPortal.Features.Common;
using DentistPortal.Features.Review;
using DentistPortal.Features.Tokens;
using DentistPortal.Features.Treatments;
using DentistPortal.Infrastructure.Messaging;
using DentistPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DentistPortal.Tests.Review;

/// <summary>The auditor's decision (AR-1) and what it does to the dentist's treatment (TR-3), on a real SQLite file.</summary>
public class ReviewDecisions(TestDatabase database) : IClassFixture<TestDatabase>
{
    private readonly OperatorScenario scenario = new(database);

    private Task<Result<ReviewDecision>> DecideAsync(int itemId, bool approve, string? reason, Actor? actor) =>
        scenario.Handler<DecideReviewItemHandler>().HandleAsync(new(itemId, approve, reason), actor);

    private async Task<TreatmentView> TreatmentAsync(int id) =>
        (await scenario.Handler<GetTreatmentHandler>().HandleAsync(new(TreatmentId: id), await scenario.DentistAsync())).Value!;

    [Fact]
    public async Task ApprovingTheOnlyItemUnderReviewLetsTheDentistGenerateTheToken()
    {
        var t = await scenario.OnlyUnderReviewAsync();
        var before = await TreatmentAsync(t.Id);
        Assert.False(before.CanGenerate);
        Assert.Contains("em análise pela auditoria", before.WhyNoToken);

        var result = await DecideAsync(t.ItemId, approve: true, null, await scenario.AuditorAsync());

        Assert.True(result.IsOk, string.Join("; ", result.Errors));
        Assert.True(result.Value!.FirstAuthorized);
        Assert.Equal(ItemAuthorization.Authorized, result.Value.Authorization);
        var after = await TreatmentAsync(t.Id);
        Assert.Null(after.WhyNoToken);
        Assert.True(after.CanGenerate);
        var item = Assert.Single(after.Items);
        Assert.Equal(ItemAuthorization.Authorized, item.Authorization);
        Assert.Null(item.Reason);
        // And the token really can be generated now.
        Assert.True((await scenario.Handler<GenerateTokenHandler>().HandleAsync(new(t.Id), await scenario.DentistAsync())).IsOk);
    }

    [Fact]
    public async Task TheDecisionRecordsWhoAndWhen()
    {
        var t = await scenario.OnlyUnderReviewAsync();
        var auditor = await scenario.AuditorAsync();
        database.Clock.Advance(TimeSpan.FromMinutes(42));

        Assert.True((await DecideAsync(t.ItemId, true, null, auditor)).IsOk);

        var item = await scenario.ItemAsync(t.ItemId);
        Assert.Equal(auditor.UserId, item.DecidedByUserId);
        Assert.Equal(database.Clock.GetUtcNow(), item.DecidedAtUtc);
    }

    [Fact]
    public async Task TheDentistsOpenPageIsToldAtOnce()
    {
        var t = await scenario.OnlyUnderReviewAsync();
        var events = database.Services.GetRequiredService<ITreatmentEvents>();
        var told = new TaskCompletionSource<TreatmentChanged>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var _ = events.Subscribe(t.Id, change => { told.TrySetResult(change); return Task.CompletedTask; });

        Assert.True((await DecideAsync(t.ItemId, true, null, await scenario.AuditorAsync())).IsOk);

        var change = await told.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal("authorization", change.What);
    }

    [Fact]
    public async Task ApprovingWhenAnotherItemWasAlreadyAuthorizedIsNotTheFirst()
    {
        var treatmentId = await scenario.Tokens.SubmittedTreatmentAsync(withDeniedAndReview: true);
        var itemId = await scenario.ItemUnderReviewAsync(treatmentId);

        var result = await DecideAsync(itemId, true, null, await scenario.AuditorAsync());

        Assert.True(result.IsOk);
        Assert.False(result.Value!.FirstAuthorized);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public async Task DenyingNeedsAReason(string? reason)
    {
        var t = await scenario.OnlyUnderReviewAsync();

        var result = await DecideAsync(t.ItemId, approve: false, reason, await scenario.AuditorAsync());

        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Contains("Informe o motivo da negativa", result.Errors[0]);
        Assert.Equal(ItemAuthorization.UnderReview, (await scenario.ItemAsync(t.ItemId)).Authorization);
        Assert.Empty(await TrailAsync(t.Id));
    }

    [Fact]
    public async Task ADenialShowsItsReasonToTheDentistAndStillNoToken()
    {
        var t = await scenario.OnlyUnderReviewAsync();

        var result = await DecideAsync(t.ItemId, approve: false, "  Radiografia periapical não enviada.  ", await scenario.AuditorAsync());

        Assert.True(result.IsOk);
        Assert.Equal(ItemAuthorization.Denied, result.Value!.Authorization);
        var view = await TreatmentAsync(t.Id);
        Assert.Equal("Radiografia periapical não enviada.", Assert.Single(view.Items).Reason);
        Assert.False(view.CanGenerate);
        Assert.Contains("Nenhum procedimento deste tratamento foi autorizado", view.WhyNoToken);
    }

    [Fact]
    public async Task AnApprovalNoteGoesToTheTrailNotToTheItem()
    {
        var t = await scenario.OnlyUnderReviewAsync();

        Assert.True((await DecideAsync(t.ItemId, true, "Conforme radiografia anexa.", await scenario.AuditorAsync())).IsOk);

        Assert.Null((await scenario.ItemAsync(t.ItemId)).Reason);
        var line = Assert.Single(await TrailAsync(t.Id));
        Assert.Equal("authorized", line.Outcome);
        Assert.Equal("Dr. Marcelo Rocha (auditor)", line.ActorName);
        Assert.Equal(Roles.Auditor, line.ActorRole);
        Assert.Equal(await DemoActors.ClinicIdAsync(database.Services, DemoActors.SaoPauloCnpj), line.ClinicId);
        Assert.Contains("85200158", line.Detail);
        Assert.Contains("dente 36", line.Detail);
        Assert.Contains("Conforme radiografia anexa.", line.Detail);
    }

    [Fact]
    public async Task TheDenialIsAuditedWithItsReason()
    {
        var t = await scenario.OnlyUnderReviewAsync();
        Assert.True((await DecideAsync(t.ItemId, false, "Dente com indicação de extração.", await scenario.AuditorAsync())).IsOk);
        var line = Assert.Single(await TrailAsync(t.Id));
        Assert.Equal("denied", line.Outcome);
        Assert.Contains("Dente com indicação de extração.", line.Detail);
    }

    [Fact]
    public async Task AnItemAlreadyDecidedIsRefusedSayingByWhomAndWhen()
    {
        var t = await scenario.OnlyUnderReviewAsync();
        var auditor = await scenario.AuditorAsync();
        Assert.True((await DecideAsync(t.ItemId, true, null, auditor)).IsOk);

        var second = await DecideAsync(t.ItemId, false, "Mudei de ideia.", auditor);

        Assert.Equal(ResultStatus.Invalid, second.Status);
        Assert.Contains($"O procedimento 85200158 do tratamento nº {t.Number} já foi autorizado por Dr. Marcelo Rocha (auditor) em", second.Errors[0]);
        Assert.Equal(ItemAuthorization.Authorized, (await scenario.ItemAsync(t.ItemId)).Authorization);
        Assert.Single(await TrailAsync(t.Id));
    }

    [Fact]
    public async Task TwoDecisionsAtTheSameTimeOnlyOneWins()
    {
        var t = await scenario.OnlyUnderReviewAsync();
        var auditor = await scenario.AuditorAsync();

        var results = await Task.WhenAll(
            Task.Run(() => DecideAsync(t.ItemId, true, null, auditor)),
            Task.Run(() => DecideAsync(t.ItemId, false, "Negado em outra aba.", auditor)));

        var winner = Assert.Single(results, r => r.IsOk);
        var loser = Assert.Single(results, r => !r.IsOk);
        Assert.Contains("já foi", loser.Errors[0]);
        Assert.Equal(winner.Value!.Authorization, (await scenario.ItemAsync(t.ItemId)).Authorization);
        Assert.Single(await TrailAsync(t.Id));
    }

    [Fact]
    public async Task TheBackOfficeReadsTheQueueButCannotDecide()
    {
        var t = await scenario.OnlyUnderReviewAsync();
        var result = await DecideAsync(t.ItemId, true, null, await scenario.AdminAsync());
        Assert.Equal(ResultStatus.Forbidden, result.Status);
        Assert.Equal(ItemAuthorization.UnderReview, (await scenario.ItemAsync(t.ItemId)).Authorization);
    }

    [Theory]
    [InlineData(Roles.Dentist)]
    [InlineData(Roles.ClinicStaff)]
    [InlineData(Roles.CallCenterAgent)]
    [InlineData(Roles.Beneficiary)]
    public async Task NobodyButTheAuditorDecidesAndTheAttemptIsRecorded(string role)
    {
        var t = await scenario.OnlyUnderReviewAsync();
        var actor = await scenario.NonOperatorAsync(role);

        var result = await DecideAsync(t.ItemId, true, null, actor);

        Assert.Equal(ResultStatus.Forbidden, result.Status);
        Assert.Equal(ItemAuthorization.UnderReview, (await scenario.ItemAsync(t.ItemId)).Authorization);
        Assert.False((await TreatmentAsync(t.Id)).CanGenerate);
        await using var db = await scenario.ContextAsync();
        var refusal = await db.AuditEntries.SingleAsync(a => a.ActorUserId == actor.UserId && a.Action == "access.denied"
                                                             && a.SubjectType == "TreatmentItem" && a.SubjectId == t.ItemId.ToString());
        Assert.Equal("refused", refusal.Outcome);
        Assert.Empty(await TrailAsync(t.Id)); // the refusal stays off the treatment's timeline
    }

    [Fact]
    public async Task WithoutAnActorNothingIsDecided()
    {
        var t = await scenario.OnlyUnderReviewAsync();
        Assert.Equal(ResultStatus.Forbidden, (await DecideAsync(t.ItemId, true, null, null)).Status);
    }

    [Fact]
    public async Task AnUnknownItemIsNotFound()
    {
        var result = await DecideAsync(987_654, true, null, await scenario.AuditorAsync());
        Assert.Equal(ResultStatus.NotFound, result.Status);
    }

    [Fact]
    public async Task AnItemOfADraftIsNotUnderReviewAndCannotBeDecided()
    {
        var draft = await scenario.DraftAsync(TokenScenario.MariaCpf, new TreatmentItemInput(OperatorScenario.EndoMultirradicular, 37, null, null));
        await using var db = await scenario.ContextAsync();
        var itemId = await db.TreatmentItems.Where(i => i.TreatmentId == draft.Id).Select(i => i.Id).SingleAsync();

        var result = await DecideAsync(itemId, true, null, await scenario.AuditorAsync());

        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Contains("não foi enviado para autorização", result.Errors[0]);
        Assert.Equal(ItemAuthorization.Pending, (await scenario.ItemAsync(itemId)).Authorization);
    }

    [Fact]
    public async Task AnOverlongReasonIsRefused()
    {
        var t = await scenario.OnlyUnderReviewAsync();
        var result = await DecideAsync(t.ItemId, false, new string('x', 301), await scenario.AuditorAsync());
        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Contains("máximo 300", result.Errors[0]);
    }

    /// <summary>The auditor's lines on the treatment's timeline.</summary>
    private async Task<List<DentistPortal.Domain.Audit.AuditEntry>> TrailAsync(int treatmentId)
    {
        await using var db = await scenario.ContextAsync();
        var id = treatmentId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await db.AuditEntries.Where(a => a.SubjectType == "Treatment" && a.SubjectId == id && a.Action == DecideReviewItemHandler.Action).ToListAsync();
    }
}
