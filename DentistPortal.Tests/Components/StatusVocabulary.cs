using Bunit;
using DentistPortal.Components.Shared;
using DentistPortal.Domain.Messaging;
using DentistPortal.Domain.Tokens;
using DentistPortal.Domain.Treatments;
using DentistPortal.Features.Common;
using DentistPortal.Tests.Infrastructure;
using MudBlazor;

namespace DentistPortal.Tests.Components;

/// <summary>One label and one colour per status value, shown by the shared chips (issue 9 "one vocabulary for the screens").</summary>
public class StatusVocabulary(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public void EveryStatusValueHasItsOwnPortugueseLabel()
    {
        Assert.All(Enum.GetValues<TokenStatus>(), s => Assert.NotEqual(s.ToString(), StatusLabels.Of(s)));
        Assert.All(Enum.GetValues<TreatmentStatus>(), s => Assert.NotEqual(s.ToString(), StatusLabels.Of(s)));
        Assert.All(Enum.GetValues<DeliveryStatus>(), s => Assert.NotEqual(s.ToString(), StatusLabels.Of(s)));
        Assert.Equal(Enum.GetValues<TokenStatus>().Length, Enum.GetValues<TokenStatus>().Select(s => StatusLabels.Of(s)).Distinct().Count());
        Assert.Equal(Enum.GetValues<TreatmentStatus>().Length, Enum.GetValues<TreatmentStatus>().Select(s => StatusLabels.Of(s)).Distinct().Count());
    }

    [Fact]
    public void ASubmittedTreatmentIsNamedByWhatItWaitsFor()
    {
        Assert.Equal("Autorizado / aguardando token", StatusLabels.Of(TreatmentStatus.Submitted));
        Assert.Equal("Em análise pela auditoria", StatusLabels.Of(TreatmentStatus.Submitted, hasAuthorizedItem: false, hasItemUnderReview: true));
        Assert.Equal("Nenhum procedimento autorizado", StatusLabels.Of(TreatmentStatus.Submitted, hasAuthorizedItem: false));
    }

    [Theory]
    [InlineData(TokenStatus.Active, "Ativo", "info")]
    [InlineData(TokenStatus.Validated, "Validado", "success")]
    [InlineData(TokenStatus.Expired, "Expirado", "default")]
    [InlineData(TokenStatus.Locked, "Bloqueado por códigos incorretos", "error")]
    public async Task TheTokenChipShowsTheLabelInItsColour(TokenStatus status, string label, string colour)
    {
        await using var ctx = ComponentContext.Create(database);
        var cut = ctx.Render<TokenStatusChip>(p => p.Add(x => x.Status, status));
        var chip = cut.Find(".mud-chip");
        Assert.Equal(label, chip.TextContent.Trim());
        Assert.Contains($"mud-chip-color-{colour}", chip.ClassName);
    }

    [Theory]
    [InlineData(TreatmentStatus.AwaitingLateToken, "Aguardando token tardio", Color.Warning)]
    [InlineData(TreatmentStatus.ValidatedBySignedGuide, "Validado por guia assinada", Color.Success)]
    public async Task TheTreatmentChipShowsTheLabelInItsColour(TreatmentStatus status, string label, Color colour)
    {
        await using var ctx = ComponentContext.Create(database);
        var cut = ctx.Render<TreatmentStatusChip>(p => p.Add(x => x.Status, status));
        Assert.Equal(label, cut.Find(".mud-chip").TextContent.Trim());
        Assert.Equal(colour, StatusColors.Of(status));
        Assert.Contains($"mud-chip-color-{colour.ToString().ToLowerInvariant()}", cut.Find(".mud-chip").ClassName);
    }
}
