namespace DentistPortal.Domain.Procedures;

/// <summary>Where a procedure is performed: nowhere specific, a tooth (FDI), or a region of the mouth.</summary>
public enum ProcedureSite
{
    None = 0,
    Tooth = 1,
    Arch = 2,
    HemiArch = 3,
    Sextant = 4,
    Mouth = 5,
}

/// <summary>An item of the procedure catalogue: a real TUSS code (table 22) with what the portal must ask for it.</summary>
public sealed class Procedure
{
    /// <summary>8-digit TUSS code, the catalogue key.</summary>
    public required string TussCode { get; set; }
    public required string Description { get; set; }
    public ProcedureSite Site { get; set; }
    public bool RequiresFaces { get; set; }
    /// <summary>For restorations billed by number of faces: exactly this many faces.</summary>
    public int FaceCount { get; set; }
    /// <summary>Sent to the operator's dental auditor (<c>UnderReview</c>) instead of being decided automatically.</summary>
    public bool NeedsReview { get; set; }
    public bool IsActive { get; set; } = true;

    public bool RequiresTooth => Site == ProcedureSite.Tooth;
    public bool RequiresRegion => Site is ProcedureSite.Arch or ProcedureSite.HemiArch or ProcedureSite.Sextant;
}
