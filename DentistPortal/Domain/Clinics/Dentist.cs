namespace DentistPortal.Domain.Clinics;

/// <summary>Professional data of a dentist's user account (CRO + UF, CPF).</summary>
public sealed class Dentist
{
    public int Id { get; set; }
    public required string UserId { get; set; }
    public required string FullName { get; set; }
    public required string Cpf { get; set; }
    public required string CroNumber { get; set; }
    public required string CroUf { get; set; }

    public string CroDisplay => $"CRO-{CroUf} {CroNumber}";
}
