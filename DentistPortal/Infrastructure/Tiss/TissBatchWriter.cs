using DentistPortal.Domain.Tiss;

namespace DentistPortal.Infrastructure.Tiss;

/// <summary>Writes one TISS 4.01.00 <c>mensagemTISS</c> batch of dental guides.</summary>
public static class TissBatchWriter
{
    /// <summary>At most 100 guides per <c>loteGuias</c> (<c>ctm_guiaLote/guiasTISS/guiaOdonto maxOccurs="100"</c>).</summary>
    public const int MaxGuidesPerBatch = 100;

    /// <summary>One mensagemTISS file with 1..100 guides; throws <see cref="ArgumentException"/> otherwise.</summary>
    public static TissFile Write(TissBatchHeader header, IReadOnlyList<TissDentalGuide> guides)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(guides);
        if (guides.Count is 0 or > MaxGuidesPerBatch)
            throw new ArgumentException($"A TISS batch holds 1 to {MaxGuidesPerBatch} guides.", nameof(guides));
        throw new NotImplementedException();
    }
}
