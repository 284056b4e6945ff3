using DentistPortal.Domain.Webhooks;
using DentistPortal.Tests.Infrastructure;

namespace DentistPortal.Tests.Webhooks;

/// <summary>
/// Issue 11 (webhooks) for issue 12's several instances: two workers claiming the same outbox at once (small batches, a
/// slow receiver so their passes overlap) post every event exactly once.
/// </summary>
public sealed class TwoDispatchersSendEachEventOnce : WebhookTest
{
    [Fact]
    public async Task EachRowIsPostedByExactlyOneOfThem()
    {
        await db.SubscribeAsync(DemoActors.SaoPauloCnpj, receiver.Url);
        // Five tokens on each of two treatments: every new one supersedes the previous (8 events).
        for (var treatment = 0; treatment < 2; treatment++)
        {
            var t = await db.Scenario.SubmittedTreatmentAsync();
            for (var i = 0; i < 5; i++) await db.Scenario.GenerateAsync(t, $"{treatment + 1}{i + 1}4271");
        }
        var rows = await db.RowsAsync();
        Assert.Equal(8, rows.Count);
        receiver.Answers(_ => 200, after: TimeSpan.FromMilliseconds(50));

        var a = Task.Run(() => db.DrainAsync("instance-a"));
        var b = Task.Run(() => db.DrainAsync("instance-b"));
        await Task.WhenAll(a, b);

        var posts = receiver.Requests;
        Assert.Equal(rows.Select(r => r.EventId).Order(StringComparer.Ordinal), posts.Select(p => p.Id).Order(StringComparer.Ordinal));
        Assert.All(await db.RowsAsync(), r => Assert.Equal((WebhookDeliveryStatus.Delivered, 1), (r.Status, r.Attempts)));
    }
}
