namespace DentistPortal.Components.Shared;

/// <summary>
/// Runs a component's load so that two loads never run side by side and the last one always starts after the last
/// request. Live updates (a delivery sent, a token validated or revoked) and the component's own actions ask for a
/// reload at any time; two loads running together could finish out of order and leave the older answer on screen
/// with no later update to fix it (the Central's resent e-mail stayed "Enviando" after it was sent). A request that
/// arrives while a load runs makes one more load follow it (the running one may have read before the change).
/// </summary>
/// <param name="load">The component's load (reads through its handlers; sets the component's fields).</param>
/// <param name="betweenLoads">Called after a load when another follows (e.g. StateHasChanged, so each answer is drawn).</param>
public sealed class SerialReload(Func<Task> load, Action? betweenLoads = null)
{
    private Task? running;
    private bool again;

    /// <summary>Starts a load, or asks the running one to be followed by another; the task ends when the screen's data is current.</summary>
    public Task RunAsync()
    {
        if (running is { IsCompleted: false })
        {
            again = true;
            return running;
        }
        // (A load may complete synchronously on SQLite: "running" is the task's state, never a field reset inside it.)
        running = LoopAsync();
        return running;
    }

    private async Task LoopAsync()
    {
        do
        {
            again = false;
            await load();
            if (again) betweenLoads?.Invoke();
        }
        while (again);
    }
}
