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
    /// <summary>CBO-S occupation of the dentist (TISS <c>dm_CBOS</c>, e.g. "223208" cirurgião-dentista clínico geral).</summary>
    public string Cbos { get; set; } = DefaultCbos;

    /// <summary>Cirurgião-dentista – clínico geral.</summary>
    public const string DefaultCbos = "223208";

    /// <summary>Changes the CBO-S; answers whether it changed (a second identical save is a no-op).</summary>
    /// <exception cref="ArgumentException">A code that is not a dental CBO-S of <c>dm_CBOS</c>.</exception>
    public bool ChangeCbos(string code)
    {
        if (!Tiss.Cbos.IsDental(code)) throw new ArgumentException("CBO-S fora da família 2232 de dm_CBOS.", nameof(code));
        if (Cbos == code) return false;
        Cbos = code;
        return true;
    }

    public string CroDisplay => $"CRO-{CroUf} {CroNumber}";
}
