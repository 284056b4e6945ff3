namespace DentistPortal.Components.Shared;

/// <summary>
/// Idempotency keys for the actions a component offers (issue 9 §3; see <c>Features/Common/IdempotentAction</c>).
/// <see cref="For"/> gives the key of an action (one per scope, e.g. "generate" or "validate:123456"); after the action
/// produced a result, <see cref="Used"/> marks it, and <see cref="AfterRender"/> (call it from <c>OnAfterRender</c>)
/// replaces it once the browser has acknowledged a render made after that result. Clicks the browser sent before
/// (a double click over a slow connection reaches the server after the first result) still carry the old key, so the
/// handler answers them with the first result and changes nothing.
/// </summary>
public sealed class ActionKeys
{
    private readonly Dictionary<string, Guid> keys = new(StringComparer.Ordinal);
    private readonly HashSet<string> used = new(StringComparer.Ordinal);

    public Guid For(string scope)
    {
        if (!keys.TryGetValue(scope, out var key)) keys[scope] = key = Guid.NewGuid();
        return key;
    }

    /// <summary>The action of <paramref name="scope"/> produced a result: renew its key after the result was shown.</summary>
    public void Used(string scope) => used.Add(scope);

    /// <summary>
    /// Call from <c>OnAfterRender</c>, which Blazor Server runs when the browser acknowledged a render batch. Every render
    /// made while the action ran showed its button disabled, so a click that arrives after this acknowledgement is a new
    /// action; one sent before arrives before it and still finds the old key.
    /// </summary>
    public void AfterRender()
    {
        foreach (var scope in used) keys.Remove(scope);
        used.Clear();
    }
}
