using System.Globalization;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using QRCoder;

namespace DentistPortal.Infrastructure.Pdf;

/// <summary>
/// Prints a <see cref="GuideDocument"/> as an A4 portrait GTO (pt-BR) with PDFsharp: header with the operator, guide
/// number and a QR code, labelled boxes for beneficiary, dentist and clinic, the procedures table of authorized
/// procedures only (header repeated on every page, a date and a signature cell per row), the list of procedures that
/// are not signable (denied, under review: no cells), and the dentist's signature. There is no general beneficiary
/// signature that could stand for every row (issue 9 §1). Pure: no database, no file outside this assembly
/// (the font is embedded), so the blank contingency guide prints with the database down.
/// </summary>
public sealed class GuidePdfRenderer : IGuidePdfRenderer
{
    public const string Title = "GUIA DE TRATAMENTO ODONTOLÓGICO – GTO";
    public const string BlankTitleSuffix = "(em branco – contingência)";

    private const double Mm = 72 / 25.4;
    private const double PageWidth = 210 * Mm;
    private const double PageHeight = 297 * Mm;
    private const double Margin = 10 * Mm;
    private const double ContentWidth = PageWidth - (2 * Margin);
    private const double Right = Margin + ContentWidth;
    /// <summary>Lowest point of the content; below it only the page number strip.</summary>
    private const double ContentBottom = PageHeight - Margin - 12;
    private const double RowHeight = 12 * Mm;
    private const double TableHeaderHeight = 22;
    private const double FieldHeight = 24;
    private const double SectionBarHeight = 12;
    private const double FooterHeight = 96;
    private const double QrSize = 84;
    private const int BlankRowCount = 12;

    private static readonly (string Title, double Share)[] Columns =
    [
        ("Tabela", 30), ("Código TUSS", 46), ("Descrição", 142), ("Dente/Região", 57), ("Faces", 32), ("Qtd.", 24),
        ("Autorizado", 46), ("Data de realização", 62), ("Assinatura do beneficiário", 99),
    ];

    private static readonly double[] ColumnWidths = ScaleColumns();

    private static readonly XPen ThinPen = new(XColors.Black, 0.5);
    private static readonly XPen RulePen = new(XColors.Black, 0.9);
    private static readonly XPen WriteInPen = new(XColor.FromArgb(90, 90, 90), 0.6);
    private static readonly XBrush Ink = XBrushes.Black;
    private static readonly XBrush LabelInk = new XSolidBrush(XColor.FromArgb(70, 70, 70));
    private static readonly XBrush Shade = new XSolidBrush(XColor.FromArgb(232, 232, 232));

    public GuidePdfRenderer() => EmbeddedFontResolver.EnsureInstalled();

    public byte[] Render(GuideDocument guide)
    {
        ArgumentNullException.ThrowIfNull(guide);
        EmbeddedFontResolver.EnsureInstalled();

        using var document = new PdfDocument();
        document.Language = "pt-BR";
        document.Info.Title = guide.IsBlank ? $"GTO {BlankTitleSuffix}" : $"GTO nº {guide.GuideNumber}";
        document.Info.Author = guide.OperatorName;
        document.Info.Subject = Title;
        document.Info.Creator = "DentistPortal";

        var fonts = new Fonts();
        IReadOnlyList<GuideRow?> rows = guide.IsBlank
            ? Enumerable.Repeat<GuideRow?>(null, BlankRowCount).ToList()
            : guide.Rows.Cast<GuideRow?>().ToList();

        var next = 0;
        while (true)
        {
            var page = document.AddPage();
            page.Size = PageSize.A4;
            page.Orientation = PageOrientation.Portrait;
            using var gfx = XGraphics.FromPdfPage(page);

            var y = document.PageCount == 1 ? DrawFirstHeader(gfx, fonts, guide) : DrawContinuationHeader(gfx, fonts, guide);
            y = DrawTableHeader(gfx, fonts, y);

            var remaining = rows.Count - next;
            var footerHeight = FooterHeight + NotSignableHeight(guide);
            var fitWithFooter = (int)Math.Floor((ContentBottom - footerHeight - y) / RowHeight);
            if (remaining <= fitWithFooter)
            {
                y = DrawRows(gfx, fonts, rows, next, remaining, y);
                y = DrawNotSignable(gfx, fonts, guide, y);
                DrawFooter(gfx, fonts, y);
                break;
            }

            // The signatures go on the last page, under at least one row of the table.
            var fit = (int)Math.Floor((ContentBottom - y) / RowHeight);
            var take = Math.Max(1, Math.Min(fit, remaining - 1));
            DrawRows(gfx, fonts, rows, next, take, y);
            next += take;
        }

        for (var i = 0; i < document.PageCount; i++)
        {
            using var gfx = XGraphics.FromPdfPage(document.Pages[i], XGraphicsPdfPageOptions.Append);
            DrawPageStrip(gfx, fonts, guide, i + 1, document.PageCount);
        }

        using var output = new MemoryStream();
        document.Save(output, false);
        return output.ToArray();
    }

