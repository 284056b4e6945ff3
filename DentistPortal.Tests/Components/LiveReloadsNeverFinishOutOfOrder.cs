using DentistPortal.Components.Shared;

namespace DentistPortal.Tests.Components;

/// <summary>
/// Live pages (treatment, the Central's active tokens, the Portal do Cliente) reload when a delivery is sent or a token
/// changes. Two loads side by side could finish out of order: a fresh-clone run showed the Central's resent e-mail still
/// "Enviando" after the dispatcher had sent it (the load started before the send finished last). <see cref="SerialReload"/>
/// never runs two loads together, and one that starts after the last request always follows.
/// </summary>
public class LiveReloadsNeverFinishOutOfOrder
{
    [Fact]
    public async Task AReloadAskedWhileALoadRunsFollowsItAndTheScreenKeepsTheNewerAnswer()
    {
        var database = "Enviando";
        var shown = "";
        var running = 0;
        var overlapped = false;
        var firstHeld = new TaskCompletionSource();
        var calls = 0;
        var reload = new SerialReload(async () =>
        {
            overlapped |= Interlocked.Increment(ref running) > 1;
            var read = database; // the read happens when the load starts
            if (++calls == 1) await firstHeld.Task; // the first load is slow (a loaded machine)
            shown = read;
            Interlocked.Decrement(ref running);
        });

        var first = reload.RunAsync();   // the page asks for its data
        database = "Enviado";             // the dispatcher sends the e-mail...
        var second = reload.RunAsync();  // ...and its live update asks for a reload while the first still runs
        firstHeld.SetResult();
        await Task.WhenAll(first, second);

        Assert.False(overlapped);
        Assert.Equal(2, calls);
        Assert.Equal("Enviado", shown);
    }

    [Fact]
    public async Task ManyRequestsDuringOneLoadCostOneMoreLoadNotOneEach()
    {
        var calls = 0;
        var held = new TaskCompletionSource();
        var redraws = 0;
        var reload = new SerialReload(async () => { if (++calls == 1) await held.Task; }, () => redraws++);

        var first = reload.RunAsync();
        var more = Enumerable.Range(0, 5).Select(_ => reload.RunAsync()).ToList();
        held.SetResult();
        await Task.WhenAll(more.Append(first));

        Assert.Equal(2, calls);
        Assert.Equal(1, redraws); // the first answer is drawn before the second load
        await reload.RunAsync(); // idle again: a new request loads at once
        Assert.Equal(3, calls);
    }
}
