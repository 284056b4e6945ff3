using System.Text.RegularExpressions;
using AngleSharp.Dom;
using Bunit;
using DentistPortal.Components.Pages.CallCenter;
using DentistPortal.Components.Pages.LateTokens;
using DentistPortal.Components.Shared;
using DentistPortal.Features.CallCenter;
using DentistPortal.Features.LateTokens;
using DentistPortal.Tests.CallCenter;
using DentistPortal.Tests.Infrastructure;

namespace DentistPortal.Tests.Components;

/// <summary>
/// Issue 14, "Tablet and phone": the code fields open the numeric keypad on a tablet or phone (<c>inputmode="numeric"</c>,
/// a digits-only <c>pattern</c> for the older iOS keypad) and the token fields offer the code just received
/// (<c>autocomplete="one-time-code"</c>). A pattern never blocks a submit with the browser's own bubble: the token fields
/// accept the separators the portal accepts ("123 456", "123-456"), the Central's forms are <c>novalidate</c> and answer
/// with their own pt-BR messages.
/// </summary>
public class NumericKeypadFields(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 13, 0, 0, TimeSpan.Zero);

    private static void AssertNumericKeypad(IElement input, params string[] accepted)
    {
        Assert.Equal("numeric", input.GetAttribute("inputmode"));
        var pattern = input.GetAttribute("pattern");
        Assert.False(string.IsNullOrEmpty(pattern), $"{input.OuterHtml} has no pattern");
        foreach (var typed in accepted)
            Assert.Matches(new Regex($"^(?:{pattern})$"), typed);
        Assert.DoesNotMatch(new Regex($"^(?:{pattern})$"), "12a456");
    }

    [Fact]
    public async Task TheChairTokenFieldOpensTheNumericKeypadAndOffersTheCodeJustReceived()
    {
        await using var ctx = ComponentContext.Create(database);
        var input = ctx.Render<TokenCodeInput>().Find("input#token-code");
        AssertNumericKeypad(input, "123456", "123 456", "123-456");
        Assert.Equal("one-time-code", input.GetAttribute("autocomplete"));
    }

    [Fact]
    public async Task TheLateTokenFieldOpensTheNumericKeypadAndOffersTheCodeJustReceived()
    {
        await using var ctx = ComponentContext.Create(database);
        var cut = ctx.Render<LateTokenList>(p => p
            .Add(x => x.Rows, [new LateTokenRow(1, "2026000001", "Roberto Nunes Costa", "Dra. Ana Beatriz Ferreira", 1, Now.AddHours(2), false)])
            .Add(x => x.Now, Now));
        var input = cut.Find("[data-testid=late-row] input.dp-late-input");
        AssertNumericKeypad(input, "123456", "123 456", "123-456");
        Assert.Equal("one-time-code", input.GetAttribute("autocomplete"));
    }

    [Fact]
    public async Task TheCentralsDigitFieldsOpenTheNumericKeypadAndLeaveTheMessagesToThePortal()
    {
        var calls = new CallScenario(database);
        var agent = await calls.AgentAsync();
        var match = (await calls.Handler<FindBeneficiaryHandler>().HandleAsync(new(TokenScenario.MariaCpf), agent)).Value!.Matches.Single();
        await using var ctx = ComponentContext.Create(database);

        var identity = ctx.Render<IdentityCheckPanel>(p => p
            .Add(x => x.Actor, agent).Add(x => x.CallId, CallScenario.NewCall()).Add(x => x.Beneficiary, match));
        AssertNumericKeypad(identity.Find("input#identity-cpf"), "529");
        // The birth date as the caller says it: digits (the keypad has no slash; "12031985" is accepted) or with slashes.
        AssertNumericKeypad(identity.Find("input#identity-birth"), "12031985", "12/03/1985");
        Assert.True(identity.Find("form.cc-identity-form").HasAttribute("novalidate"));

        var report = ctx.Render<UnsolicitedCodeReportPanel>(p => p.Add(x => x.Actor, agent).Add(x => x.CallId, CallScenario.NewCall()));
        AssertNumericKeypad(report.Find("input[aria-label='Nº do tratamento (na mensagem)']"), "2026000123");
        AssertNumericKeypad(report.Find("input[aria-label='4 últimos dígitos do celular']"), "4321");
        Assert.True(report.Find("form.cc-identity-form").HasAttribute("novalidate"));
    }
}
