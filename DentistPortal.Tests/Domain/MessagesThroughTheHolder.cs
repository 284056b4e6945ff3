using DentistPortal.Domain.Messaging;

namespace DentistPortal.Tests.Domain;

/// <summary>
/// Issue 9 §7 (SPEC §9): a dependent's token routed through the holder's contacts greets the holder who reads it and
/// names the dependent as the patient; the SMS still fits one segment (TR-11).
/// </summary>
public class MessagesThroughTheHolder
{
    private static TokenMessageData ForPedroThroughMaria(string dentist = "Dra. Ana Beatriz Ferreira", string clinic = "Clínica Sorriso Paulista") => new(
        "Sorriso Pleno Odontologia", "004219", "2026000123", dentist, clinic,
        new DateTimeOffset(2026, 11, 25, 13, 30, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 27, 13, 30, 0, TimeSpan.Zero),
        "0800-700-0001", "Maria", "Sorriso Pleno", PatientFirstName: "Pedro");

    [Fact]
    public void TheEmailGreetsTheHolderAndNamesTheDependentAsThePatient()
    {
        var d = ForPedroThroughMaria();
        var text = TokenMessage.EmailText(d);
        Assert.StartsWith("Olá, Maria.", text);
        Assert.DoesNotContain("Olá, Pedro", text);
        Assert.Contains("token do atendimento de Pedro", text);
        // The patient's name is not run into the operator's ("de Pedro Sorriso Pleno…" read as his surname).
        Assert.Matches(@"O token do atendimento de Pedro \(.+\) é: 004219", text);
        Assert.Contains("004219", text);
        Assert.Contains("Pedro", TokenMessage.EmailSubject(d));
        var html = TokenMessage.EmailHtml(d);
        Assert.Contains("Olá, Maria.", html);
        Assert.Contains("token do atendimento de Pedro", html);
    }

    [Fact]
    public void TheSmsNamesTheDependentAndStillFitsOneSegment()
    {
        foreach (var d in new[]
                 {
                     ForPedroThroughMaria(),
                     ForPedroThroughMaria("Dra. Maria da Conceição Albuquerque de Vasconcelos Figueiredo", "Centro Odontológico Integrado de Especialidades São João Batista"),
                     ForPedroThroughMaria() with { PatientFirstName = "Maximiliano-Gutemberg" },
                 })
        {
            var sms = TokenMessage.Sms(d);
            Assert.True(TokenMessage.FitsOneSegment(sms), $"{TokenMessage.SmsSeptets(sms)}: {sms}");
            Assert.Contains("004219", sms);
            Assert.Contains("2026000123", sms);
            Assert.Contains("0800-700-0001", sms);
        }
        Assert.Contains("token 004219 de Pedro trat 2026000123", TokenMessage.Sms(ForPedroThroughMaria()));
    }

    [Fact]
    public void APatientsOwnMessageIsUnchanged()
    {
        var own = ForPedroThroughMaria() with { BeneficiaryFirstName = "João", PatientFirstName = null };
        Assert.StartsWith("Olá, João.", TokenMessage.EmailText(own));
        Assert.Contains("Seu token de atendimento", TokenMessage.EmailText(own));
        Assert.DoesNotContain(" de Pedro", TokenMessage.Sms(own));
    }
}
