using DentistPortal.Domain.ClientPortal;
using DentistPortal.Domain.Messaging;
using DentistPortal.Domain.Tokens;
using DentistPortal.Features.ClientPortal;
using DentistPortal.Features.Tokens;
using DentistPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Tests.Features.Tokens;

/// <summary>Issue 9 §4: 40 parallel wrong codes from one account on 40 treatments count exactly the 20 the cap allows (TR-7).</summary>
public class TheUserCapHoldsUnderConcurrency(TestDatabase database) : IClassFixture<TestDatabase>
{
    private readonly TokenScenario s = new(database);

    [Fact]
    public async Task FortyParallelWrongCodesOnFortyTreatmentsCountExactlyTwenty()
    {
        var ids = new List<int>();
        for (var i = 0; i < 40; i++)
        {
            var id = await s.SubmittedTreatmentAsync(i % 2 == 0 ? TokenScenario.RobertoCpf : TokenScenario.AntoniaCpf);
            await s.GenerateAsync(id, "777777");
            ids.Add(id);
        }
        var staff = await s.StaffAsync();

        var results = await Task.WhenAll(ids.Select(id => Task.Run(() =>
            s.Handler<ValidateTokenHandler>().HandleAsync(new(id, "000000", ValidationChannel.Chair, Guid.NewGuid()), staff))));

        Assert.All(results, r => Assert.True(r.IsOk, string.Join(";", r.Errors)));
        Assert.Equal(20, results.Count(r => r.Value!.Outcome == ValidationOutcome.WrongCode));
        Assert.Equal(20, results.Count(r => r.Value!.Outcome == ValidationOutcome.AccountBlocked));
        await using var db = await s.ContextAsync();
        Assert.Equal(20, await db.TokenAttempts.CountAsync(a => a.UserId == staff.UserId && a.Outcome == AttemptOutcome.Wrong));
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == "alert.account-blocked" && a.SubjectId == staff.UserId));
    }
}

/// <summary>Issue 9 §4: a holder and a dependent who receives through her share one phone and one address: at most 10 of each a day.</summary>
public class TheSendCapsHoldUnderConcurrency(TestDatabase database) : IClassFixture<TestDatabase>
{
    private readonly TokenScenario s = new(database);

    [Fact]
    public async Task ThirtyParallelGeneratesForAFamilySharingOnePhoneWriteAtMostTenSmsAndTenEmails()
    {
        var ids = new List<int>();
        for (var i = 0; i < 30; i++)
            ids.Add(await s.SubmittedTreatmentAsync(i % 2 == 0 ? TokenScenario.MariaCpf : TokenScenario.PedroCard));
        var dentist = await s.DentistAsync();

        var results = await Task.WhenAll(ids.Select(id => Task.Run(() =>
            s.Handler<GenerateTokenHandler>().HandleAsync(new(id, Guid.NewGuid()), dentist))));

        Assert.All(results, r => Assert.True(r.IsOk, string.Join(";", r.Errors)));
        await using var db = await s.ContextAsync();
        var written = await db.Deliveries.Where(d => ids.Contains(d.TreatmentId) && d.Status != DeliveryStatus.Failed).ToListAsync();
        Assert.Equal(10, written.Count(d => d.Channel == DeliveryChannel.Sms));
        Assert.Equal(10, written.Count(d => d.Channel == DeliveryChannel.Email));
        Assert.Single(written.Where(d => d.Channel == DeliveryChannel.Sms).Select(d => d.Destination).Distinct());
        Assert.Equal(40, await db.Deliveries.CountAsync(d => ids.Contains(d.TreatmentId) && d.Status == DeliveryStatus.Failed && d.LastError!.StartsWith("Limite de 10")));
    }
}

/// <summary>Issue 9 §4: the contact-change caps (requests per beneficiary, messages per destination) hold under concurrency.</summary>
public class TheContactChangeCapsHoldUnderConcurrency(TestDatabase database) : IClassFixture<TestDatabase>
{
    private readonly TokenScenario s = new(database);

    [Fact]
    public async Task FifteenParallelRequestsSendAtMostTenCodes()
    {
        var maria = await DemoActors.ForAsync(database.Services, "paciente@demo.local");
        var mariaId = await s.BeneficiaryIdAsync(TokenScenario.MariaCpf);

        var results = await Task.WhenAll(Enumerable.Range(0, 15).Select(i => Task.Run(() =>
            s.Handler<RequestContactChangeHandler>().HandleAsync(
                new(mariaId, DeliveryChannel.Email, $"novo{i}@exemplo.com.br", Guid.NewGuid()), maria))));

        Assert.Equal(10, results.Count(r => r.IsOk));
        Assert.All(results.Where(r => !r.IsOk), r => Assert.Contains("Limite de 10 pedidos", r.Errors[0]));
        await using var db = await s.ContextAsync();
        Assert.Equal(10, await db.ContactChangeRequests.CountAsync(r => r.BeneficiaryId == mariaId));
        Assert.Equal(1, await db.ContactChangeRequests.CountAsync(r => r.BeneficiaryId == mariaId && r.Status == ContactChangeStatus.Pending));
        Assert.Equal(10, await db.DevMessages.CountAsync(m => m.To.StartsWith("novo")));
    }

    [Fact]
    public async Task CodesToOneAddressStopAtTheDailyEmailCap()
    {
        // Ten token e-mails already went to Beatriz's address today: a contact-change code to it (typed for Maria's son) is refused.
        for (var i = 0; i < 10; i++)
            await s.GenerateAsync(await s.SubmittedTreatmentAsync("16180339805"), $"5050{i:D2}");
        await using var db = await s.ContextAsync();
        var beatrizEmail = await db.Beneficiaries.Where(b => b.Cpf == "16180339805").Select(b => b.Email!).SingleAsync();
        var maria = await DemoActors.ForAsync(database.Services, "paciente@demo.local");

        var refused = await s.Handler<RequestContactChangeHandler>().HandleAsync(
            new(await s.BeneficiaryIdAsync(TokenScenario.PedroCard), DeliveryChannel.Email, beatrizEmail, Guid.NewGuid()), maria);

        Assert.False(refused.IsOk);
        Assert.Contains("limite de mensagens de hoje", refused.Errors[0]);
        Assert.False(await db.DevMessages.AnyAsync(m => m.To == beatrizEmail && m.Subject!.Contains("confirme")));
    }
}
