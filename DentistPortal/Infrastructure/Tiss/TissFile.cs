namespace DentistPortal.Infrastructure.Tiss;

/// <summary>A file the TISS export hands out: a single <c>mensagemTISS</c> (.xml) or a zip of several.</summary>
/// <param name="FileName">Name following the TISS convention (see <see cref="TissBatchWriter"/>) or "lote-tiss-…zip".</param>
/// <param name="ContentType">"application/xml" or "application/zip".</param>
/// <param name="Content">The bytes (ISO-8859-1 for XML).</param>
public sealed record TissFile(string FileName, string ContentType, byte[] Content);
