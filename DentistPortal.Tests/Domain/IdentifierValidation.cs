using DentistPortal.Domain.Beneficiaries;
using DentistPortal.Domain.Common;

namespace DentistPortal.Tests.Domain;

public class CpfValidation
{
    [Theory]
    [InlineData("529.982.247-25")]
    [InlineData("52998224725")]
    [InlineData(" 111.444.777-35 ")]
    [InlineData("390 533 447 05")]
    [InlineData("714.602.380-01")]
    public void AcceptsRealCpfsWithOrWithoutPunctuation(string cpf) => Assert.True(Cpf.IsValid(cpf));

    [Theory]
    [InlineData("529.982.247-24")] // last check digit wrong
    [InlineData("529.982.247-35")] // first check digit wrong
    [InlineData("111.111.111-11")] // repeated digits pass the arithmetic but are not issued
    [InlineData("000.000.000-00")]
    [InlineData("5299822472")]     // 10 digits
    [InlineData("529982247255")]   // 12 digits
    [InlineData("529.982.247-2a")]
    [InlineData("٥٢٩٩٨٢٢٤٧٢٥")]    // Arabic-Indic digits are not ASCII digits
    [InlineData("")]
    [InlineData(null)]
    public void RejectsWrongCheckDigitsLengthsAndCharacters(string? cpf) => Assert.False(Cpf.IsValid(cpf));

    [Fact]
    public void FormatsAndMasksForDisplay()
    {
        Assert.Equal("529.982.247-25", Cpf.Format("52998224725"));
        Assert.Equal("***.982.247-**", Cpf.Mask("52998224725"));
    }
}

public class CnpjValidation
{
    [Theory]
    [InlineData("11.222.333/0001-81")]
    [InlineData("11222333000181")]
    [InlineData("45.367.890/0001-02")]
    [InlineData("33.000.167/0001-01")] // Petrobras
    public void AcceptsRealCnpjs(string cnpj) => Assert.True(Cnpj.IsValid(cnpj));

    [Theory]
    [InlineData("11.222.333/0001-82")]
    [InlineData("11.111.111/1111-11")]
    [InlineData("1122233300018")]
    [InlineData("11.222.333/0001-8X")]
    public void RejectsInvalidCnpjs(string cnpj) => Assert.False(Cnpj.IsValid(cnpj));

    [Fact]
    public void FormatsWithPunctuation() => Assert.Equal("11.222.333/0001-81", Cnpj.Format("11222333000181"));
}

public class CardNumberValidation
{
    [Theory]
    [InlineData("9876540000010014")]
    [InlineData("9876 5400 0001 0014")]
    [InlineData("9876540000010022")]
    public void AcceptsCardsWithAValidCheckDigit(string card) => Assert.True(CardNumber.IsValid(card));

    [Theory]
    [InlineData("9876540000010015")] // one digit off
    [InlineData("9876540000100014")] // two digits swapped
    [InlineData("987654000001001")]  // 15 digits
    [InlineData("98765400000100144")]
    public void RejectsMistypedCards(string card) => Assert.False(CardNumber.IsValid(card));

    [Fact]
    public void ComputesTheCheckDigit() => Assert.Equal("9876540000010014", CardNumber.WithCheckDigit("987654000001001"));
}

public class CroValidation
{
    [Theory]
    [InlineData("98765", "SP")]
    [InlineData("1", "mg")]
    [InlineData("123.456", "DF")]
    public void AcceptsNumberAndCouncilUf(string number, string uf) => Assert.NotNull(CroRegistration.TryCreate(number, uf));

    [Theory]
    [InlineData("98765", "XX")]
    [InlineData("1234567", "SP")]
    [InlineData("", "SP")]
    [InlineData("0", "SP")]
    [InlineData("12a45", "RJ")]
    public void RejectsUnknownUfOrBadNumber(string number, string uf) => Assert.Null(CroRegistration.TryCreate(number, uf));

    [Fact]
    public void ShowsAsCouncilAndNumber() => Assert.Equal("CRO-SP 98765", CroRegistration.TryCreate("098765", "sp")!.ToString());
}

public class MobileValidation
{
    [Theory]
    [InlineData("(11) 98765-4321", "+5511987654321")]
    [InlineData("+55 11 98765-4321", "+5511987654321")]
    [InlineData("31 99887-7665", "+5531998877665")]
    [InlineData("+5519991234567", "+5519991234567")]
    public void NormalizesBrazilianMobilesToE164(string input, string e164) => Assert.Equal(e164, BrazilianMobile.Normalize(input));

    [Theory]
    [InlineData("(11) 3003-0000")]   // landline
    [InlineData("(11) 8765-432")]    // too short
    [InlineData("+1 202 555 0143")]  // not Brazil
    [InlineData("abc")]
    [InlineData("")]
    public void RejectsLandlinesForeignAndGarbage(string input) => Assert.Null(BrazilianMobile.Normalize(input));

    [Fact]
    public void MasksAllButTheAreaCodeAndLastFourDigits() => Assert.Equal("(11) *****-4321", BrazilianMobile.Mask("+5511987654321"));

    [Fact]
    public void FormatsForReading() => Assert.Equal("+55 11 98765-4321", BrazilianMobile.Format("+5511987654321"));
}

public class EmailMasking
{
    [Theory]
    [InlineData("joana@exemplo.com.br", "j***@e***.com.br")]
    [InlineData("maria.silva@exemplo.com.br", "m***@e***.com.br")]
    [InlineData("bia.araujo@exemplo.com", "b***@e***.com")]
    public void KeepsFirstLettersAndTheDomainSuffix(string email, string masked) => Assert.Equal(masked, EmailAddress.Mask(email));

    [Theory]
    [InlineData("sem-arroba.com")]
    [InlineData("a@b")]
    [InlineData("  ")]
    public void RejectsMalformedAddresses(string email) => Assert.False(EmailAddress.IsValid(email));
}

public class LookupInputParsing
{
    [Fact]
    public void UnderstandsACpf() => Assert.Equal(IdentifierKind.Cpf, BeneficiaryIdentifier.Parse("529.982.247-25").Identifier!.Kind);

    [Fact]
    public void UnderstandsACardNumber() => Assert.Equal(IdentifierKind.CardNumber, BeneficiaryIdentifier.Parse("9876 5400 0001 0014").Identifier!.Kind);

    [Theory]
    [InlineData("", BeneficiaryIdentifier.EmptyMessage)]
    [InlineData("529.982.247-24", BeneficiaryIdentifier.CpfMessage)]
    [InlineData("9876540000010015", BeneficiaryIdentifier.CardMessage)]
    [InlineData("12345", BeneficiaryIdentifier.LengthMessage)]
    [InlineData("maria", BeneficiaryIdentifier.CharactersMessage)]
    [InlineData("'; DROP TABLE Beneficiaries; --", BeneficiaryIdentifier.CharactersMessage)]
    public void ExplainsWhatIsWrongInPortuguese(string input, string message) => Assert.Equal(message, BeneficiaryIdentifier.Parse(input).Error);
}
