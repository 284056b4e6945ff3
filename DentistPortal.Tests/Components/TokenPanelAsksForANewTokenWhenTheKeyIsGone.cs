using Bunit;
using DentistPortal.Components.Pages.Treatments;
using DentistPortal.Domain.Beneficiaries;
using DentistPortal.Domain.Tokens;
using DentistPortal.Domain.Treatments;
using DentistPortal.Features.Support;
using DentistPortal.Features.Treatments;
using DentistPortal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace DentistPortal.Tests.Components;

/// <summary>Issue 10 (Keys and secrets): an active token whose HMAC key is gone is shown as "precisa ser reemitido", with "Gerar novo token".</summary>
public class TokenPanelAsksForANewTokenWhenTheKeyIsGone(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 13, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task TheWarningAppearsOnlyForATokenThatNeedsReissue(bool needsReissue)
    {
        await using var ctx = ComponentContext.Create(database);
        var token = new TokenView(1, 1, TokenStatus.Active, Now, Now.AddHours(48), null, 0, 5, null, []) { NeedsReissue = needsReissue };
        var view = new TreatmentView(1, "2026000001", TreatmentStatus.Submitted, Now, 1, "Maria Aparecida da Silva", "9876 5400 0001 0014", true,
            new ContactRoute("(11) *****-4321", null, false), "d", "Dra. Ana Beatriz Ferreira", 1, "Clínica Sorriso Paulista",
            [new TreatmentItemView(1, "81000030", "Consulta odontológica", null, null, null, 1, ItemAuthorization.Authorized, null)],
            [token], 0, 10, null, null, null)
        {
            Permissions = new(CanView: true, CanGenerate: true, CanValidate: true, CanValidateForCentral: false, CanMarkLate: true, CanPrintGuide: true,
                CanReadGuide: true, CanUploadSignedGuide: true, CanDownloadSignedGuide: true, CanRevoke: false, CanSubmit: true),
        };

        var cut = ctx.Render<TokenPanel>(p => p
            .Add(x => x.View, view)
            .Add(x => x.Support, database.Services.CreateScope().ServiceProvider.GetRequiredService<GetSupportChannelsHandler>().Handle()));

        Assert.Equal(needsReissue, cut.FindAll("[data-testid=token-needs-reissue]").Count == 1);
        if (needsReissue) Assert.Contains("Token precisa ser reemitido", cut.Find("[data-testid=token-needs-reissue]").TextContent);
        Assert.Contains(cut.FindAll("button"), b => b.TextContent.Trim() == "Gerar novo token" && !b.HasAttribute("disabled"));
        Assert.Equal(!needsReissue, cut.FindAll("input#token-code").Count == 1); // no code field for a code that cannot be checked
    }
}
