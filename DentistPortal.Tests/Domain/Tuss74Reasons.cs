using DentistPortal.Domain.Tiss;
using DentistPortal.Domain.Treatments;

namespace DentistPortal.Tests.Domain;

/// <summary>TUSS table 74, one definition (issue 9 §8): the standard's codes and wording, and a treatment stores nothing else.</summary>
public class Tuss74Reasons
{
    /// <summary>A consultation submitted and authorized through the domain (AR-1), as at the chair.</summary>
    private static Treatment Submitted()
    {
        var t = new Treatment { DentistUserId = "d", Items = [new() { TussCode = "81000030", Description = "Consulta odontológica" }] };
        t.Submit(new DentistPortal.Domain.Beneficiaries.Beneficiary
            {
                Id = 1, CardNumber = "9876540000010014", FullName = "Maria", EnrolledOn = new DateOnly(2024, 1, 10),
                Status = DentistPortal.Domain.Beneficiaries.BeneficiaryStatus.Active, BirthDate = new DateOnly(1985, 1, 1),
            },
            new DentistPortal.Domain.Plans.Plan { Name = "Essencial", AnsProductCode = "x", Coverages = [new() { TussCode = "81000030" }] },
            new Dictionary<string, DentistPortal.Domain.Procedures.Procedure> { ["81000030"] = new() { TussCode = "81000030", Description = "Consulta odontológica" } },
            [], new DateTimeOffset(2026, 11, 25, 13, 0, 0, TimeSpan.Zero));
        return t;
    }

    [Fact]
    public void TheTableHasTheSevenCodesOfTheTissStandardInOrder() =>
        Assert.Equal(["01", "02", "03", "04", "05", "06", "07"], Tuss74.Table.Select(r => r.Code));

    [Theory]
    [InlineData("03", "03 – Intermitência/instabilidade de sistemas e regularização do atendimento após saída do beneficiário do prestador de serviço")]
    [InlineData("07", "07 – Beneficiário não possui celular")]
    [InlineData("NT", "NT")]
    public void ACodeIsShownWithTheStandardsWording(string code, string expected) => Assert.Equal(expected, Tuss74.Display(code));

    [Theory]
    [InlineData("NT")]
    [InlineData("Dentista não conseguiu gerar o token")]
    [InlineData("")]
    public void ATreatmentRefusesAReasonThatIsNotATuss74Code(string reason)
    {
        Assert.Throws<ArgumentException>(() => Submitted().MarkAwaitingLateToken(reason));
        Assert.Throws<ArgumentException>(() => Submitted().SubmitSignedGuide(new DentistPortal.Domain.Contingency.SignedGuideScan("g.pdf", "g.pdf", "application/pdf", 1, "00"),
            reason, null, "staff", "Recepção", 3, DateTimeOffset.UnixEpoch));
    }

    [Fact]
    public void ValidatingWithATokenClearsTheAbsenceReason()
    {
        var t = Submitted();
        t.MarkAwaitingLateToken(Tuss74.NoMobilePhone);
        t.MarkValidated(DateTimeOffset.UnixEpoch, "REF0000001");
        Assert.Null(t.MissingTokenReason);
    }
}
