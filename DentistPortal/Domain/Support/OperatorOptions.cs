namespace DentistPortal.Domain.Support;

/// <summary>The operator's identity and support channels, from the "Operator" section of appsettings.json.</summary>
public sealed class OperatorOptions
{
    public const string Section = "Operator";

    public string Name { get; set; } = "";
    /// <summary>Short name that starts every SMS (one 160-character segment leaves little room).</summary>
    public string? SmsName { get; set; }
    public string LegalName { get; set; } = "";
    public string AnsRegistration { get; set; } = "";
    public List<SupportChannel> Channels { get; set; } = [];
    public List<SupportLink> Links { get; set; } = [];

    public SupportChannel? Channel(string key) => Channels.FirstOrDefault(c => c.Key == key);
}

public sealed class SupportChannel
{
    public string Key { get; set; } = "";
    public string Name { get; set; } = "";
    public List<SupportPhone> Phones { get; set; } = [];
    public string HoursText { get; set; } = "";
    /// <summary>Null: open 24 h every day.</summary>
    public ServiceHours? Hours { get; set; }
}

public sealed class SupportPhone
{
    public string Number { get; set; } = "";
    public string Note { get; set; } = "";
}

public sealed class SupportLink
{
    public string Name { get; set; } = "";
    public string Url { get; set; } = "";
}
