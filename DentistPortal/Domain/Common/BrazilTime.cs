namespace DentistPortal.Domain.Common;

/// <summary>Everything is stored in UTC and shown in Brasília time (TR-13).</summary>
public static class BrazilTime
{
    public const string TimeZoneId = "America/Sao_Paulo";

    public static TimeZoneInfo Zone { get; } = TimeZoneInfo.FindSystemTimeZoneById(TimeZoneId);

    public static DateTimeOffset ToLocal(DateTimeOffset utc) => TimeZoneInfo.ConvertTime(utc, Zone);

    public static DateOnly Today(DateTimeOffset utcNow) => DateOnly.FromDateTime(ToLocal(utcNow).DateTime);
}
