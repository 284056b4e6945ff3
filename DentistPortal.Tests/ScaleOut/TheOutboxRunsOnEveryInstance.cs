using DentistPortal.Domain.Messaging;
using DentistPortal.Domain.Tokens;
using DentistPortal.Domain.Webhooks;
using DentistPortal.Features.Tokens;
using DentistPortal.Features.Webhooks;
using DentistPortal.Infrastructure.Messaging;
using DentistPortal.Tests.Infrastructure;
using DentistPortal.Tests.Messaging;
using DentistPortal.Tests.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DentistPortal.Tests.ScaleOut;

/// <summary>
/// Issue 12 ("The outbox dispatcher runs on every instance; a delivery is claimed by exactly one, and a killed instance's
/// claims come back after the lease"): two real instances with their dispatchers running on one PostgreSQL database,
/// counted at a real loopback SMS gateway (WireMock), a real SMTP server and a real webhook receiver; an instance
/// SIGKILLed in the middle of a send loses nothing; and taking back claims never touches a live instance's.
/// </summary>
public sealed class TheOutboxRunsOnEveryInstance : ScaleOutTest
{
    private static async Task Until(Func<Task<bool>> condition, string what) =>
        await PortalProcess.Until(condition, TimeSpan.FromSeconds(60), what);

    [Fact]
    public async Task WithBothDispatchersRunningEachSmsEmailAndWebhookGoesOutExactlyOnce()
    {
        const int tokens = 12;
        using var gateway = FakeSmsGateway.Start();
        gateway.Accepts("gw-ok");
        await using var smtp = await InProcessSmtpServer.StartAsync();
        using var receiver = WebhookReceiver.Start();
        var settings = gateway.Settings(timeoutSeconds: 10).Concat(smtp.Settings())
            .Append(new("Messaging:Dispatcher:BatchSize", "2")).Append(new("Webhooks:BatchSize", "2")) // small passes, so both take part
            .ToDictionary();
        var instances = new[] { Start(settings), Start(settings) };
        var admin = await instances[0].ActorAsync("admin@demo.local", null);
        var clinic = await DemoActors.ClinicIdAsync(db.Services, DemoActors.SaoPauloCnpj);
        var subscribed = await instances[0].Handler<SaveClinicWebhookHandler>().HandleAsync(new(clinic, receiver.Url, Guid.NewGuid()), admin);
        Assert.True(subscribed.IsOk, string.Join("; ", subscribed.Errors));

        var ids = new List<int>();
        for (var i = 0; i < tokens; i++) ids.Add(await Scenario.SubmittedTreatmentAsync());
        var dentist = await Scenario.DentistAsync();
        for (var i = 0; i < tokens; i++)
        {
            db.SharedCodes.Enqueue($"7100{i:D2}");
            var generated = await instances[i % 2].Handler<GenerateTokenHandler>().HandleAsync(new(ids[i], Guid.NewGuid()), dentist);
            Assert.True(generated.IsOk, string.Join("; ", generated.Errors));
        }
        await Until(async () =>
        {
            await using var ctx = await db.ContextAsync();
            return await ctx.Deliveries.CountAsync(d => ids.Contains(d.TreatmentId) && d.Status == DeliveryStatus.Sent) == 2 * tokens;
        }, "every SMS and e-mail to be recorded as sent");
        for (var i = 0; i < tokens; i++)
        {
            var validated = await instances[(i + 1) % 2].Handler<ValidateTokenHandler>().HandleAsync(new(ids[i], $"7100{i:D2}", ValidationChannel.Chair, Guid.NewGuid()), dentist);
            Assert.Equal(ValidationOutcome.Validated, validated.Value!.Outcome);
        }
        await Until(async () =>
        {
            await using var ctx = await db.ContextAsync();
            return await ctx.WebhookDeliveries.CountAsync(w => w.Status == WebhookDeliveryStatus.Delivered) == tokens;
        }, "every webhook event to be recorded as delivered");

        var sms = gateway.Requests;
        Assert.Equal(tokens, sms.Count);
        Assert.Equal(tokens, sms.Select(r => r.Reference).Distinct().Count());
        Assert.Equal(tokens, smtp.Received.Count);
        Assert.Equal(tokens, smtp.Received.Select(m => m.Message.TextBody).Distinct().Count());
        var posts = receiver.Requests;
        Assert.Equal(tokens, posts.Count);
        Assert.Equal(tokens, posts.Select(p => p.EventIdHeader).Distinct().Count());
        Assert.All(posts, p => Assert.Equal("token.validado", p.Type));
        await using var db2 = await db.ContextAsync();
        Assert.All(await db2.Deliveries.Where(d => ids.Contains(d.TreatmentId)).ToListAsync(), d => Assert.Equal((DeliveryStatus.Sent, 1), (d.Status, d.Attempts)));
        Assert.All(await db2.WebhookDeliveries.ToListAsync(), w => Assert.Equal(1, w.Attempts));
    }

