using System.Collections.Concurrent;

namespace DentistPortal.Infrastructure.Identity;

/// <summary>
/// The open pages (Blazor circuits) of this process, by signed-in account, so an account that may no longer use the portal
/// leaves every open page at once (issue 9 §5) instead of at the page's next revalidation, up to a minute later. An outside
/// tester disabled a dentist and, for that minute, the dentist's open treatment page answered "Tratamento não encontrado"
/// to every action.
/// <list type="bullet">
/// <item>Each circuit registers its user (<c>IdentityRevalidatingAuthenticationStateProvider</c>) and leaves the registry when it ends.</item>
/// <item><see cref="End"/> is called by the back office right after it disables an account, and by
/// <c>AccessCheck</c> whenever an action of a signed-in actor finds the account disabled or gone: that also ends the
/// pages on another instance (PostgreSQL) at the first action tried there.</item>
/// </list>
/// Holds no personal data: account ids and callbacks only. Thread-safe; a callback runs at most once. A page registering in
/// the very instant its account is ended may be missed: its revalidation still ends it within the interval.
/// </summary>
public sealed class OpenSessions(ILogger<OpenSessions> logger)
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<object, Action>> byUser = new(StringComparer.Ordinal);

    /// <summary>How many accounts have at least one open page in this process.</summary>
    public int Accounts => byUser.Count;

    /// <summary>Calls <paramref name="end"/> (once) when <see cref="End"/> is called for <paramref name="userId"/>, until the result is disposed.</summary>
    public IDisposable Register(string userId, Action end)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        ArgumentNullException.ThrowIfNull(end);
        var key = new object();
        var pages = byUser.GetOrAdd(userId, _ => new ConcurrentDictionary<object, Action>());
        pages[key] = end;
        return new DisposeOnce(() =>
        {
            pages.TryRemove(key, out _);
            // The last page of the account left: drop its entry (a new Register after this adds a fresh one).
            if (pages.IsEmpty) byUser.TryRemove(new KeyValuePair<string, ConcurrentDictionary<object, Action>>(userId, pages));
        });
    }

    /// <summary>Ends every open page of the account in this process: each becomes anonymous and leaves for the login. Never throws.</summary>
    public void End(string userId)
    {
        if (!byUser.TryRemove(userId, out var pages)) return;
        foreach (var key in pages.Keys)
        {
            if (!pages.TryRemove(key, out var end)) continue;
            try { end(); }
            catch (Exception ex) { logger.LogWarning(ex, "Ending an open page of account {UserId} failed.", userId); }
        }
    }
}
