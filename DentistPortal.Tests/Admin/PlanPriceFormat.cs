using DentistPortal.Domain.Plans;
using DentistPortal.Features.Admin;

namespace DentistPortal.Tests.Admin;

/// <summary>Prices as the operator types them in pt-BR and as TISS st_decimal8-2 carries them (issue 11, valorProc).</summary>
public class PlanPriceFormat
{
    [Theory]
    [InlineData("150,00", "150.00")]
    [InlineData("150", "150")]
    [InlineData("1.234,56", "1234.56")]
    [InlineData("R$ 1.234,56", "1234.56")]
    [InlineData("R$\u00A080,5", "80.5")]
    [InlineData(" 999.999,99 ", "999999.99")]
    [InlineData("1234,56", "1234.56")]
    public void APtBrPriceIsRead(string typed, string expected)
    {
        Assert.True(PlanPrice.TryParse(typed, out var price));
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), price);
    }

    [Theory]
    [InlineData("150.00")]
    [InlineData("1,234.56")]
    [InlineData("12.34,00")]
    [InlineData("abc")]
    [InlineData("1e3")]
    [InlineData("")]
    [InlineData(null)]
    public void WhatIsNotAPtBrPriceIsNotRead(string? typed) => Assert.False(PlanPrice.TryParse(typed, out _));

    [Theory]
    [InlineData("1234.56", "R$ 1.234,56")]
    [InlineData("60", "R$ 60,00")]
    [InlineData("0.5", "R$ 0,50")]
    [InlineData("999999.99", "R$ 999.999,99")]
    public void APriceIsShownAsReais(string value, string shown) =>
        Assert.Equal(shown, PlanPrice.Format(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData("150,00", null)]
    [InlineData("1.234,56", null)]
    [InlineData("", null)]
    [InlineData("0,01", null)]
    [InlineData("999.999,99", null)]
    [InlineData("0", "O preço deve ser maior que zero (deixe em branco para ficar sem preço).")]
    [InlineData("-0,01", "O preço deve ser maior que zero (deixe em branco para ficar sem preço).")]
    [InlineData("10,123", "O preço tem no máximo 2 casas decimais (centavos).")]
    [InlineData("1.000.000,00", "O preço deve ser menor que R$ 1.000.000,00.")]
    [InlineData("150.00", "Preço inválido: digite o valor em reais, por exemplo 150,00 ou 1.234,56.")]
    public void TheValidatorAcceptsStDecimal8_2AndExplainsEverythingElse(string price, string? message)
    {
        var result = new UpdateCoveragePriceValidator().Validate(new UpdateCoveragePriceCommand(1, "81000030", price));
        Assert.Equal(message is null ? [] : [message], result.Errors.Select(e => e.ErrorMessage));
    }

    [Fact]
    public void TheDomainRefusesAPriceOutsideStDecimal8_2()
    {
        var coverage = new PlanCoverage { TussCode = "81000030" };
        Assert.Throws<ArgumentOutOfRangeException>(() => coverage.SetPrice(0m));
        Assert.Throws<ArgumentOutOfRangeException>(() => coverage.SetPrice(1.005m));
        Assert.Throws<ArgumentOutOfRangeException>(() => coverage.SetPrice(1_000_000m));
        Assert.True(coverage.SetPrice(60m));
        Assert.False(coverage.SetPrice(60.00m));
        Assert.True(coverage.SetPrice(null));
    }
}
