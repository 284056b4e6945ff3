using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using DentistPortal.Features.Contingency;
using DentistPortal.Infrastructure.Pdf;
using Microsoft.Extensions.DependencyInjection;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;

namespace DentistPortal.Tests.Pdf;

/// <summary>The printed GTO: fields, procedures, A4, pagination, the blank contingency guide, and a look at page one.</summary>
public partial class GuidePdf
{
    private static readonly string[] ColumnHeaders =
    [
        "Tabela", "Código TUSS", "Descrição", "Dente/Região", "Faces", "Qtd.", "Autorizado", "Data de realização",
        "Assinatura do beneficiário",
    ];

    private static readonly GuideRow[] DemoRows =
    [
        new("22", "81000030", "Consulta odontológica", null, null, 1, "Sim"),
        new("22", "85100200", "Restauração em resina fotopolimerizável 2 faces", "16", "OM", 1, "Sim"),
    ];

    private static readonly NotSignableRow[] DemoNotSignable =
    [
        new("85400157", "Coroa total metalo cerâmica", "26", "Negado: não coberto pelo plano"),
        new("85200158", "Tratamento endodôntico multirradicular", "36", "Em análise pela auditoria"),
    ];

    private static GuideDocument FilledGuide(IReadOnlyList<GuideRow>? rows = null) => new(
        OperatorName: "Sorriso Pleno Odontologia",
        AnsRegistration: "987654",
        GuideNumber: "2026000123",
        IssueDate: new DateOnly(2026, 11, 25),
        CardNumber: "9876 5400 0001 0014",
        PlanName: "Sorriso Pleno Essencial",
        BeneficiaryName: "Maria Aparecida da Silva",
        DentistName: "Dra. Ana Beatriz Ferreira",
        CroNumber: "98765",
        CroUf: "SP",
        Cnes: "2071234",
        ClinicName: "Clínica Sorriso Paulista",
        ClinicCityUf: "São Paulo/SP",
        Rows: rows ?? DemoRows,
        QrPayload: "https://portal.sorrisopleno.example/tratamentos/2026000123",
        ContingencyReason: "Sistema de autorização da operadora indisponível",
        NotSignable: DemoNotSignable);

    private static GuideDocument BlankGuide() => new(
        "Sorriso Pleno Odontologia", "987654", null, null, null, null, null, null, null, null, null, null, null, [], null, null);

    [Fact]
    public void AFilledGuidePrintsEveryFieldWithItsAccentsIntact()
    {
        var text = PageTexts(new GuidePdfRenderer().Render(FilledGuide()))[0];

        Assert.Contains("GUIA DE TRATAMENTO ODONTOLÓGICO – GTO", text);
        Assert.Contains("Sorriso Pleno Odontologia", text);
        Assert.Contains("Registro ANS nº 987654", text);
        Assert.Contains("Nº da guia: 2026000123", text);
        Assert.Contains("Data de emissão: 25/11/2026", text);
        Assert.Contains("Beneficiário", text);
        Assert.Contains("Nome Maria Aparecida da Silva", text);
        Assert.Contains("Nº da carteira 9876 5400 0001 0014", text);
        Assert.Contains("Plano Sorriso Pleno Essencial", text);
        Assert.Contains("Profissional executante", text);
        Assert.Contains("Nome Dra. Ana Beatriz Ferreira", text);
        Assert.Contains("CRO 98765", text);
        Assert.Contains("UF SP", text);
        Assert.Contains("CNES 2071234", text);
        Assert.Contains("Clínica Sorriso Paulista", text);
        Assert.Contains("São Paulo/SP", text);
        Assert.Contains("Motivo da contingência (TUSS 74): Sistema de autorização da operadora indisponível", text);
        Assert.Contains("Tratamento nº 2026000123", text);
        Assert.Contains("Local e data:", text);
        Assert.Contains("Assinatura e carimbo do cirurgião-dentista", text);
        Assert.Contains(GuideDocument.PerRowNotice, text);
        Assert.DoesNotContain(GuidePdfRenderer.BlankTitleSuffix, text);
    }

