using DentistPortal.Domain.Messaging;

namespace DentistPortal.Tests.Domain;

/// <summary>TR-11: every SMS fits one segment and still says what it must.</summary>
public class SmsTemplate
{
    private static TokenMessageData Data(string dentist = "Dra. Ana Beatriz Ferreira", string clinic = "Clínica Sorriso Paulista") => new(
        "Sorriso Pleno Odontologia", "004219", "2026000123", dentist, clinic,
        new DateTimeOffset(2026, 11, 25, 13, 30, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 27, 13, 30, 0, TimeSpan.Zero),
        "0800-700-0001", "Maria", "Sorriso Pleno");

    [Fact]
    public void FitsOneGsm7SegmentWithEverythingTheRuleAsks()
    {
        var sms = TokenMessage.Sms(Data());
        Assert.True(TokenMessage.IsGsm7(sms), sms);
        Assert.True(TokenMessage.SmsSeptets(sms) <= 160, $"{TokenMessage.SmsSeptets(sms)}: {sms}");
        Assert.Contains("004219", sms);
        Assert.Contains("2026000123", sms);
        Assert.StartsWith("Sorriso Pleno:", sms);
        Assert.Contains("de 25/11 10h30 a 27/11 10h30", sms);      // generated and valid until, Brasília time (UTC-3)
        Assert.Contains("Nao compartilhe", sms);
        Assert.Contains("0800-700-0001", sms);
        Assert.Contains("Dra. Ana Ferreira", sms);
        Assert.Contains("Clinica", sms);
    }

    [Fact]
    public void ShortensLongNamesButNeverTheCodeOrNumbers()
    {
        var sms = TokenMessage.Sms(Data("Dra. Maria da Conceição Albuquerque de Vasconcelos Figueiredo", "Centro Odontológico Integrado de Especialidades São João Batista"));
        Assert.True(TokenMessage.FitsOneSegment(sms), $"{sms.Length}: {sms}");
        Assert.Contains("004219", sms);
        Assert.Contains("2026000123", sms);
        Assert.Contains("0800-700-0001", sms);
    }

    [Fact]
    public void FoldsAccentsGsm7DoesNotHave()
    {
        Assert.Equal("Clinica Sao Joao", TokenMessage.ToGsm7("Clínica São João"));
        Assert.True(TokenMessage.IsGsm7(TokenMessage.ToGsm7("Odontológica Conceição")));
    }

    [Fact]
    public void CountsUcs2TextAgainstSeventyCharacters()
    {
        Assert.False(TokenMessage.FitsOneSegment(new string('ã', 71)));
        Assert.True(TokenMessage.FitsOneSegment(new string('ã', 70)));
    }

    [Fact]
    public void TheEmailCarriesTheDetailsInPortuguese()
    {
        var text = TokenMessage.EmailText(Data());
        Assert.Contains("004219", text);
        Assert.Contains("Tratamento nº 2026000123", text);
        Assert.Contains("Dra. Ana Beatriz Ferreira", text);
        Assert.Contains("Clínica Sorriso Paulista", text);
        Assert.Contains("27/11/2026 às 10:30", text);
        Assert.Contains("Não compartilhe", text);
        Assert.Contains("use sempre o último recebido", text);
        Assert.Contains("0800-700-0001", text);
        Assert.Contains("<b>2026000123</b>", TokenMessage.EmailHtml(Data()));
    }
}
