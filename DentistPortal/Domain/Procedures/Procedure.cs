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

/// <summary>What the authorization rules (AR-1) read of a catalogue procedure: the entity and its snapshot alike.</summary>
public interface IProcedureRules
{
    string TussCode { get; }
    string Description { get; }
    ProcedureSite Site { get; }
    bool RequiresFaces { get; }
    int FaceCount { get; }
    bool NeedsReview { get; }
    bool IsActive { get; }
    bool RequiresTooth { get; }
    bool RequiresRegion { get; }
}

/// <summary>
/// An immutable copy of a catalogue procedure, safe to share between every circuit and request (the in-memory catalogue,
/// <c>ProcedureCatalog</c>, holds only these; issue 13, circuit hygiene).
/// </summary>
public sealed record ProcedureSnapshot(string TussCode, string Description, ProcedureSite Site, bool RequiresFaces, int FaceCount,
    bool NeedsReview, bool IsActive) : IProcedureRules
{
    public bool RequiresTooth => Site == ProcedureSite.Tooth;
    public bool RequiresRegion => Site is ProcedureSite.Arch or ProcedureSite.HemiArch or ProcedureSite.Sextant;
}

/// <summary>An item of the procedure catalogue: a real TUSS code (table 22) with what the portal must ask for it.</summary>
public sealed class Procedure : IProcedureRules
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
