using System.Collections.Concurrent;
using PdfSharp.Fonts;

namespace DentistPortal.Infrastructure.Pdf;

/// <summary>
/// PDFsharp's font source: DejaVu Sans (regular and bold) embedded in this assembly (Infrastructure/Pdf/Fonts, see the
/// LICENSE beside them), so guides print the same on a server without any system font and never read a file.
/// Every family name resolves to DejaVu Sans: a missing font must never stop a guide from printing.
/// </summary>
internal sealed class EmbeddedFontResolver : IFontResolver
{
    public const string FamilyName = "DejaVu Sans";
    private const string RegularFace = "DejaVuSans";
    private const string BoldFace = "DejaVuSans-Bold";
    private const string ResourcePrefix = "DentistPortal.Pdf.Fonts.";

    public static readonly EmbeddedFontResolver Instance = new();

    private static readonly Lock Gate = new();
    private static volatile bool installed;

    private readonly ConcurrentDictionary<string, byte[]?> faces = new(StringComparer.Ordinal);

    private EmbeddedFontResolver()
    {
    }

    /// <summary>
    /// Installs the resolver once per process (PDFsharp's setting is global). Thread-safe and idempotent; if another
    /// component already installed its own resolver, ours becomes the fallback instead of failing.
    /// </summary>
    public static void EnsureInstalled()
    {
        if (installed)
        {
            return;
        }

        lock (Gate)
        {
            if (installed)
            {
                return;
            }

            try
            {
                var current = GlobalFontSettings.FontResolver;
                if (current is null)
                {
                    GlobalFontSettings.FontResolver = Instance;
                }
                else if (!ReferenceEquals(current, Instance) && GlobalFontSettings.FallbackFontResolver is null)
                {
                    GlobalFontSettings.FallbackFontResolver = Instance;
                }
            }
            catch (InvalidOperationException)
            {
                // PDFsharp refuses a change after its first font operation: whatever is installed stays in charge.
            }

            installed = true;
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        // Only upright faces are shipped: italic is simulated by PDFsharp.
        new(bold ? BoldFace : RegularFace, mustSimulateBold: false, mustSimulateItalic: italic);

    public byte[]? GetFont(string faceName) => faces.GetOrAdd(faceName, static name =>
    {
        using var stream = typeof(EmbeddedFontResolver).Assembly.GetManifestResourceStream(ResourcePrefix + name + ".ttf");
        if (stream is null)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    });
}
