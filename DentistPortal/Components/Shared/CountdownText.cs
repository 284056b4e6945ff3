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

    /// <summary>
    /// How long until <see cref="Format(DateTimeOffset, DateTimeOffset)"/> gives another text: the text only changes
    /// when the time left crosses a whole minute (hours and minutes, minutes, the last minute, the end), so a live
    /// countdown redraws at most once a minute. Null once ended (the text no longer changes).
    /// </summary>
    public static TimeSpan? NextChange(DateTimeOffset until, DateTimeOffset now)
    {
        var left = until - now;
        if (left <= TimeSpan.Zero) return null;
        var intoMinute = TimeSpan.FromTicks(left.Ticks % TimeSpan.TicksPerMinute);
        // Just past the boundary (1 ms), so the redraw already reads the next minute's text.
        return intoMinute + TimeSpan.FromMilliseconds(1);
    }

    /// <summary>The steps a screen reader hears while a countdown runs (issue 14, "Keyboard only": countdowns announced without
    /// chattering every second): from one hour left, at 60, 30, 15, 10, 5, 2 and 1 minute, then "expirado"; nothing above one hour.</summary>
    public static readonly int[] AnnouncedMinutes = [60, 30, 15, 10, 5, 2, 1];

    /// <summary>
    /// The last step reached, e.g. "faltam menos de 5 min" from 5 min left until 2 min; <c>null</c> while more than one hour
    /// is left. The text only changes at a step, so a live region holding it speaks a few times per hour at most.
    /// </summary>
    public static string? Milestone(DateTimeOffset until, DateTimeOffset now)
    {
        var left = until - now;
        if (left <= TimeSpan.Zero) return Ended;
        string? step = null;
        foreach (var m in AnnouncedMinutes)
            if (left <= TimeSpan.FromMinutes(m)) step = $"faltam menos de {m} min";
        return step;
    }
}
