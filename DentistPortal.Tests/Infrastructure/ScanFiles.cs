using PdfSharp.Drawing;
using PdfSharp.Pdf;
using SkiaSharp;

namespace DentistPortal.Tests.Infrastructure;

/// <summary>Real documents made in the test (a PDFsharp page, Skia-encoded images) and broken ones, for the scan checks.</summary>
public static class ScanFiles
{
    /// <summary>A one-page A4 PDF with a drawn box (no font needed).</summary>
    public static byte[] Pdf(int pages = 1)
    {
        using var document = new PdfDocument();
        for (var i = 0; i < pages; i++)
        {
            var page = document.AddPage();
            using var gfx = XGraphics.FromPdfPage(page);
            gfx.DrawRectangle(XPens.Black, 40, 40, 300, 120);
        }
        using var ms = new MemoryStream();
        document.Save(ms, false);
        return ms.ToArray();
    }

    public static byte[] Png(int width = 850, int height = 1100) => Image(SKEncodedImageFormat.Png, width, height);

    public static byte[] Jpeg(int width = 850, int height = 1100) => Image(SKEncodedImageFormat.Jpeg, width, height);

    /// <summary>The first half of a real PNG: the header promises rows the file does not have.</summary>
    public static byte[] TruncatedPng() => Png()[..(Png().Length / 2)];

    /// <summary>A PNG signature followed by bytes that are no PNG at all.</summary>
    public static byte[] GarbagePng() => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. Enumerable.Range(0, 4000).Select(i => (byte)(i * 37 % 251))];

    /// <summary>The five bytes of issue 9 §1: "%PDF-" and nothing else.</summary>
    public static byte[] PdfHeaderOnly() => "%PDF-"u8.ToArray();

    private static byte[] Image(SKEncodedImageFormat format, int width, int height)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.White);
            using var ink = new SKPaint { Color = SKColors.Black, StrokeWidth = 3, IsStroke = true };
            // Noise-like strokes so the encoded file is not trivially small (a scan has texture).
            for (var i = 0; i < 60; i++) canvas.DrawLine(i * 13 % width, i * 29 % height, (i * 71) % width, (i * 43) % height, ink);
        }
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, 90);
        return data.ToArray();
    }
}
