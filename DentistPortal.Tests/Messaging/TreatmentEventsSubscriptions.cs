using DentistPortal.Infrastructure.Messaging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DentistPortal.Tests.Messaging;

/// <summary>
/// Issue 13 (circuit hygiene): the in-process subscriber lists of <see cref="TreatmentEvents"/> go away with their last
/// subscriber, also under concurrent subscribe/unsubscribe, and a live subscriber is never lost in that race.
/// </summary>
public class TreatmentEventsSubscriptions
{
    private static TreatmentEvents NewEvents() => new(NullLogger<TreatmentEvents>.Instance);

    [Fact]
    public void TheLastSubscriberLeavingRemovesTheTreatmentsEntry()
    {
        var events = NewEvents();
        var first = events.Subscribe(7, _ => Task.CompletedTask);
        var second = events.Subscribe(7, _ => Task.CompletedTask);
        using var other = events.Subscribe(8, _ => Task.CompletedTask);
        Assert.Equal(2, events.WatchedTreatments);

        first.Dispose();
        Assert.Equal(2, events.WatchedTreatments); // one subscriber of 7 left
        second.Dispose();
        second.Dispose(); // twice is harmless
        Assert.Equal(1, events.WatchedTreatments);
    }

    [Fact]
    public async Task ConcurrentSubscribersComingAndGoingLeaveNoEntryAndNeverLoseALiveOne()
    {
        var events = NewEvents();
        var heard = 0;
        using (events.Subscribe(1, _ => { Interlocked.Increment(ref heard); return Task.CompletedTask; }))
        {
            await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
            {
                for (var i = 0; i < 2_000; i++)
                {
                    events.Subscribe(1, _ => Task.CompletedTask).Dispose();
                    events.Subscribe(2 + i % 3, _ => Task.CompletedTask).Dispose();
                }
            })));
            Assert.Equal(1, events.WatchedTreatments);
            events.Publish(new TreatmentChanged(1, "token"));
            Assert.Equal(1, heard);
        }
        Assert.Equal(0, events.WatchedTreatments);

        // A subscriber racing the removal of an emptied entry still hears the next change.
        for (var i = 0; i < 500; i++)
        {
            var gone = events.Subscribe(9, _ => Task.CompletedTask);
            var told = 0;
            var subscribing = Task.Run(() => events.Subscribe(9, _ => { Interlocked.Increment(ref told); return Task.CompletedTask; }));
            gone.Dispose();
            using var live = await subscribing;
            events.Publish(new TreatmentChanged(9, "token"));
            Assert.Equal(1, told);
        }
    }

    [Fact]
    public void AFailingSubscriberDoesNotKeepTheOthersFromHearing()
    {
        var events = NewEvents();
        var heard = new List<string>();
        using var failing = events.Subscribe(3, _ => throw new InvalidOperationException("boom"));
        using var fine = events.Subscribe(3, c => { heard.Add(c.What); return Task.CompletedTask; });
        events.Publish(new TreatmentChanged(3, "delivery"));
        Assert.Equal(["delivery"], heard);
    }

    [Fact]
    public void EverySubscriberIsToldToReloadAfterAReconnection()
    {
        var events = NewEvents();
        var heard = new List<TreatmentChanged>();
        using var a = events.Subscribe(4, c => { heard.Add(c); return Task.CompletedTask; });
        using var b = events.Subscribe(5, c => { heard.Add(c); return Task.CompletedTask; });
        events.PublishToAll(TreatmentChanged.Reconnected);
        Assert.Equal([new TreatmentChanged(4, "reconnected"), new TreatmentChanged(5, "reconnected")], heard.OrderBy(c => c.TreatmentId));
    }
}