    private static double DrawFirstHeader(XGraphics gfx, Fonts fonts, GuideDocument guide)
    {
        var hasQr = !guide.IsBlank && !string.IsNullOrWhiteSpace(guide.QrPayload);
        var textWidth = hasQr ? ContentWidth - QrSize - 14 : ContentWidth;
        var y = Margin;

        DrawLine(gfx, Ellipsize(gfx, guide.OperatorName, fonts.Operator, textWidth), fonts.Operator, Margin, y);
        y += 17;
        DrawLine(gfx, $"Registro ANS nº {guide.AnsRegistration}", fonts.Body, Margin, y);
        y += 15;

        var title = guide.IsBlank ? $"{Title} {BlankTitleSuffix}" : Title;
        foreach (var line in Wrap(gfx, title, fonts.Title, textWidth, 2))
        {
            DrawLine(gfx, line, fonts.Title, Margin, y);
            y += 15;
        }

        y += 5;
        DrawInline(gfx, fonts, "Nº da guia:", guide.GuideNumber, Margin, y, 110);
        DrawInline(gfx, fonts, "Data de emissão:", guide.IssueDate?.ToString("dd'/'MM'/'yyyy", CultureInfo.InvariantCulture), Margin + 190, y, 80);
        y += 14;

        if (hasQr)
        {
            var qrX = Right - QrSize;
            DrawQrCode(gfx, guide.QrPayload!, qrX, Margin - 4, QrSize);
            // The caption may run into the right margin a little: a guide number must never be cut.
            const double captionWidth = QrSize + 30;
            var caption = Ellipsize(gfx, $"Tratamento nº {guide.GuideNumber}", fonts.Small, captionWidth);
            gfx.DrawString(caption, fonts.Small, Ink, new XRect(qrX - 15, Margin + QrSize - 3, captionWidth, 10), XStringFormats.TopCenter);
            y = Math.Max(y, Margin + QrSize + 9);
        }

        y += 3;
        gfx.DrawLine(RulePen, Margin, y, Right, y);
        y += 7;

        y = DrawSectionBar(gfx, fonts, "Beneficiário", y);
        y = DrawFields(gfx, fonts, y,
            ("Nome", guide.BeneficiaryName, 0.48), ("Nº da carteira", guide.CardNumber, 0.24), ("Plano", guide.PlanName, 0.28));
        y += 5;

        y = DrawSectionBar(gfx, fonts, "Profissional executante", y);
        y = DrawFields(gfx, fonts, y,
            ("Nome", guide.DentistName, 0.48), ("CRO", guide.CroNumber, 0.16), ("UF", guide.CroUf, 0.08), ("CNES", guide.Cnes, 0.28));
        y += 5;

        y = DrawSectionBar(gfx, fonts, "Clínica", y);
        y = DrawFields(gfx, fonts, y, ("Nome", guide.ClinicName, 0.64), ("Município/UF", guide.ClinicCityUf, 0.36));
        y += 6;

        if (!string.IsNullOrWhiteSpace(guide.ContingencyReason) || guide.IsBlank)
        {
            const string label = "Motivo da contingência (TUSS 74):";
            DrawLine(gfx, label, fonts.BodyBold, Margin, y);
            var valueX = Margin + gfx.MeasureString(label, fonts.BodyBold).Width + 4;
            if (string.IsNullOrWhiteSpace(guide.ContingencyReason))
            {
                DrawWriteIn(gfx, valueX, Right, y + 10);
                y += 16;
            }
            else
            {
                foreach (var line in Wrap(gfx, guide.ContingencyReason, fonts.Body, Right - valueX, 2))
                {
                    DrawLine(gfx, line, fonts.Body, valueX, y);
                    y += 11;
                }

                y += 5;
            }
        }

        return y;
    }

