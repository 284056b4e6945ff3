using System.Xml.Linq;
using DentistPortal.Domain.Tiss;
using DentistPortal.Infrastructure.Tiss;
using static DentistPortal.Tests.Tiss.TissSamples;
using static DentistPortal.Tests.Tiss.TissSchemas;

namespace DentistPortal.Tests.Tiss;

/// <summary>Issue 11 (TISS export; Tests: "checked field by field"): each field of the header and of the dental guide
/// holds what the contract gave, in the schema's format.</summary>
public class TissGuideFields
{
    private static XDocument Written(TissBatchHeader header, params TissDentalGuide[] guides) => Parse(TissBatchWriter.Write(header, guides));

    [Fact]
    public void TheHeaderIdentifiesABatchSendingFromTheClinicsCnpjToTheOperator()
    {
        var doc = Written(Header(), Guide());
        var header = doc.Root!.Element(Ans + "cabecalho")!;
        Assert.Equal(Ans + "mensagemTISS", doc.Root.Name);
        Assert.Equal("ans", doc.Root.GetPrefixOfNamespace(Ans));
        Assert.Equal("ENVIO_LOTE_GUIAS", Value(header, "tipoTransacao"));
        Assert.Equal("42", Value(header, "sequencialTransacao"));
        Assert.Equal("2026-11-30", Value(header, "dataRegistroTransacao"));
        Assert.Equal("14:05:09", Value(header, "horaRegistroTransacao"));
        var origin = header.Element(Ans + "origem")!.Element(Ans + "identificacaoPrestador")!;
        Assert.Equal("12345678000195", Assert.Single(origin.Elements(Ans + "CNPJ")).Value);
        Assert.Empty(origin.Elements(Ans + "codigoPrestadorNaOperadora"));
        Assert.Equal("345678", header.Element(Ans + "destino")!.Element(Ans + "registroANS")!.Value);
        Assert.Equal("4.01.00", header.Element(Ans + "Padrao")!.Value);
        Assert.Equal("L42", Value(doc.Root, "numeroLote"));
        Assert.Equal(["cabecalho", "prestadorParaOperadora", "epilogo"], doc.Root.Elements().Select(e => e.Name.LocalName));
    }

    [Fact]
    public void TheOriginIsTheClinicsCodeAtTheOperatorWhenItHasOne()
    {
        var origin = Written(Header(codeAtOperator: " PRE-0099 "), Guide()).Descendants(Ans + "identificacaoPrestador").Single();
        Assert.Equal("PRE-0099", Assert.Single(origin.Elements()).Value);
        Assert.Equal(Ans + "codigoPrestadorNaOperadora", origin.Elements().Single().Name);
    }

    [Fact]
    public void TheGuideCarriesEveryFieldInSchemaOrder()
    {
        var guide = Guides(Written(Header(), Guide(authorizedOn: new DateOnly(2026, 11, 19)))).Single();
        Assert.Equal(
            ["registroANS", "numeroGuiaPrestador", "dataAutorizacao", "codValidacao", "dadosBeneficiario", "planoBeneficiario",
             "dadosProfissionaisResponsaveis", "procedimentosExecutados", "dataTerminoTrat", "tipoAtendimento", "tipoFaturamento",
             "valorTotalProc"],
            guide.Elements().Select(e => e.Name.LocalName));
        Assert.Equal("345678", Value(guide, "registroANS"));
        Assert.Equal("T-000123", Value(guide, "numeroGuiaPrestador"));
        Assert.Equal("2026-11-19", Value(guide, "dataAutorizacao"));
        Assert.Equal("V00000001", Value(guide, "codValidacao"));
        Assert.Equal("9876540000010014", Value(guide, "numeroCarteira"));
        Assert.Equal("N", Value(guide, "atendimentoRN"));
        Assert.Equal("Plano Odonto Essencial", Value(guide, "planoBeneficiario"));
        Assert.Equal("2026-11-20", Value(guide, "dataTerminoTrat"));
        Assert.Equal("1", Value(guide, "tipoAtendimento"));
        Assert.Equal("4", Value(guide, "tipoFaturamento"));
        Assert.Equal("150.50", guide.Element(Ans + "valorTotalProc")!.Value);
    }

    [Fact]
    public void AGuideWithoutAnAuthorizationDateLeavesDataAutorizacaoOut() =>
        Assert.Null(Value(Guides(Written(Header(), Guide(authorizedOn: null))).Single(), "dataAutorizacao"));

