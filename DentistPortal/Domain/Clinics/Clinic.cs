namespace DentistPortal.Domain.Clinics;

/// <summary>A credentialed clinic of the network.</summary>
public sealed class Clinic
{
    public int Id { get; set; }
    public required string Name { get; set; }
    /// <summary>14 digits, check digits validated on the way in.</summary>
    public required string Cnpj { get; set; }
    /// <summary>CNES (7 digits), printed on the GTO.</summary>
    public string? Cnes { get; set; }
    public required string City { get; set; }
    public required string Uf { get; set; }
    public string? Address { get; set; }
    /// <summary>The clinic's code at the operator (TISS <c>codigoPrestadorNaOperadora</c>, st_texto14); the TISS header
    /// names the clinic by it, or by its CNPJ when it has none (issue 11).</summary>
    public string? CodeAtOperator { get; set; }

    /// <summary>A code at the operator as the back office accepts it: 1 to 14 letters or digits (st_texto14), no spaces.</summary>
    public static bool IsValidCodeAtOperator(string? code) =>
        code is { Length: >= 1 and <= 14 } && code.All(char.IsAsciiLetterOrDigit);
    public bool IsActive { get; set; } = true;

    public List<ClinicMember> Members { get; set; } = [];
}

public enum ClinicMemberKind
{
    Dentist = 1,
    Staff = 2,
    /// <summary>The integration user of an API credential (issue 11): acts as the clinic's software, never signs in to pages.</summary>
    Integration = 3,
}

/// <summary>Links a user account (dentist or receptionist) to a clinic it works at.</summary>
public sealed class ClinicMember
{
    public int Id { get; set; }
    public int ClinicId { get; set; }
    public Clinic? Clinic { get; set; }
    public required string UserId { get; set; }
    public ClinicMemberKind Kind { get; set; }
}
