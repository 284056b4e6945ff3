using QRCoder;

namespace DentistPortal.Infrastructure.Pdf;

/// <summary>The same QR code the PDF draws, as inline SVG for the print page.</summary>
public static class QrSvg
{
    public static string Render(string payload)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(payload, QRCodeGenerator.ECCLevel.M);
        return new SvgQRCode(data).GetGraphic(3);
    }
}
