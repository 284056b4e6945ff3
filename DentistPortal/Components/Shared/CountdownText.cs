namespace DentistPortal.Components.Shared;

/// <summary>
/// The one way the screens say how long a token has left (issue 9 "one countdown"): "faltam 47h59" from one hour up,
/// "faltam 12 min" below, "faltam menos de 1 min" in the last minute, "expirado" at or after the end.
/// </summary>
public static class CountdownText
{
    public const string Ended = "expirado";

    public static string Format(DateTimeOffset until, DateTimeOffset now) => Format(until - now);

    public static string Format(TimeSpan left)
    {
        if (left <= TimeSpan.Zero) return Ended;
        if (left >= TimeSpan.FromHours(1)) return $"faltam {(int)left.TotalHours}h{left.Minutes:D2}";
        if (left >= TimeSpan.FromMinutes(1)) return $"faltam {(int)left.TotalMinutes} min";
        return "faltam menos de 1 min";
    }
}