    [Fact]
    public void AFilledGuidePrintsTheTableHeaderAndOneRowPerProcedureInOrder()
    {
        var text = PageTexts(new GuidePdfRenderer().Render(FilledGuide()))[0];

        Assert.Contains(string.Join(' ', ColumnHeaders), text);
        var consulta = text.IndexOf("22 81000030 Consulta odontológica — — 1 Sim", StringComparison.Ordinal);
        var restauracao = text.IndexOf("22 85100200 Restauração em resina fotopolimerizável 2 faces 16 OM 1 Sim", StringComparison.Ordinal);
        Assert.True(consulta >= 0, text);
        Assert.True(restauracao > consulta, text);
    }

    [Fact]
    public void DeniedAndUnderReviewProceduresAreListedAsNotSignableWithoutCellsAndNoGeneralSignatureStandsForAllRows()
    {
        var text = PageTexts(new GuidePdfRenderer().Render(FilledGuide()))[0];

        // Neither is a table row (table 22 + code…), so neither has a date or signature cell.
        Assert.DoesNotContain("22 85400157", text);
        Assert.DoesNotContain("22 85200158", text);
        var list = text.IndexOf(GuideDocument.NotSignableTitle, StringComparison.Ordinal);
        Assert.True(list > text.IndexOf("22 85100200", StringComparison.Ordinal), text);
        Assert.Contains($"{GuideDocument.NotSignableTitle} 85400157 Coroa total metalo cerâmica – 26 – Negado: não coberto pelo plano 85200158 Tratamento endodôntico multirradicular – 36 – Em análise pela auditoria", text);
        // The beneficiary's signature appears once: the column heading of the per-row cells. No block that signs for every row.
        Assert.Single(Regex.Matches(text, "Assinatura do beneficiário"));
        Assert.DoesNotContain("responsável", text);
    }

    [Fact]
    public void EveryPageIsA4Portrait()
    {
        using var pdf = PdfDocument.Open(new GuidePdfRenderer().Render(FilledGuide()));
        foreach (var page in pdf.GetPages())
        {
            Assert.InRange(page.Width, 594, 596);
            Assert.InRange(page.Height, 841, 843);
        }
    }

    [Fact]
    public void FortyProceduresSpreadOverSeveralPagesWithTheTableHeaderOnEach()
    {
        var rows = Enumerable.Range(1, 40)
            .Select(i => new GuideRow("22", $"8510{i:D4}", $"Procedimento de teste número {i}", "16", "OM", 1, "Sim"))
            .ToList();

        var pages = PageTexts(new GuidePdfRenderer().Render(FilledGuide(rows)));

        Assert.True(pages.Count > 1, $"{pages.Count} page(s)");
        foreach (var page in pages)
        {
            Assert.Contains(string.Join(' ', ColumnHeaders), page);
            Assert.Contains("Nº da guia: 2026000123", page);
        }

        var all = string.Join(' ', pages);
        for (var i = 1; i <= 40; i++)
        {
            Assert.Contains($"8510{i:D4} Procedimento de teste número {i} ", all);
        }

        Assert.Contains("Assinatura e carimbo do cirurgião-dentista", pages[^1]);
        Assert.DoesNotContain("Assinatura e carimbo do cirurgião-dentista", pages[0]);
        Assert.Contains($"Página 1 de {pages.Count}", pages[0]);
    }

    [Fact]
    public void TheBlankGuideRendersWithoutDatabaseOrOtherServices()
    {
        // Only this registration: no DbContext, no configuration, nothing else to resolve.
        using var provider = new ServiceCollection().AddGuidePdf().BuildServiceProvider();
        var renderer = provider.GetRequiredService<IGuidePdfRenderer>();

        var pages = PageTexts(renderer.Render(BlankGuide()));

        Assert.Single(pages);
        var text = pages[0];
        Assert.Contains($"{GuidePdfRenderer.Title} {GuidePdfRenderer.BlankTitleSuffix}", text);
        Assert.Contains("Sorriso Pleno Odontologia", text);
        Assert.Contains("Registro ANS nº 987654", text);
        Assert.Contains(string.Join(' ', ColumnHeaders), text);
        Assert.Contains("Motivo da contingência (TUSS 74):", text);
        Assert.DoesNotContain("Tratamento nº", text);
    }

