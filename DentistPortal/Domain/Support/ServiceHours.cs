using DentistPortal.Domain.Calendar;
using DentistPortal.Domain.Common;

namespace DentistPortal.Domain.Support;

/// <summary>Opening hours of a support channel in Brasília time; null hours mean 24 h every day.</summary>
public sealed class ServiceHours
{
    public List<DayOfWeek> Days { get; set; } = [];
    public TimeOnly Opens { get; set; }
    public TimeOnly Closes { get; set; }
    public bool ClosedOnNationalHolidays { get; set; } = true;

    public ServiceStatus StatusAt(DateTimeOffset utcNow)
    {
        var local = BrazilTime.ToLocal(utcNow);
        var date = DateOnly.FromDateTime(local.DateTime);
        var time = TimeOnly.FromDateTime(local.DateTime);
        if (ClosedOnNationalHolidays && BrazilianHolidays.Find(date) is { } holiday)
            return new ServiceStatus(false, $"Fechada hoje: feriado nacional ({holiday.Name}).");
        if (!Days.Contains(local.DayOfWeek))
            return new ServiceStatus(false, "Fechada agora: atendimento apenas em dias úteis.");
        if (time < Opens)
            return new ServiceStatus(false, $"Fechada agora: abre às {Opens:HH\\:mm}.");
        if (time >= Closes)
            return new ServiceStatus(false, $"Fechada agora: atendimento até as {Closes:HH\\:mm}.");
        return new ServiceStatus(true, $"Aberta agora, até as {Closes:HH\\:mm}.");
    }
}

public sealed record ServiceStatus(bool IsOpen, string Text);