    [Fact]
    public void TheDentistIsIdentifiedByCodeCroIbgeUfCnesAndCbos()
    {
        var dentist = Guides(Written(Header(), Guide(dentist: new TissExecutingDentist("52998224725", "Ana D'Ávila São João",
            "CRO 98765", "rj", "7654321", "223212")))).Single().Element(Ans + "dadosProfissionaisResponsaveis")!;
        Assert.Equal(
            ["codigoProfExec", "croExec", "ufExec", "cnesExec", "nomeProfExec2", "croExec2", "ufExec2", "cbosExec2"],
            dentist.Elements().Select(e => e.Name.LocalName));
        Assert.Equal("52998224725", Value(dentist, "codigoProfExec"));
        Assert.Equal("CRO 98765", Value(dentist, "croExec"));
        Assert.Equal("33", Value(dentist, "ufExec"));
        Assert.Equal("7654321", Value(dentist, "cnesExec"));
        Assert.Equal("Ana D'Ávila São João", Value(dentist, "nomeProfExec2"));
        Assert.Equal("CRO 98765", Value(dentist, "croExec2"));
        Assert.Equal("33", Value(dentist, "ufExec2"));
        Assert.Equal("223212", Value(dentist, "cbosExec2"));
    }

    [Fact]
    public void EachProcedureCarriesItsItemTableCodeDescriptionToothFacesQuantityValueAuthorizationAndDate()
    {
        var guide = Guides(Written(Header(), Guide(procedures:
        [
            Procedure(1, tooth: 36, faces: "omd", quantity: 2, unitPrice: 80.255m),
            Procedure(2, tooth: null, region: "hasd", faces: null, description: "Raspagem supragengival", authorized: false),
            Procedure(3, tooth: null, region: null, faces: null, unitPrice: 12m),
        ]))).Single();
        var items = guide.Elements(Ans + "procedimentosExecutados").ToList();
        Assert.Equal(3, items.Count);

        Assert.Equal(
            ["sequencialItem", "procSolic", "denteRegiao", "denteFace", "qtdProc", "valorProc", "autorizado", "dataRealizacao"],
            items[0].Elements().Select(e => e.Name.LocalName));
        Assert.Equal("1", Value(items[0], "sequencialItem"));
        Assert.Equal("22", Value(items[0], "codigoTabela"));
        Assert.Equal("85100196", Value(items[0], "codigoProcedimento"));
        Assert.Equal("Restauração em resina fotopolimerizável 2 faces", Value(items[0], "descricaoProcedimento"));
        Assert.Equal("36", Value(items[0], "codDente"));
        Assert.Null(Value(items[0], "codRegiao"));
        Assert.Equal("OMD", Value(items[0], "denteFace"));
        Assert.Equal("2", Value(items[0], "qtdProc"));
        Assert.Equal("160.51", Value(items[0], "valorProc"));
        Assert.Equal("true", Value(items[0], "autorizado"));
        Assert.Equal("2026-11-20", Value(items[0], "dataRealizacao"));

        Assert.Equal("2", Value(items[1], "sequencialItem"));
        Assert.Equal("HASD", Value(items[1], "codRegiao"));
        Assert.Null(Value(items[1], "codDente"));
        Assert.Null(Value(items[1], "denteFace"));
        Assert.Equal("false", Value(items[1], "autorizado"));
        Assert.Equal("Raspagem supragengival", Value(items[1], "descricaoProcedimento"));

        Assert.Null(items[2].Element(Ans + "denteRegiao"));
        Assert.Equal("12.00", Value(items[2], "valorProc"));
    }

    [Fact]
    public void TheTotalIsTheSumOfTheProcedureValues()
    {
        var procedures = new[] { Procedure(1, unitPrice: 150.5m), Procedure(2, quantity: 3, unitPrice: 33.33m), Procedure(3, unitPrice: 0.01m) };
        var guide = Guides(Written(Header(), Guide(procedures: procedures))).Single();
        var sum = guide.Elements(Ans + "procedimentosExecutados")
            .Sum(p => decimal.Parse(Value(p, "valorProc")!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("250.50", Value(guide, "valorTotalProc"));
        Assert.Equal(250.50m, sum);
    }

    [Theory]
    [InlineData("SP", "35")]
    [InlineData("rj", "33")]
    [InlineData("MG", "31")]
    [InlineData("DF", "53")]
    [InlineData("RO", "11")]
    [InlineData("RS", "43")]
    [InlineData("TO", "17")]
    [InlineData(" ba ", "29")]
    public void TheCroUfIsWrittenAsItsIbgeCode(string uf, string ibge) =>
        Assert.Equal(ibge, Value(Guides(Written(Header(), Guide(dentist: Dentist() with { CroUf = uf }))).Single(), "ufExec"));

    [Fact]
    public void EveryStateOfBrazilHasTheIbgeCodeTheSchemaLists()
    {
        Assert.Equal(28, TissDomains.IbgeUf.Count);
        Assert.Equal(TissDomains.IbgeUf.Count, TissDomains.IbgeUf.Values.Distinct().Count());
        foreach (var (uf, _) in TissDomains.IbgeUf)
            AssertValid(TissBatchWriter.Write(Header(), [Guide(dentist: Dentist() with { CroUf = uf })]));
    }
}
