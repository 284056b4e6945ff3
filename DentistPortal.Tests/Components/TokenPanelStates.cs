using Bunit;
using DentistPortal.Components.Pages.Treatments;
using DentistPortal.Domain.Beneficiaries;
using DentistPortal.Domain.Messaging;
using DentistPortal.Domain.Tokens;
using DentistPortal.Domain.Treatments;
using DentistPortal.Features.Support;
using DentistPortal.Features.Treatments;
using DentistPortal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace DentistPortal.Tests.Components;

/// <summary>The token panel in every token state and delivery status, and the no-contact case.</summary>
public class TokenPanelStates(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 13, 0, 0, TimeSpan.Zero);

    private static TreatmentView View(TokenStatus? token = null, DeliveryStatus delivery = DeliveryStatus.Pending, bool contacts = true,
        TreatmentStatus status = TreatmentStatus.Submitted, string? whyNot = null, int wrong = 0, string? lastError = null)
    {
        var tokens = token is { } s
            ? new List<TokenView> { new(1, 1, s, Now, Now.AddHours(48), null, 0, 5, s == TokenStatus.Validated ? ValidationChannel.Chair : null,
                [new DeliveryView(1, DeliveryChannel.Sms, "(11) *****-4321", false, delivery, delivery == DeliveryStatus.Pending ? 0 : 1, lastError, null),
                 new DeliveryView(2, DeliveryChannel.Email, "m***@e***.com.br", false, DeliveryStatus.Sent, 1, null, Now)]) }
            : [];
        return new TreatmentView(1, "2026000001", status, Now, 1, "Maria Aparecida da Silva", "9876 5400 0001 0014", true,
            contacts ? new ContactRoute("(11) *****-4321", "m***@e***.com.br", false) : new ContactRoute(null, null, false),
            "d", "Dra. Ana Beatriz Ferreira", 1, "Clínica Sorriso Paulista",
            [new TreatmentItemView(1, "81000030", "Consulta odontológica", null, null, null, 1, ItemAuthorization.Authorized, null)],
            tokens, wrong, 10 - wrong, whyNot, null, status == TreatmentStatus.Validated ? Now : null)
        { Permissions = AtItsClinic };
    }

    /// <summary>What the handlers allow the treatment's dentist (the viewer of these states).</summary>
    private static readonly TreatmentPermissions AtItsClinic = new(
        CanView: true, CanGenerate: true, CanValidate: true, CanValidateForCentral: false, CanMarkLate: true, CanPrintGuide: true,
        CanReadGuide: true, CanUploadSignedGuide: true, CanDownloadSignedGuide: true, CanRevoke: false, CanSubmit: true);

    private IRenderedComponent<TokenPanel> Render(BunitContext ctx, TreatmentView view) =>
        ctx.Render<TokenPanel>(p => p
            .Add(x => x.View, view)
            .Add(x => x.Support, database.Services.CreateScope().ServiceProvider.GetRequiredService<GetSupportChannelsHandler>().Handle()));

    [Fact]
    public async Task BeforeAnyTokenItOffersGerarToken()
    {
        await using var ctx = ComponentContext.Create(database);
        var cut = Render(ctx, View());
        Assert.Contains(cut.FindAll("button"), b => b.TextContent.Trim() == "Gerar token" && !b.HasAttribute("disabled"));
        Assert.Empty(cut.FindAll("input#token-code"));
    }

    [Fact]
    public async Task WhenNothingIsAuthorizedTheButtonIsDisabledAndSaysWhy()
    {
        await using var ctx = ComponentContext.Create(database);
        var cut = Render(ctx, View(whyNot: "Nenhum procedimento deste tratamento foi autorizado, por isso não é possível gerar token."));
        Assert.Contains(cut.FindAll("button"), b => b.TextContent.Trim() == "Gerar token" && b.HasAttribute("disabled"));
        Assert.Contains("Nenhum procedimento deste tratamento foi autorizado", cut.Find("[data-testid=why-no-token]").TextContent);
    }

    [Fact]
    public async Task AnActiveTokenShowsValidityDeliveriesAndTheCodeField()
    {
        await using var ctx = ComponentContext.Create(database);
        var cut = Render(ctx, View(TokenStatus.Active));
        Assert.Equal("active", cut.Find("[data-token-status]").GetAttribute("data-token-status"));
        Assert.Contains("válido até", cut.Markup);
        Assert.NotNull(cut.Find("input#token-code"));
        Assert.Contains(cut.FindAll("button"), b => b.TextContent.Trim() == "Gerar novo token");
        Assert.Contains(cut.FindAll("button"), b => b.TextContent.Trim() == "Paciente sem celular (token tardio)");
        Assert.Contains("(11) *****-4321", cut.Find("[data-channel=sms]").TextContent);
    }

    [Theory]
    [InlineData(DeliveryStatus.Pending, "Enviando")]
    [InlineData(DeliveryStatus.Sent, "Enviado")]
    [InlineData(DeliveryStatus.Failed, "Falhou")]
    public async Task EveryDeliveryStatusIsShown(DeliveryStatus status, string text)
    {
        await using var ctx = ComponentContext.Create(database);
        var cut = Render(ctx, View(TokenStatus.Active, status, lastError: status == DeliveryStatus.Failed ? "Gateway SMS indisponível (HTTP 503)" : null));
        var sms = cut.Find("[data-channel=sms]");
        Assert.Contains(text, sms.TextContent);
        if (status == DeliveryStatus.Failed) Assert.Contains("Gateway SMS indisponível (HTTP 503)", sms.TextContent);
    }

    [Theory]
    [InlineData(TokenStatus.Expired, "Expirado")]
    [InlineData(TokenStatus.Locked, "Bloqueado por códigos incorretos")]
    [InlineData(TokenStatus.Revoked, "Cancelado (código não solicitado)")]
    public async Task AnEndedTokenOffersANewOneAndNoCodeField(TokenStatus status, string text)
    {
        await using var ctx = ComponentContext.Create(database);
        var cut = Render(ctx, View(status));
        Assert.Contains(text, cut.Find("[data-token-status]").TextContent);
        Assert.Empty(cut.FindAll("input#token-code"));
        Assert.Contains(cut.FindAll("button"), b => b.TextContent.Trim() == "Gerar novo token" && !b.HasAttribute("disabled"));
    }

    [Fact]
    public async Task AValidatedTreatmentSaysTokenValidado()
    {
        await using var ctx = ComponentContext.Create(database);
        var cut = Render(ctx, View(TokenStatus.Validated, status: TreatmentStatus.Validated));
        Assert.Contains("Token validado", cut.Find("[data-testid=treatment-validated]").TextContent);
        Assert.Empty(cut.FindAll("input#token-code"));
        Assert.DoesNotContain(cut.FindAll("button"), b => b.TextContent.Contains("Gerar"));
    }

    [Fact]
    public async Task WithoutAnyContactThePanelSaysSoBeforeAnyClickAndOffersTheFallbacks()
    {
        await using var ctx = ComponentContext.Create(database);
        var cut = Render(ctx, View(contacts: false));
        var warning = cut.Find("[data-testid=no-contact]").TextContent;
        Assert.Contains("não tem celular, e-mail nem acesso ao Portal do Cliente", warning);
        Assert.Contains("Central de Atendimento", warning);
        Assert.Contains("guia de tratamento", warning);
        Assert.Contains(cut.FindAll("a"), a => a.TextContent.Contains("Imprimir guia de tratamento"));
        Assert.Contains(cut.FindAll("button"), b => b.TextContent.Contains("Ligar para a Central"));
    }

    [Fact]
    public async Task WithoutAnyChannelAnActiveTokenIsNotOfferedAsALateToken()
    {
        await using var ctx = ComponentContext.Create(database);
        var cut = Render(ctx, View(TokenStatus.Active, contacts: false) with { Reach = TokenReach.None });
        Assert.DoesNotContain(cut.FindAll("button"), b => b.TextContent.Contains("token tardio"));
        Assert.Contains("não há token tardio", cut.Find("[data-testid=no-contact]").TextContent);
    }

    [Fact]
    public async Task APortalAccountAloneIsEnoughForALateToken()
    {
        await using var ctx = ComponentContext.Create(database);
        var cut = Render(ctx, View(TokenStatus.Active, contacts: false) with { Reach = new TokenReach(false, false, Portal: true, false) });
        Assert.Contains(cut.FindAll("button"), b => b.TextContent.Trim() == "Paciente sem celular (token tardio)");
        Assert.Empty(cut.FindAll("[data-testid=no-contact]"));
        Assert.Contains("Portal do Cliente", cut.Find("[data-testid=portal-only]").TextContent);
    }

    [Fact]
    public async Task LigarParaACentralShowsNumbersAndHoursFromConfiguration()
    {
        await using var ctx = ComponentContext.Create(database);
        var cut = Render(ctx, View(TokenStatus.Active));
        await cut.FindAll("button").First(b => b.TextContent.Contains("Ligar para a Central")).ClickAsync(new());
        var info = cut.Find("[data-testid=central-info]").TextContent;
        Assert.Contains("3003-0000", info);
        Assert.Contains("segunda a sexta, das 09h às 18h", info);
    }

    [Fact]
    public async Task WrongCodesSoFarAreShownWithWhatIsLeft()
    {
        await using var ctx = ComponentContext.Create(database);
        var cut = Render(ctx, View(TokenStatus.Active, wrong: 3));
        Assert.Contains("Códigos incorretos neste tratamento: 3 (restam 7", cut.Markup);
    }
}