    private static double DrawContinuationHeader(XGraphics gfx, Fonts fonts, GuideDocument guide)
    {
        var y = Margin;
        DrawLine(gfx, Ellipsize(gfx, guide.OperatorName, fonts.Section, ContentWidth), fonts.Section, Margin, y);
        y += 12;
        var title = (guide.IsBlank ? $"{Title} {BlankTitleSuffix}" : Title) + " – continuação";
        DrawLine(gfx, Ellipsize(gfx, title, fonts.BodyBold, ContentWidth), fonts.BodyBold, Margin, y);
        y += 14;
        // Guide number left, card number flush right, the beneficiary's name takes what is left between them.
        const string cardLabel = "Nº da carteira:";
        var cardValueWidth = string.IsNullOrWhiteSpace(guide.CardNumber) ? 110 : Math.Min(150, gfx.MeasureString(guide.CardNumber, fonts.BodyBold).Width);
        var cardX = Right - gfx.MeasureString(cardLabel, fonts.Body).Width - 4 - cardValueWidth;
        DrawInline(gfx, fonts, "Nº da guia:", guide.GuideNumber, Margin, y, 90);
        const string beneficiaryLabel = "Beneficiário:";
        var beneficiaryX = Margin + 150;
        var beneficiaryValueWidth = cardX - 12 - (beneficiaryX + gfx.MeasureString(beneficiaryLabel, fonts.Body).Width + 4);
        DrawInline(gfx, fonts, beneficiaryLabel, guide.BeneficiaryName, beneficiaryX, y, beneficiaryValueWidth);
        DrawInline(gfx, fonts, cardLabel, guide.CardNumber, cardX, y, cardValueWidth);
        y += 14;
        gfx.DrawLine(RulePen, Margin, y, Right, y);
        return y + 7;
    }

    private static double DrawSectionBar(XGraphics gfx, Fonts fonts, string title, double y)
    {
        gfx.DrawRectangle(ThinPen, Shade, Margin, y, ContentWidth, SectionBarHeight);
        gfx.DrawString(title, fonts.Section, Ink, new XRect(Margin + 3, y, ContentWidth - 6, SectionBarHeight), XStringFormats.CenterLeft);
        return y + SectionBarHeight;
    }

    /// <summary>One row of labelled boxes (label small at the top, value below), shares of the content width.</summary>
    private static double DrawFields(XGraphics gfx, Fonts fonts, double y, params (string Label, string? Value, double Share)[] fields)
    {
        var x = Margin;
        for (var i = 0; i < fields.Length; i++)
        {
            var (label, value, share) = fields[i];
            var width = i == fields.Length - 1 ? Right - x : ContentWidth * share;
            gfx.DrawRectangle(ThinPen, x, y, width, FieldHeight);
            DrawLine(gfx, label, fonts.Label, x + 2.5, y + 1.5, LabelInk);
            if (!string.IsNullOrWhiteSpace(value))
            {
                var font = Shrink(gfx, value, fonts.Value, width - 6, 7);
                DrawLine(gfx, Ellipsize(gfx, value, font, width - 6), font, x + 3, y + 10.5);
            }

            x += width;
        }

        return y + FieldHeight;
    }

    private static double DrawTableHeader(XGraphics gfx, Fonts fonts, double y)
    {
        var x = Margin;
        for (var c = 0; c < Columns.Length; c++)
        {
            var width = ColumnWidths[c];
            gfx.DrawRectangle(ThinPen, Shade, x, y, width, TableHeaderHeight);
            var lines = Wrap(gfx, Columns[c].Title, fonts.TableHead, width - 4, 2);
            var lineHeight = fonts.TableHead.GetHeight();
            var top = y + ((TableHeaderHeight - (lines.Count * lineHeight)) / 2);
            foreach (var line in lines)
            {
                gfx.DrawString(line, fonts.TableHead, Ink, new XRect(x + 2, top, width - 4, lineHeight), XStringFormats.TopCenter);
                top += lineHeight;
            }

            x += width;
        }

        return y + TableHeaderHeight;
    }

    private static double DrawRows(XGraphics gfx, Fonts fonts, IReadOnlyList<GuideRow?> rows, int start, int count, double y)
    {
        for (var r = start; r < start + count; r++)
        {
            var row = rows[r];
            var cells = row is null
                ? new string?[Columns.Length]
                :
                [
                    row.Table, row.TussCode, row.Description, Dash(row.ToothOrRegion), Dash(row.Faces),
                    row.Quantity.ToString(CultureInfo.InvariantCulture), row.Authorized, null, null,
                ];

            var x = Margin;
            for (var c = 0; c < Columns.Length; c++)
            {
                var width = ColumnWidths[c];
                gfx.DrawRectangle(ThinPen, x, y, width, RowHeight);
                var text = cells[c];
                if (!string.IsNullOrWhiteSpace(text))
                {
                    if (c == 2)
                    {
                        var lines = Wrap(gfx, text, fonts.Cell, width - 6, 3);
                        var lineHeight = fonts.Cell.GetHeight();
                        var top = y + ((RowHeight - (lines.Count * lineHeight)) / 2);
                        foreach (var line in lines)
                        {
                            DrawLine(gfx, line, fonts.Cell, x + 3, top);
                            top += lineHeight;
                        }
                    }
                    else
                    {
                        var font = Shrink(gfx, text, fonts.Cell, width - 4, 6);
                        gfx.DrawString(Ellipsize(gfx, text, font, width - 4), font, Ink, new XRect(x + 2, y, width - 4, RowHeight), XStringFormats.Center);
                    }
                }

                x += width;
            }

            y += RowHeight;
        }

        return y;
    }

