using DentistPortal.Domain.Tiss;
using DentistPortal.Infrastructure.Tiss;
using static DentistPortal.Tests.Tiss.TissSamples;

namespace DentistPortal.Tests.Tiss;

/// <summary>Issue 11 (TISS export): a guide the schema would reject is refused before any file exists, with a message that
/// names the field and the guide's position, never the patient or the dentist.</summary>
public class TissGuideRefusals
{
    private const string PersonalName = "Ana D'Ávila São João";

    private static ArgumentException Refused(TissDentalGuide guide)
    {
        var refusal = Assert.Throws<ArgumentException>(() => TissBatchWriter.Write(Header(), [Guide(number: "OK-1"), guide]));
        Assert.DoesNotContain(PersonalName, refusal.Message);
        Assert.DoesNotContain("9876540000010014", refusal.Message);
        Assert.Contains("guia 2", refusal.Message);
        return refusal;
    }

    [Fact]
    public void AGuideWithoutProceduresIsRefused() => Refused(Guide(procedures: []));

    [Theory]
    [InlineData(10)]
    [InlineData(20)]
    [InlineData(56)]
    [InlineData(86)]
    [InlineData(99)]
    [InlineData(0)]
    [InlineData(-11)]
    public void AToothOutsideTheTissToothListIsRefused(int tooth) =>
        Assert.Contains("dm_dente", Refused(Guide(procedures: [Procedure(tooth: tooth)])).Message);

    [Theory]
    [InlineData("XX")]
    [InlineData("S7")]
    [InlineData("arcada superior")]
    public void ARegionOutsideTheTissRegionListIsRefused(string region) =>
        Assert.Contains("dm_regiao", Refused(Guide(procedures: [Procedure(tooth: null, region: region)])).Message);

    [Theory]
    [InlineData("X")]
    [InlineData("OMDVLP")]
    [InlineData("OO")]
    [InlineData("O-M")]
    public void FacesOtherThanUpToFiveDistinctAllowedLettersAreRefused(string faces) =>
        Refused(Guide(procedures: [Procedure(faces: faces)]));

    [Fact]
    public void AToothAndARegionTogetherAreRefused() => Refused(Guide(procedures: [Procedure(tooth: 11, region: "AS")]));

    [Fact]
    public void RepeatedItemNumbersAreRefused() => Refused(Guide(procedures: [Procedure(1), Procedure(1, tooth: 12)]));

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    public void AQuantityOutsideOneToNinetyNineIsRefused(int quantity) => Refused(Guide(procedures: [Procedure(quantity: quantity)]));

    [Fact]
    public void AnUnknownUfOrCbosIsRefused()
    {
        Refused(Guide(dentist: Dentist() with { CroUf = "XX" }));
        Refused(Guide(dentist: Dentist() with { Cbos = "123456" }));
    }

    [Fact]
    public void IdentifiersTooLongForTheirFieldAreRefusedRatherThanCut()
    {
        Refused(Guide(number: new string('1', 21)));
        Refused(Guide(card: new string('1', 21)));
        Refused(Guide(card: "sem número"));
        Refused(Guide(dentist: Dentist() with { Cnes = "12345678" }));
        Refused(Guide(procedures: [Procedure() with { TussCode = "12345678901" }]));
    }

    [Fact]
    public void AProcedureValueBeyondTheFieldIsRefused() =>
        Refused(Guide(procedures: [Procedure(unitPrice: 1_000_000m)]));

    [Fact]
    public void ADescriptionWithNothingRepresentableInLatin1IsRefused() =>
        Refused(Guide(procedures: [Procedure(description: "😀 李")]));

    [Fact]
    public void AHeaderWithABadCnpjOrAnsRegistrationIsRefused()
    {
        Assert.Throws<ArgumentException>(() => TissBatchWriter.Write(Header() with { Origin = new TissProvider(null, "123") }, [Guide()]));
        Assert.Throws<ArgumentException>(() => TissBatchWriter.Write(Header() with { DestinationAnsRegistration = "12345" }, [Guide()]));
        Assert.Throws<ArgumentException>(() => TissBatchWriter.Write(Header() with { TransactionSequence = "1234567890123" }, [Guide()]));
    }
}