    [Fact]
    public void ALongDescriptionIsCutWithAnEllipsisInsideItsCell()
    {
        var description = string.Join(' ', Enumerable.Repeat("Reabilitação protética com coroa metalo cerâmica", 8));
        var guide = FilledGuide([new("22", "85400157", description, "26", null, 1, "Sim")]) with
        {
            BeneficiaryName = "Maria Aparecida de Albuquerque Cavalcanti Nogueira Vasconcelos Bittencourt da Silva",
        };

        var pages = PageTexts(new GuidePdfRenderer().Render(guide));

        Assert.Single(pages);
        Assert.Matches("22 85400157 Reabilitação protética com coroa [^|]*… 26 — 1 Sim", pages[0]);
        Assert.Contains("Maria Aparecida de Albuquerque", pages[0]);
    }

    [Fact]
    public void TheRendererNeedsNoDatabase()
    {
        var result = NetArchTest.Rules.Types.InAssembly(typeof(GuidePdfRenderer).Assembly)
            .That().ResideInNamespace("DentistPortal.Infrastructure.Pdf")
            .ShouldNot().HaveDependencyOnAny("Microsoft.EntityFrameworkCore", "DentistPortal.Infrastructure.Data", "Microsoft.Data.Sqlite")
            .GetResult();
        Assert.True(result.IsSuccessful, string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Fact]
    public void TheRendererIsRegisteredOnceAsASingleton()
    {
        using var provider = new ServiceCollection().AddGuidePdf().AddGuidePdf().BuildServiceProvider();
        Assert.Same(provider.GetRequiredService<IGuidePdfRenderer>(), provider.GetRequiredService<IGuidePdfRenderer>());
        Assert.Single(provider.GetServices<IGuidePdfRenderer>());
    }

    [Fact]
    public void GuidesRenderedInParallelAreAllComplete()
    {
        var renderer = new GuidePdfRenderer();
        var pdfs = Enumerable.Range(0, 8).AsParallel().Select(i => renderer.Render(i % 2 == 0 ? FilledGuide() : BlankGuide())).ToList();
        foreach (var pdf in pdfs)
        {
            Assert.Contains(GuidePdfRenderer.Title, PageTexts(pdf)[0]);
        }
    }

    [Fact]
    public void TheFirstPageOfTheFilledGuideIsRenderedToAScreenshot() =>
        AssertScreenshot(new GuidePdfRenderer().Render(FilledGuide()), "gto-filled");

    [Fact]
    public void TheFirstPageOfTheBlankGuideIsRenderedToAScreenshot() =>
        AssertScreenshot(new GuidePdfRenderer().Render(BlankGuide()), "gto-blank");

    private static void AssertScreenshot(byte[] pdf, string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        var pdfPath = Path.Combine(folder, name + ".pdf");
        var pngPath = Path.Combine(folder, name + ".png");
        File.WriteAllBytes(pdfPath, pdf);
        File.Delete(pngPath);

        var start = new ProcessStartInfo("pdftoppm")
        {
            ArgumentList = { "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", pdfPath, Path.Combine(folder, name) },
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("pdftoppm did not start");
        var errors = process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(60_000), "pdftoppm timed out");
        Assert.True(process.ExitCode == 0, $"pdftoppm failed ({process.ExitCode}): {errors}");

        var png = new FileInfo(pngPath);
        Assert.True(png.Exists, pngPath);
        Assert.True(png.Length > 10_000, $"{pngPath} is only {png.Length} bytes");
        var header = File.ReadAllBytes(pngPath).AsSpan(0, 8).ToArray();
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, header);
    }

    /// <summary>
    /// Each page's text in drawing order (so a wrapped cell reads as one phrase, a label before its value): letters as
    /// PdfPig reads them, a space wherever the pen jumped (another string, another line), whitespace collapsed.
    /// </summary>
    internal static List<string> PageTexts(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        var pages = new List<string>();
        foreach (var page in document.GetPages())
        {
            var text = new StringBuilder();
            Letter? previous = null;
            foreach (var letter in page.Letters)
            {
                if (previous is not null)
                {
                    var sameLine = Math.Abs(letter.StartBaseLine.Y - previous.EndBaseLine.Y) < 0.5;
                    var gap = letter.StartBaseLine.X - previous.EndBaseLine.X;
                    if (!sameLine || gap > letter.PointSize * 0.15 || gap < -letter.PointSize * 0.15)
                    {
                        text.Append(' ');
                    }
                }

                text.Append(letter.Value);
                previous = letter;
            }

            pages.Add(Spaces().Replace(text.ToString(), " ").Trim());
        }

        return pages;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