    [Fact]
    public async Task AnInstanceKilledInTheMiddleOfASendLosesNothingAndTheOtherSendsItOnce()
    {
        using var gateway = FakeSmsGateway.Start();
        var hold = gateway.Holds();
        var settings = db.InstanceSettings().Concat(gateway.Settings(timeoutSeconds: 30))
            // A lease longer than the test waits: the survivor takes the claims back because the dead instance's liveness
            // lock went with its connection, not because the lease ran out.
            .Append(new("Messaging:Dispatcher:LeaseSeconds", "600")).ToDictionary();
        await using var killed = new PortalProcess(settings);
        await killed.StartAsync();
        var id = await Scenario.SubmittedTreatmentAsync();
        await Scenario.GenerateAsync(id, "640640"); // written by the setup services; the process's dispatcher finds it
        await hold.Arrived.Task.WaitAsync(TimeSpan.FromSeconds(60)); // the gateway has the SMS and has not answered

        await killed.KillAsync();
        hold.Release();
        await using (var ctx = await db.ContextAsync())
        {
            var held = await ctx.Deliveries.AsNoTracking().Where(d => d.TreatmentId == id).ToListAsync();
            Assert.Equal(2, held.Count);
            Assert.All(held, d => Assert.Equal((DeliveryStatus.Pending, 0), (d.Status, d.Attempts)));
            Assert.All(held, d => Assert.NotNull(d.LeaseOwner)); // the dead instance's claims, on the SMS and the e-mail queued behind it
        }

        gateway.Accepts("gw-1");
        Start(gateway.Settings(timeoutSeconds: 30));
        await Until(async () =>
        {
            await using var ctx = await db.ContextAsync();
            return await ctx.Deliveries.CountAsync(d => d.TreatmentId == id && d.Status == DeliveryStatus.Sent) == 2;
        }, "the surviving instance to send what the killed one held");

        var requests = gateway.Requests;
        Assert.Equal(2, requests.Count); // the attempt in flight at the kill and its resend: nothing more
        Assert.Single(requests.Select(r => r.IdempotencyKey).Distinct()); // the gateway sees one message twice, not two messages
        Assert.Single(requests.Select(r => r.Reference).Distinct());
        await using var after = await db.ContextAsync();
        Assert.All(await after.Deliveries.Where(d => d.TreatmentId == id).ToListAsync(), d => Assert.Equal((DeliveryStatus.Sent, 1), (d.Status, d.Attempts)));
        var email = await after.Beneficiaries.Where(b => b.Cpf == TokenScenario.MariaCpf).Select(b => b.Email!).SingleAsync();
        Assert.Equal(1, await after.DevMessages.CountAsync(m => m.To == email)); // the e-mail the dead instance had claimed, sent once
        Assert.Equal(1, await after.Tokens.CountAsync(t => t.TreatmentId == id));
    }

    [Fact]
    public async Task TakingBackDeadClaimsNeverReleasesALiveInstancesClaimEvenUnderTheSameHostNameAndProcessId()
    {
        using var gateway = FakeSmsGateway.Start();
        var hold = gateway.Holds();
        var live = Start(gateway.Settings(timeoutSeconds: 30));
        var id = await Scenario.SubmittedTreatmentAsync();
        await live.Handler<GenerateTokenHandler>().HandleAsync(new(id, Guid.NewGuid()), await Scenario.DentistAsync());
        await hold.Arrived.Task.WaitAsync(TimeSpan.FromSeconds(60));
        string? owner;
        await using (var ctx = await db.ContextAsync())
            owner = (await ctx.Deliveries.SingleAsync(d => d.TreatmentId == id && d.Channel == DeliveryChannel.Sms)).LeaseOwner;
        Assert.NotNull(owner);

        // Another instance starting on a machine with the same host name and the same process id (two containers sharing
        // the host's name, both pid 1) looks exactly like a restart of the live one by machine + pid.
        var lookalike = DeliveryDispatcher.NewOwner();
        Assert.Equal(owner.Split('/')[..2], lookalike.Split('/')[..2]);
        var recovered = await db.Services.GetRequiredService<DeliveryWorker>().RecoverDeadClaimsAsync(lookalike, CancellationToken.None);

        Assert.Equal(0, recovered);
        await using (var ctx = await db.ContextAsync())
            Assert.Equal(owner, (await ctx.Deliveries.SingleAsync(d => d.TreatmentId == id && d.Channel == DeliveryChannel.Sms)).LeaseOwner);
        gateway.Accepts("gw-1");
        hold.Release();
        await Until(async () =>
        {
            await using var ctx = await db.ContextAsync();
            return await ctx.Deliveries.AnyAsync(d => d.TreatmentId == id && d.Channel == DeliveryChannel.Sms && d.Status != DeliveryStatus.Pending);
        }, "the live instance to record its own send");
    }

    [Fact]
    public async Task ADeadInstancesClaimsAreTakenBackAtOnceWhateverMachineItRanOn()
    {
        var id = await Scenario.SubmittedTreatmentAsync();
        await Scenario.GenerateAsync(id, "515151"); // the setup services run no dispatcher: the deliveries wait
        var until = db.Clock.GetUtcNow().AddHours(1);
        await using (var ctx = await db.ContextAsync())
            await ctx.Deliveries.Where(d => d.TreatmentId == id).ExecuteUpdateAsync(s => s
                .SetProperty(d => d.LeaseOwner, "another-host/4711/0123456789abcdef0123456789abcdef")
                .SetProperty(d => d.LeaseUntilUtc, (DateTimeOffset?)until));

        var recovered = await db.Services.GetRequiredService<DeliveryWorker>().RecoverDeadClaimsAsync(DeliveryDispatcher.NewOwner(), CancellationToken.None);

        Assert.Equal(2, recovered);
        await using var after = await db.ContextAsync();
        Assert.All(await after.Deliveries.Where(d => d.TreatmentId == id).ToListAsync(), d => Assert.Equal((null, null), (d.LeaseOwner, d.LeaseUntilUtc)));
    }
}
