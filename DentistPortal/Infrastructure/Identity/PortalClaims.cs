namespace DentistPortal.Infrastructure.Identity;

public static class PortalClaims
{
    /// <summary>The clinic a dentist or receptionist chose to work at for this session.</summary>
    public const string ClinicId = "dp:clinic";
    public const string FullName = "dp:name";
}
