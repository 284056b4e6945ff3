using DentistPortal.Domain.Contingency;
using System.Runtime.InteropServices;
using PdfSharp.Pdf.IO;
using SkiaSharp;

namespace DentistPortal.Infrastructure.Storage;

/// <summary>What reading a scan found: a readable document, or why it is not one.</summary>
public enum ScanVerdict
{
    Readable,
    Empty,
    TooLarge,
    UnknownFormat,
    /// <summary>Starts like a PDF but PDFsharp cannot open it (truncated, damaged, a bare header).</summary>
    UnreadablePdf,
    PasswordProtectedPdf,
    PdfWithoutPages,
    /// <summary>Starts like a JPEG/PNG but does not decode to the end.</summary>
    UndecodableImage,
    ImageTooSmall,
    ImageTooLarge,
}

/// <param name="Pages">PDF pages (1 for an image).</param>
public sealed record ScanInspection(ScanVerdict Verdict, string? ContentType = null, string? Extension = null, int Pages = 0, int Width = 0, int Height = 0)
{
    public bool IsReadable => Verdict == ScanVerdict.Readable;
}

/// <summary>
/// A scan must be a real, readable document (issue 9 §1): a PDF that PDFsharp opens with at least one page, or a JPEG/PNG
/// that Skia decodes to its last row with sensible dimensions. Recognised by content, never by name.
/// </summary>
public interface IScanInspector
{
    ScanInspection Inspect(ReadOnlyMemory<byte> content);

    /// <summary>Inspects a seekable stream (an upload staged to a file) without reading it whole into memory.</summary>
    ScanInspection Inspect(Stream content);
}

public sealed class ScanInspector : IScanInspector
{
    /// <summary>A4 at 36 dpi is about 300 × 420: below 300 px a side nobody can read a signature.</summary>
    public const int MinSide = 300;
    /// <summary>A4 at 1,200 dpi is about 9,900 × 14,000; past 12,000 px a side the file is not a scan of a guide.</summary>
    public const int MaxSide = 12_000;

    /// <summary>An image that must be decoded whole (interlaced PNG) may take at most this much memory.</summary>
    private const long MaxWholeDecodeBytes = 256L * 1024 * 1024;

    public ScanInspection Inspect(ReadOnlyMemory<byte> content)
    {
        using var stream = new MemoryStream(content.ToArray(), writable: false);
        return Inspect(stream);
    }

    public ScanInspection Inspect(Stream content)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (!content.CanSeek) throw new ArgumentException("The scan must be staged to a seekable stream first.", nameof(content));
        var length = content.Length;
        if (length == 0) return new(ScanVerdict.Empty);
        if (length > ScanFormat.MaxBytes) return new(ScanVerdict.TooLarge);
        Span<byte> head = stackalloc byte[16];
        content.Position = 0;
        var got = content.ReadAtLeast(head, (int)Math.Min(16, length), throwOnEndOfStream: false);
        content.Position = 0;
        if (ScanFormat.Detect(head[..got]) is not { } format) return new(ScanVerdict.UnknownFormat);
        return format.ContentType == "application/pdf"
            ? InspectPdf(content, format)
            : InspectImage(content, format);
    }

    private static ScanInspection InspectPdf(Stream content, (string ContentType, string Extension) format)
    {
        try
        {
            using var document = PdfReader.Open(content, PdfDocumentOpenMode.Import);
            return document.PageCount < 1
                ? new(ScanVerdict.PdfWithoutPages)
                : new(ScanVerdict.Readable, format.ContentType, format.Extension, document.PageCount);
        }
        catch (PdfReaderException ex) when (ex.Message.Contains("password", StringComparison.OrdinalIgnoreCase))
        {
            return new(ScanVerdict.PasswordProtectedPdf);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Whatever PDFsharp throws on a damaged file means the same to the clinic: it cannot be read.
            return new(ScanVerdict.UnreadablePdf);
        }
    }

    private static ScanInspection InspectImage(Stream content, (string ContentType, string Extension) format)
    {
        // A file stream is mapped by path (Skia reads what it needs); anything else is copied once (≤ 10 MB, checked above).
        using var data = content is FileStream file ? SKData.Create(file.Name) : SKData.Create(content);
        if (data is null) return new(ScanVerdict.UndecodableImage);
        using var codec = SKCodec.Create(data);
        if (codec is null) return new(ScanVerdict.UndecodableImage);
        var (width, height) = (codec.Info.Width, codec.Info.Height);
        if (width > MaxSide || height > MaxSide) return new(ScanVerdict.ImageTooLarge, Width: width, Height: height);
        if (width < MinSide || height < MinSide) return new(ScanVerdict.ImageTooSmall, Width: width, Height: height);
        return DecodesToTheEnd(codec)
            ? new(ScanVerdict.Readable, format.ContentType, format.Extension, 1, width, height)
            : new(ScanVerdict.UndecodableImage, Width: width, Height: height);
    }

    /// <summary>
    /// Decodes every row. Row by row when the codec can (memory stays one row wide); interlaced PNGs, which cannot, are
    /// decoded whole. A truncated or damaged file stops short and is refused (Skia would otherwise fill the rest).
    /// </summary>
    private static bool DecodesToTheEnd(SKCodec codec)
    {
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        if (codec.StartScanlineDecode(info) == SKCodecResult.Success)
        {
            var row = Marshal.AllocHGlobal(info.RowBytes);
            try
            {
                for (var y = 0; y < info.Height; y++)
                {
                    if (codec.GetScanlines(row, 1, info.RowBytes) != 1) return false;
                }
            }
            finally
            {
                Marshal.FreeHGlobal(row);
            }

            return true;
        }

        if (info.BytesSize64 > MaxWholeDecodeBytes) return false;
        var pixels = new byte[info.BytesSize64];
        return codec.GetPixels(info, pixels) == SKCodecResult.Success;
    }
}
