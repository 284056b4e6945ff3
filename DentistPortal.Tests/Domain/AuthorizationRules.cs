using DentistPortal.Domain.Tokens;
using DentistPortal.Domain.Beneficiaries;
using DentistPortal.Domain.Plans;
using DentistPortal.Domain.Procedures;
using DentistPortal.Domain.Treatments;

namespace DentistPortal.Tests.Domain;

/// <summary>AR-1 / AR-2 and TR-3 on the treatment.</summary>
public class AuthorizationRules
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 13, 0, 0, TimeSpan.Zero);

    private static readonly Dictionary<string, Procedure> Catalogue = new()
    {
        ["81000030"] = new() { TussCode = "81000030", Description = "Consulta odontológica" },
        ["84000198"] = new() { TussCode = "84000198", Description = "Profilaxia: polimento coronário", Site = ProcedureSite.Mouth },
        ["85100200"] = new() { TussCode = "85100200", Description = "Restauração em resina 2 faces", Site = ProcedureSite.Tooth, RequiresFaces = true, FaceCount = 2 },
        ["85200158"] = new() { TussCode = "85200158", Description = "Tratamento endodôntico multirradicular", Site = ProcedureSite.Tooth, NeedsReview = true },
        ["85400157"] = new() { TussCode = "85400157", Description = "Coroa total metalo cerâmica", Site = ProcedureSite.Tooth, NeedsReview = true },
        ["85300047"] = new() { TussCode = "85300047", Description = "Raspagem supra-gengival", Site = ProcedureSite.Sextant },
        ["83000089"] = new() { TussCode = "83000089", Description = "Exodontia simples de decíduo", Site = ProcedureSite.Tooth },
    };

    private static Plan Plan() => new()
    {
        Name = "Essencial", AnsProductCode = "x",
        Coverages =
        [
            new() { TussCode = "81000030" },
            new() { TussCode = "84000198", FrequencyMaxCount = 1, FrequencyMonths = 6 },
            new() { TussCode = "85100200", WaitingPeriodDays = 90 },
            new() { TussCode = "85200158", WaitingPeriodDays = 90 },
            new() { TussCode = "85300047" },
            new() { TussCode = "83000089" },
        ],
    };

    private static Beneficiary Patient(DateOnly enrolled, BeneficiaryStatus status = BeneficiaryStatus.Active) => new()
    {
        Id = 1, CardNumber = "9876540000010014", FullName = "Maria", EnrolledOn = enrolled, Status = status, BirthDate = new DateOnly(1985, 1, 1),
    };

    private static Treatment Draft(params TreatmentItem[] items) => new() { DentistUserId = "d", Items = [.. items] };

    private static TreatmentItem Item(string code, int? tooth = null, string? faces = null, string? region = null) =>
        new() { TussCode = code, Description = Catalogue.TryGetValue(code, out var p) ? p.Description : code, Tooth = tooth, Faces = faces, Region = region };

    private static Treatment Submit(Treatment t, Beneficiary b, params PriorUse[] prior)
    {
        t.Submit(b, Plan(), Catalogue, prior, Now);
        return t;
    }

    [Fact]
    public void PartialAuthorizationIsNormal()
    {
        var t = Submit(Draft(Item("81000030"), Item("85400157", tooth: 16), Item("85200158", tooth: 36)), Patient(new DateOnly(2024, 1, 10)));
        Assert.Equal(ItemAuthorization.Authorized, t.Items[0].Authorization);
        Assert.Equal(ItemAuthorization.Denied, t.Items[1].Authorization);
        Assert.Contains("não coberto pelo plano", t.Items[1].Reason);
        Assert.Equal(ItemAuthorization.UnderReview, t.Items[2].Authorization);
        Assert.Null(t.WhyNoToken(10)); // TR-3: one authorized item is enough
    }

    [Fact]
    public void AnInactiveBeneficiaryGetsEveryItemDenied()
    {
        var t = Submit(Draft(Item("81000030")), Patient(new DateOnly(2020, 1, 1), BeneficiaryStatus.Inactive));
        Assert.Equal(ItemAuthorization.Denied, t.Items[0].Authorization);
        Assert.Equal("Beneficiário inativo no plano.", t.Items[0].Reason);
        Assert.NotNull(t.WhyNoToken(10));
    }

    [Fact]
    public void TheWaitingPeriodDeniesUntilItEnds()
    {
        var t = Submit(Draft(Item("85100200", tooth: 16, faces: "OM")), Patient(DateOnly.FromDateTime(Now.UtcDateTime).AddDays(-30)));
        Assert.Equal(ItemAuthorization.Denied, t.Items[0].Authorization);
        Assert.Contains("carência", t.Items[0].Reason);
    }

    [Fact]
    public void TheFrequencyLimitDeniesASecondProphylaxisWithinSixMonths()
    {
        var t = Submit(Draft(Item("84000198")), Patient(new DateOnly(2024, 1, 10)), new PriorUse("84000198", Now.AddMonths(-2), 1));
        Assert.Equal(ItemAuthorization.Denied, t.Items[0].Authorization);
        Assert.Contains("Limite de frequência", t.Items[0].Reason);
    }

    [Fact]
    public void TheFrequencyLimitAllowsAfterSixMonths()
    {
        var t = Submit(Draft(Item("84000198")), Patient(new DateOnly(2024, 1, 10)), new PriorUse("84000198", Now.AddMonths(-7), 1));
        Assert.Equal(ItemAuthorization.Authorized, t.Items[0].Authorization);
    }

    [Fact]
    public void TwoProphylaxesInTheSameTreatmentExceedTheLimit()
    {
        var t = Submit(Draft(Item("84000198"), Item("84000198")), Patient(new DateOnly(2024, 1, 10)));
        Assert.Equal(ItemAuthorization.Authorized, t.Items[0].Authorization);
        Assert.Equal(ItemAuthorization.Denied, t.Items[1].Authorization);
    }

    [Theory]
    [InlineData(null, "OM", "Informe o dente")]
    [InlineData(19, "OM", "Dente 19 inválido")]
    [InlineData(16, null, "Informe as faces")]
    [InlineData(16, "OMD", "2 face(s)")]
    [InlineData(16, "OX", "Informe as faces")]
    public void ToothAndFacesMustFitTheProcedure(int? tooth, string? faces, string reason)
    {
        var t = Submit(Draft(Item("85100200", tooth, faces)), Patient(new DateOnly(2024, 1, 10)));
        Assert.Equal(ItemAuthorization.Denied, t.Items[0].Authorization);
        Assert.Contains(reason, t.Items[0].Reason);
    }

    [Fact]
    public void DeciduousProceduresNeedADeciduousTooth()
    {
        var t = Submit(Draft(Item("83000089", tooth: 16), Item("83000089", tooth: 85)), Patient(new DateOnly(2024, 1, 10)));
        Assert.Equal(ItemAuthorization.Denied, t.Items[0].Authorization);
        Assert.Equal(ItemAuthorization.Authorized, t.Items[1].Authorization);
    }

    [Fact]
    public void RegionProceduresNeedAValidRegion()
    {
        var t = Submit(Draft(Item("85300047", region: "S7"), Item("85300047", region: "S2")), Patient(new DateOnly(2024, 1, 10)));
        Assert.Equal(ItemAuthorization.Denied, t.Items[0].Authorization);
        Assert.Equal(ItemAuthorization.Authorized, t.Items[1].Authorization);
    }

    [Fact]
    public void NoTokenWithoutAnAuthorizedItemAndTheDentistIsToldWhy()
    {
        var t = Submit(Draft(Item("85200158", tooth: 36)), Patient(new DateOnly(2024, 1, 10)));
        Assert.Contains("em análise", t.WhyNoToken(10));
        Assert.Contains("Envie o tratamento", Draft(Item("81000030")).WhyNoToken(10));
    }

    [Fact]
    public void TheTreatmentCapStopsNewTokens()
    {
        var t = Submit(Draft(Item("81000030")), Patient(new DateOnly(2024, 1, 10)));
        var policy = new DentistPortal.Domain.Tokens.TokenPolicy();
        var wrong = new byte[32];
        for (var token = 0; token < 2; token++)
        {
            // TR-7: five wrong codes lock a token, and a new token does not reset the treatment's count.
            Assert.True(t.IssueToken(() => new NewTokenCode("k1", [1], "x"), "d", Now, policy).Issued);
            for (var i = 0; i < 5; i++) t.CheckCode(_ => wrong, "d", DentistPortal.Domain.Tokens.ValidationChannel.Chair, Now, policy, 0, () => "REF0000001");
        }
        Assert.Equal(10, t.WrongCodeCount);
        Assert.Contains("limite de códigos incorretos", t.WhyNoToken(10));
    }
}