    /// <summary>Denied and under-review procedures as plain lines: information for the patient, nothing to date or sign.</summary>
    private static double DrawNotSignable(XGraphics gfx, Fonts fonts, GuideDocument guide, double tableBottom)
    {
        if (guide.NotSignableRows.Count == 0) return tableBottom;
        var y = tableBottom + 10;
        DrawLine(gfx, GuideDocument.NotSignableTitle, fonts.BodyBold, Margin, y);
        y += NotSignableLine + 2;
        foreach (var row in guide.NotSignableRows)
        {
            var where = string.IsNullOrWhiteSpace(row.ToothOrRegion) ? "" : $" – {row.ToothOrRegion}";
            var line = $"{row.TussCode} {row.Description}{where} – {row.Status}";
            DrawLine(gfx, Ellipsize(gfx, line, fonts.Cell, ContentWidth - 8), fonts.Cell, Margin + 8, y);
            y += NotSignableLine;
        }

        return y;
    }

    private const double NotSignableLine = 11;

    private static double NotSignableHeight(GuideDocument guide) =>
        guide.NotSignableRows.Count == 0 ? 0 : 12 + ((guide.NotSignableRows.Count + 1) * NotSignableLine);

    private static void DrawFooter(XGraphics gfx, Fonts fonts, double tableBottom)
    {
        var y = tableBottom + 12;
        foreach (var line in Wrap(gfx, GuideDocument.PerRowNotice, fonts.Small, ContentWidth, 2))
        {
            DrawLine(gfx, line, fonts.Small, Margin, y);
            y += 9;
        }

        y += 6;
        const string place = "Local e data:";
        DrawLine(gfx, place, fonts.Body, Margin, y);
        var lineStart = Margin + gfx.MeasureString(place, fonts.Body).Width + 4;
        DrawWriteIn(gfx, lineStart, lineStart + 230, y + 10);

        // Only the dentist signs here (attesting the procedures); the beneficiary signs row by row, never once for all.
        var signatureY = y + 44;
        const double signatureWidth = 245;
        gfx.DrawLine(ThinPen, Right - signatureWidth, signatureY, Right, signatureY);
        gfx.DrawString("Assinatura e carimbo do cirurgião-dentista", fonts.Small, Ink,
            new XRect(Right - signatureWidth, signatureY + 2, signatureWidth, 10), XStringFormats.TopCenter);
    }

    private static void DrawPageStrip(XGraphics gfx, Fonts fonts, GuideDocument guide, int page, int pages)
    {
        var y = PageHeight - Margin - 8;
        var left = guide.IsBlank
            ? $"{guide.OperatorName} – GTO {BlankTitleSuffix}"
            : $"{guide.OperatorName} – GTO nº {guide.GuideNumber}";
        gfx.DrawString(Ellipsize(gfx, left, fonts.Tiny, ContentWidth - 80), fonts.Tiny, LabelInk, new XRect(Margin, y, ContentWidth - 80, 9), XStringFormats.TopLeft);
        gfx.DrawString($"Página {page} de {pages}", fonts.Tiny, LabelInk, new XRect(Right - 80, y, 80, 9), XStringFormats.TopRight);
    }

    /// <summary>The QR code's module matrix (quiet zone included) as one filled path: no image, no seams between modules.</summary>
    private static void DrawQrCode(XGraphics gfx, string payload, double x, double y, double size)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(payload, QRCodeGenerator.ECCLevel.M);
        var matrix = data.ModuleMatrix;
        var module = size / matrix.Count;
        var path = new XGraphicsPath { FillMode = XFillMode.Winding };
        for (var r = 0; r < matrix.Count; r++)
        {
            var line = matrix[r];
            var c = 0;
            while (c < line.Length)
            {
                if (!line[c])
                {
                    c++;
                    continue;
                }

                var start = c;
                while (c < line.Length && line[c])
                {
                    c++;
                }

                path.AddRectangle(x + (start * module), y + (r * module), (c - start) * module, module);
            }
        }

