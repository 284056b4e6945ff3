namespace DentistPortal.Domain.Access;

/// <summary>The six roles of SPEC §1 (ASP.NET Core Identity role names).</summary>
public static class Roles
{
    public const string Dentist = "Dentist";
    public const string ClinicStaff = "ClinicStaff";
    public const string CallCenterAgent = "CallCenterAgent";
    public const string Auditor = "Auditor";
    public const string Admin = "Admin";
    public const string Beneficiary = "Beneficiary";

    public const string ClinicRoles = Dentist + "," + ClinicStaff;

    public static readonly IReadOnlyList<string> All = [Dentist, ClinicStaff, CallCenterAgent, Auditor, Admin, Beneficiary];

    public static string DisplayName(string role) => role switch
    {
        Dentist => "Dentista",
        ClinicStaff => "Recepção da clínica",
        CallCenterAgent => "Central de Atendimento",
        Auditor => "Auditoria odontológica",
        Admin => "Administração",
        Beneficiary => "Beneficiário",
        _ => role,
    };

    /// <summary>Roles that work inside one clinic and must have chosen it.</summary>
    public static bool IsClinicRole(string role) => role is Dentist or ClinicStaff;
}
