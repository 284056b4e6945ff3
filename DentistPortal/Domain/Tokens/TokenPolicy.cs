namespace DentistPortal.Domain.Tokens;

/// <summary>The lifetime and the hard caps of TR-5 and TR-7 (configured in "Tokens").</summary>
public sealed class TokenPolicy
{
    public const string Section = "Tokens";

    public int LifetimeHours { get; set; } = 48;
    /// <summary>Optional finer lifetime for trying expiry by hand (minutes wins over hours when set).</summary>
    public int? LifetimeMinutes { get; set; }
    public int MaxWrongCodesPerToken { get; set; } = 5;
    public int MaxWrongCodesPerTreatment { get; set; } = 10;
    public int MaxWrongCodesPerUserPer24Hours { get; set; } = 20;
    public int MaxTokensPerTreatmentPer48Hours { get; set; } = 5;
    /// <summary>SMS to one mobile number in 24 h, whoever they are for (TR-7; issue 9 §4).</summary>
    public int MaxSmsPerBeneficiaryPerDay { get; set; } = 10;
    /// <summary>E-mails to one address in 24 h, whoever they are for (issue 9 §2 and §4).</summary>
    public int MaxEmailsPerAddressPerDay { get; set; } = 10;

    public TimeSpan Lifetime => LifetimeMinutes is { } m ? TimeSpan.FromMinutes(m) : TimeSpan.FromHours(LifetimeHours);
}