        gfx.DrawPath(Ink, path);
    }

    /// <summary>"Label: value" on one line; a write-in line instead of the value when it is missing.</summary>
    private static void DrawInline(XGraphics gfx, Fonts fonts, string label, string? value, double x, double y, double valueWidth)
    {
        DrawLine(gfx, label, fonts.Body, x, y);
        var valueX = x + gfx.MeasureString(label, fonts.Body).Width + 4;
        if (string.IsNullOrWhiteSpace(value))
        {
            DrawWriteIn(gfx, valueX, valueX + valueWidth, y + 10);
        }
        else
        {
            DrawLine(gfx, Ellipsize(gfx, value, fonts.BodyBold, valueWidth), fonts.BodyBold, valueX, y);
        }
    }

    private static void DrawWriteIn(XGraphics gfx, double from, double to, double y) => gfx.DrawLine(WriteInPen, from, y, to, y);

    private static void DrawLine(XGraphics gfx, string text, XFont font, double x, double top, XBrush? brush = null) =>
        gfx.DrawString(text, font, brush ?? Ink, new XRect(x, top, PageWidth - x, font.GetHeight()), XStringFormats.TopLeft);

    private static string Dash(string? value) => string.IsNullOrWhiteSpace(value) ? "—" : value;

    /// <summary>A smaller size of <paramref name="font"/> (down to <paramref name="minSize"/>) so the text fits.</summary>
    private static XFont Shrink(XGraphics gfx, string text, XFont font, double width, double minSize)
    {
        var size = font.Size;
        var current = font;
        while (gfx.MeasureString(text, current).Width > width && size - 0.5 >= minSize)
        {
            size -= 0.5;
            current = Fonts.Make(size, font.Bold);
        }

        return current;
    }

    private static string Ellipsize(XGraphics gfx, string text, XFont font, double width)
    {
        if (gfx.MeasureString(text, font).Width <= width)
        {
            return text;
        }

        var length = text.Length;
        while (length > 0 && gfx.MeasureString(text[..length].TrimEnd() + "…", font).Width > width)
        {
            length--;
        }

        return text[..length].TrimEnd() + "…";
    }

    /// <summary>Word-wraps into at most <paramref name="maxLines"/> lines; what does not fit ends in an ellipsis.</summary>
    private static List<string> Wrap(XGraphics gfx, string text, XFont font, double width, int maxLines)
    {
        var lines = new List<string>();
        var current = string.Empty;
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var candidate = current.Length == 0 ? word : current + " " + word;
            if (gfx.MeasureString(candidate, font).Width <= width)
            {
                current = candidate;
                continue;
            }

            if (current.Length > 0)
            {
                lines.Add(current);
            }

            var rest = word;
            while (rest.Length > 1 && gfx.MeasureString(rest, font).Width > width)
            {
                var cut = rest.Length - 1;
                while (cut > 1 && gfx.MeasureString(rest[..cut], font).Width > width)
                {
                    cut--;
                }

                lines.Add(rest[..cut]);
                rest = rest[cut..];
            }

            current = rest;
        }

        if (current.Length > 0)
        {
            lines.Add(current);
        }

        if (lines.Count > maxLines)
        {
            var overflow = string.Join(' ', lines.Skip(maxLines - 1));
            lines = [.. lines.Take(maxLines - 1), Ellipsize(gfx, overflow, font, width)];
        }

        return lines;
    }

    private static double[] ScaleColumns()
    {
        var total = Columns.Sum(c => c.Share);
        return [.. Columns.Select(c => c.Share * ContentWidth / total)];
    }

    private sealed class Fonts
    {
        private static readonly XPdfFontOptions Embedded = new(PdfFontEncoding.Unicode);

        public XFont Operator { get; } = Make(13, bold: true);
        public XFont Title { get; } = Make(11.5, bold: true);
        public XFont Body { get; } = Make(8.5, bold: false);
        public XFont BodyBold { get; } = Make(8.5, bold: true);
        public XFont Section { get; } = Make(7.5, bold: true);
        public XFont Label { get; } = Make(6, bold: false);
        public XFont Value { get; } = Make(9, bold: false);
        public XFont TableHead { get; } = Make(6.5, bold: true);
        public XFont Cell { get; } = Make(7.5, bold: false);
        public XFont Small { get; } = Make(7, bold: false);
        public XFont Tiny { get; } = Make(6.5, bold: false);

        public static XFont Make(double size, bool bold) =>
            new(EmbeddedFontResolver.FamilyName, size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular, Embedded);
    }
}
