using DentistPortal.Domain.Access;
using DentistPortal.Domain.Treatments;
using DentistPortal.Features.Common;
using DentistPortal.Features.Review;
using DentistPortal.Features.Treatments;
using DentistPortal.Tests.Infrastructure;

namespace DentistPortal.Tests.Review;

/// <summary>The auditor's queue on a real SQLite file: what is in it, in which order, and who may read it.</summary>
public class ReviewQueueOrderAndContent(TestDatabase database) : IClassFixture<TestDatabase>
{
    private readonly OperatorScenario scenario = new(database);

    [Fact]
    public async Task TheOldestSubmissionComesFirstEvenWhenItsTreatmentWasOpenedLater()
    {
        // A is opened first but submitted an hour after B: B's patient has waited longer.
        var a = await scenario.DraftAsync(TokenScenario.MariaCpf, new TreatmentItemInput(OperatorScenario.EndoMultirradicular, 46, null, null));
        var b = await scenario.DraftAsync(TokenScenario.RobertoCpf, new TreatmentItemInput(OperatorScenario.EndoMultirradicular, 36, null, null));
        await scenario.SubmitAsync(b.Id);
        database.Clock.Advance(TimeSpan.FromHours(1));
        await scenario.SubmitAsync(a.Id);

        var queue = await QueueAsync(await scenario.AuditorAsync());

        var numbers = queue.Items.Select(i => i.TreatmentNumber).ToList();
        Assert.True(numbers.IndexOf(b.Number) < numbers.IndexOf(a.Number), string.Join(", ", numbers));
        Assert.Equal(queue.Items.OrderBy(i => i.SubmittedAtUtc).Select(i => i.ItemId), queue.Items.Select(i => i.ItemId));
        Assert.Equal(queue.Items.Count, queue.Total);
    }

    [Fact]
    public async Task EachItemCarriesWhatTheAuditorNeedsToDecide()
    {
        var treatmentId = await scenario.Tokens.SubmittedTreatmentAsync(withDeniedAndReview: true);
        var queue = await QueueAsync(await scenario.AuditorAsync());

        var item = Assert.Single(queue.Items, i => i.TreatmentId == treatmentId);
        Assert.Equal("Maria Aparecida da Silva", item.BeneficiaryName);
        Assert.Equal("9876 5400 0001 0014", item.CardNumber);
        Assert.Contains("Essencial", item.PlanName);
        Assert.Equal("Clínica Sorriso Paulista", item.ClinicName);
        Assert.Equal("São Paulo/SP", item.ClinicCityUf);
        Assert.Equal("Dra. Ana Beatriz Ferreira", item.DentistName);
        Assert.Equal("CRO-SP 98765", item.DentistCro);
        Assert.Equal(OperatorScenario.EndoMultirradicular, item.TussCode);
        Assert.Equal(36, item.Tooth);
        Assert.Equal("dente 36 · quantidade 1", item.Site);
        Assert.Equal(database.Clock.GetUtcNow(), item.SubmittedAtUtc);
        // The rest of the request, with what the plan rules said.
        Assert.Equal([("81000030", ItemAuthorization.Authorized), ("85400157", ItemAuthorization.Denied)],
            item.OtherItems.Select(o => (o.TussCode, o.Authorization)));
    }

    [Fact]
    public async Task EarlierAuthorizedWorkOnTheSameToothIsShownAsHistory()
    {
        var first = await scenario.OnlyUnderReviewAsync(TokenScenario.AntoniaCpf, tooth: 47);
        Assert.True((await scenario.Handler<DecideReviewItemHandler>().HandleAsync(new(first.ItemId, true, null), await scenario.AuditorAsync())).IsOk);
        database.Clock.Advance(TimeSpan.FromDays(30));
        var second = await scenario.OnlyUnderReviewAsync(TokenScenario.AntoniaCpf, tooth: 47);

        var item = Assert.Single((await QueueAsync(await scenario.AuditorAsync())).Items, i => i.ItemId == second.ItemId);

        var earlier = Assert.Single(item.History);
        Assert.Equal(first.Number, earlier.TreatmentNumber);
        Assert.Equal(47, earlier.Tooth);
    }

    [Fact]
    public async Task ItemsAlreadyDecidedLeaveTheQueue()
    {
        var t = await scenario.OnlyUnderReviewAsync();
        Assert.Contains((await QueueAsync(await scenario.AuditorAsync())).Items, i => i.ItemId == t.ItemId);
        Assert.True((await scenario.Handler<DecideReviewItemHandler>().HandleAsync(new(t.ItemId, false, "Sem radiografia."), await scenario.AuditorAsync())).IsOk);
        Assert.DoesNotContain((await QueueAsync(await scenario.AuditorAsync())).Items, i => i.ItemId == t.ItemId);
    }

    [Fact]
    public async Task TheAuditorMayDecideAndTheBackOfficeOnlyReads()
    {
        await scenario.OnlyUnderReviewAsync();
        Assert.True((await QueueAsync(await scenario.AuditorAsync())).CanDecide);
        var admin = await QueueAsync(await scenario.AdminAsync());
        Assert.False(admin.CanDecide);
        Assert.NotEmpty(admin.Items);
    }

    [Theory]
    [InlineData(Roles.Dentist)]
    [InlineData(Roles.ClinicStaff)]
    [InlineData(Roles.CallCenterAgent)]
    [InlineData(Roles.Beneficiary)]
    public async Task EveryoneElseIsRefused(string role)
    {
        await scenario.OnlyUnderReviewAsync();
        var result = await scenario.Handler<ListReviewQueueHandler>().HandleAsync(await scenario.NonOperatorAsync(role));
        Assert.Equal(ResultStatus.Forbidden, result.Status);
        Assert.Null(result.Value);
    }

    [Fact]
    public async Task WithoutAnActorNothingIsListed()
    {
        var result = await scenario.Handler<ListReviewQueueHandler>().HandleAsync(null);
        Assert.Equal(ResultStatus.Forbidden, result.Status);
    }

    private async Task<ReviewQueue> QueueAsync(Actor actor)
    {
        var result = await scenario.Handler<ListReviewQueueHandler>().HandleAsync(actor);
        Assert.True(result.IsOk, string.Join("; ", result.Errors));
        return result.Value!;
    }
}
