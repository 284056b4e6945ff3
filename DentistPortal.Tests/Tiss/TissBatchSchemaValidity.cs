using DentistPortal.Domain.Tiss;
using DentistPortal.Infrastructure.Tiss;
using static DentistPortal.Tests.Tiss.TissSamples;

namespace DentistPortal.Tests.Tiss;

/// <summary>Issue 11 (TISS export; How it will be checked): every shape of guide the export writes validates against the
/// official ANS TISS 4.01.00 schemas.</summary>
public class TissBatchSchemaValidity
{
    public static TheoryData<string> Shapes => new(ShapeGuides.Keys);

    private static readonly Dictionary<string, TissDentalGuide> ShapeGuides = new()
    {
        ["token at the chair, tooth with faces"] = Guide(),
        ["late token, region"] = Guide(procedures: [Procedure(tooth: null, region: "HASD", faces: null)]),
        ["signed guide, neither tooth nor region"] = Guide(proof: new TissAttendanceProof.Absence(Tuss74.RefusedToInform),
            procedures: [Procedure(tooth: null, faces: null)]),
        ["contingency number, several procedures"] = Guide(proof: new TissAttendanceProof.Absence(Tuss74.SystemUnavailable),
            authorizedOn: new DateOnly(2026, 11, 18), procedures:
            [
                Procedure(1, tooth: 36, faces: "OMDVL"), Procedure(2, tooth: null, region: "S1", faces: null, quantity: 2),
                Procedure(3, tooth: 85, faces: "I", authorized: false), Procedure(4, tooth: 48, faces: null, unitPrice: 0m),
            ]),
        ["accents and apostrophes"] = Guide(dentist: Dentist("Joana D'Ávila São João"), plan: "Plano Odonto Família D'Ávila"),
        ["names longer than their fields"] = Guide(dentist: Dentist(new string('N', 69) + " Sobrenome"),
            plan: "Plano " + new string('x', 60), procedures: [Procedure(description: string.Concat(Enumerable.Repeat("Descrição longa ", 20)))]),
        ["characters outside Latin-1"] = Guide(dentist: Dentist("“Zoë” Łukasz Nguyễn — 😀 李 Ωmega"),
            plan: "Plano ‘Sorriso’ – Premium…", procedures: [Procedure(description: "Profilaxia 🦷 \u200b\u202e em arco\u0000")]),
        ["ampersands and <"] = Guide(number: "A&B<1>", plan: "Plano A&B <Top> \"VIP\"",
            dentist: Dentist("Tom & Jerry <Clínica>"), procedures: [Procedure(description: "Raspagem < 5mm & polimento > 'x'")]),
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void EveryShapeOfGuideValidatesAgainstTheOfficialSchema(string shape) =>
        TissSchemas.AssertValid(TissBatchWriter.Write(Header(), [ShapeGuides[shape]]));

    [Fact]
    public void ABatchOfEveryShapeTogetherValidates() =>
        TissSchemas.AssertValid(TissBatchWriter.Write(Header(), ShapeGuides.Values.Select((g, i) => g with { GuideNumber = $"S{i}" }).ToList()));

    [Fact]
    public void AHeaderWithTheClinicsCodeAtTheOperatorValidates() =>
        TissSchemas.AssertValid(TissBatchWriter.Write(Header(codeAtOperator: "PRE-0099"), [Guide()]));

    [Fact]
    public void AFullBatchOfAHundredGuidesValidates() =>
        TissSchemas.AssertValid(TissBatchWriter.Write(Header(), Many(100)));
}

/// <summary>The schema check itself catches a broken file, so a green validation means something.</summary>
public class TissSchemaCheckSensitivity
{
    [Fact]
    public void AFileWithAValueOutsideItsEnumerationIsReportedInvalid()
    {
        var file = TissBatchWriter.Write(Header(), [Guide()]);
        var text = TissBatchWriter.FileEncoding.GetString(file.Content).Replace("<ans:atendimentoRN>N<", "<ans:atendimentoRN>X<");
        Assert.NotEmpty(TissSchemas.Validate(TissBatchWriter.FileEncoding.GetBytes(text)));
    }

    [Fact]
    public void AFileWithElementsOutOfSchemaOrderIsReportedInvalid()
    {
        var file = TissBatchWriter.Write(Header(), [Guide()]);
        var text = TissBatchWriter.FileEncoding.GetString(file.Content).Replace("<ans:Padrao>4.01.00</ans:Padrao>", "")
            .Replace("</ans:destino>", "</ans:destino><ans:Padrao>3.05.00</ans:Padrao>");
        Assert.NotEmpty(TissSchemas.Validate(TissBatchWriter.FileEncoding.GetBytes(text)));
    }
}
