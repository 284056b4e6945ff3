using DentistPortal.Domain.Messaging;
using DentistPortal.Infrastructure.Messaging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DentistPortal.Tests.Messaging;

/// <summary>The background dispatcher sends what is due, wakes when a token is generated, gives back its claims when stopped, and can be switched off.</summary>
public class TheDispatcherRunsTheOutbox
{
    private static readonly Dictionary<string, string?> FastPoll = new() { ["Messaging:Dispatcher:PollSeconds"] = "0.05" };

    [Fact]
    public async Task ItSendsWhatIsWaitingAndGivesBackUnsentClaimsWhenStopped()
    {
        var hook = new SmsSendHook();
        await using var host = await MessagingHost.StartAsync(FastPoll, hook.Install);
        var dispatcher = host.Services.GetServices<IHostedService>().OfType<DeliveryDispatcher>().Single();
        Assert.True(dispatcher.Owner.Length <= 64);

        var first = await host.GenerateTokenAsync("100001");
        await dispatcher.StartAsync(CancellationToken.None);
        try
        {
            await WaitUntilAsync(async () => (await host.DeliveriesAsync()).All(d => d.Status == DeliveryStatus.Sent));

            // The next SMS hangs in the provider when the application stops.
            var stuck = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            hook.BeforeSend = async (_, _, ct) =>
            {
                stuck.TrySetResult();
                await Task.Delay(Timeout.Infinite, ct);
            };
            var second = await host.GenerateTokenAsync("100002");
            await stuck.Task.WaitAsync(TimeSpan.FromSeconds(10));
            await dispatcher.StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

            var left = (await host.DeliveriesAsync()).Where(d => d.TreatmentId == second.TreatmentId).ToList();
            Assert.Equal(2, left.Count);
            Assert.All(left, d =>
            {
                Assert.Equal(DeliveryStatus.Pending, d.Status);
                Assert.Null(d.LeaseOwner); // given back: another instance may send them at once
                Assert.Null(d.LeaseUntilUtc);
            });
            Assert.All((await host.DeliveriesAsync()).Where(d => d.TreatmentId == first.TreatmentId), d => Assert.Equal(DeliveryStatus.Sent, d.Status));
        }
        finally
        {
            await dispatcher.StopAsync(CancellationToken.None);
        }
        host.AssertNoCodeInLogs("100001");
        host.AssertNoCodeInLogs("100002");
    }

    [Fact]
    public async Task ASwitchedOffDispatcherSendsNothing()
    {
        var settings = new Dictionary<string, string?>(FastPoll) { ["Messaging:Dispatcher:Enabled"] = "false" };
        await using var host = await MessagingHost.StartAsync(settings);
        var dispatcher = host.Services.GetServices<IHostedService>().OfType<DeliveryDispatcher>().Single();
        await dispatcher.StartAsync(CancellationToken.None);
        try
        {
            await host.GenerateTokenAsync();
            await Task.Delay(300);
            Assert.All(await host.DeliveriesAsync(), d =>
            {
                Assert.Equal(DeliveryStatus.Pending, d.Status);
                Assert.Null(d.LeaseOwner);
            });
        }
        finally
        {
            await dispatcher.StopAsync(CancellationToken.None);
        }
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The dispatcher did not get there in 10 s.");
            await Task.Delay(25);
        }
    }
}
