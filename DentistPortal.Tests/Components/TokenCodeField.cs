using Bunit;
using DentistPortal.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor.Services;

namespace DentistPortal.Tests.Components;

/// <summary>"Token informado pelo paciente": typing, pasting, non-digits, length.</summary>
public class TokenCodeField
{
    private static BunitContext Context(bool interactive = true)
    {
        var ctx = new BunitContext();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddMudServices();
        ctx.SetRendererInfo(new RendererInfo(interactive ? "Server" : "Static", interactive));
        return ctx;
    }

    /// <summary>
    /// Issue 13's outside tester, on a slow link: a code typed into the prerendered page was silently replaced by the live
    /// page's empty field. Before the page is live the field cannot be typed into and says why.
    /// </summary>
    [Fact]
    public async Task BeforeThePageIsLiveTheFieldIsDisabledAndSaysItIsLoading()
    {
        await using var ctx = Context(interactive: false);
        var cut = ctx.Render<TokenCodeInput>();
        Assert.True(cut.Find("input#token-code").HasAttribute("disabled"));
        Assert.Contains("Carregando a página", cut.Markup);

        await using var live = Context();
        var field = live.Render<TokenCodeInput>();
        Assert.False(field.Find("input#token-code").HasAttribute("disabled"));
        Assert.Contains("6 números, como o paciente recebeu.", field.Markup);
    }

    [Theory]
    [InlineData("123456")]
    [InlineData("123 456")]
    [InlineData("123-456")]
    [InlineData(" 004219 ")]
    public async Task APastedOrTypedCodeIsComplete(string typed)
    {
        await using var ctx = Context();
        string? bound = null;
        var cut = ctx.Render<TokenCodeInput>(p => p.Add(x => x.ValueChanged, v => bound = v));
        await cut.Find("input#token-code").InputAsync(new ChangeEventArgs { Value = typed });
        Assert.Equal(typed, bound);
        Assert.True(TokenCodeInput.IsComplete(bound));
        Assert.DoesNotContain("mud-input-error", cut.Markup);
    }

    [Fact]
    public async Task NonDigitsAreExplained()
    {
        await using var ctx = Context();
        var cut = ctx.Render<TokenCodeInput>();
        await cut.Find("input#token-code").InputAsync(new ChangeEventArgs { Value = "12a4" });
        cut.WaitForAssertion(() => Assert.Contains("Use apenas números", cut.Markup));
    }

    [Fact]
    public async Task TooManyDigitsAreExplained()
    {
        await using var ctx = Context();
        var cut = ctx.Render<TokenCodeInput>();
        await cut.Find("input#token-code").InputAsync(new ChangeEventArgs { Value = "1234567" });
        cut.WaitForAssertion(() => Assert.Contains("O token tem só 6 números", cut.Markup));
    }

    [Fact]
    public async Task AnUnfinishedCodeIsNotNaggedAbout()
    {
        await using var ctx = Context();
        var cut = ctx.Render<TokenCodeInput>();
        await cut.Find("input#token-code").InputAsync(new ChangeEventArgs { Value = "123" });
        Assert.Null(TokenCodeInput.Explain("123"));
        Assert.False(TokenCodeInput.IsComplete("123"));
        Assert.DoesNotContain("Use apenas", cut.Markup);
    }

    [Fact]
    public async Task UsesTheNumericKeyboardAndTheAccessibleName()
    {
        await using var ctx = Context();
        var cut = ctx.Render<TokenCodeInput>();
        var input = cut.Find("input#token-code");
        Assert.Equal("numeric", input.GetAttribute("inputmode"));
        Assert.Equal("Token informado pelo paciente", input.GetAttribute("aria-label"));
    }

    /// <summary>
    /// Issue 13 (plain-markup field): the text belongs to the browser while the user types. What is typed is never written
    /// back into the field (a redraw of an older value racing fast typing lost digits of a code retyped after a wrong
    /// one); when the page clears the code (a token generated or validated) the field is emptied.
    /// </summary>
    [Fact]
    public async Task TypingIsNeverWrittenBackButThePageClearingTheCodeEmptiesTheField()
    {
        await using var ctx = Context();
        string? code = null;
        var cut = ctx.Render<TokenCodeInput>(p => p.Add(x => x.Value, code).Add(x => x.ValueChanged, v => code = v));
        Assert.False(cut.Find("input#token-code").HasAttribute("value"));

        await cut.Find("input#token-code").InputAsync(new ChangeEventArgs { Value = "11111" });
        cut.Render(p => p.Add(x => x.Value, code)); // the page passes the typed code back, as @bind-Value does
        await cut.Find("input#token-code").InputAsync(new ChangeEventArgs { Value = "111111" });
        cut.Render(p => p.Add(x => x.Value, code));
        Assert.Equal("111111", code);
        Assert.Empty(ctx.JSInterop.Invocations["dpField.set"]);
        Assert.False(cut.Find("input#token-code").HasAttribute("value"));

        cut.Render(p => p.Add(x => x.Value, null)); // "Token validado": the page clears the code
        cut.WaitForAssertion(() =>
        {
            var write = ctx.JSInterop.Invocations["dpField.set"].Single();
            Assert.Equal("", write.Arguments[1]);
            Assert.Equal("111111", write.Arguments[2]); // written only if the field still holds what the server last heard
        });
    }

    [Fact]
    public async Task AnExplainedMistakeIsNamedByTheField()
    {
        await using var ctx = Context();
        var cut = ctx.Render<TokenCodeInput>();
        await cut.Find("input#token-code").InputAsync(new ChangeEventArgs { Value = "12a4" });
        var input = cut.Find("input#token-code");
        Assert.Equal("true", input.GetAttribute("aria-invalid"));
        Assert.Contains("Use apenas números", cut.Find($"#{input.GetAttribute("aria-describedby")}").TextContent);
    }

    /// <summary>Third outside tester: Enter with 5 digits did nothing and said nothing.</summary>
    [Theory]
    [InlineData("12345", "O token tem 6 números: falta 1.")]
    [InlineData("1", "O token tem 6 números: faltam 5.")]
    [InlineData("", "Digite o token de 6 números que o paciente recebeu.")]
    public async Task EnterOnAnUnfinishedCodeSaysWhatIsMissingOnTheField(string typed, string said)
    {
        await using var ctx = Context();
        var submitted = 0;
        var cut = ctx.Render<TokenCodeInput>(p => p.Add(x => x.OnSubmit, () => submitted++));
        await cut.Find("input#token-code").InputAsync(new ChangeEventArgs { Value = typed });
        await cut.Find("input#token-code").KeyDownAsync(new KeyboardEventArgs { Key = "Enter" });
        var input = cut.Find("input#token-code");
        Assert.Equal("true", input.GetAttribute("aria-invalid"));
        var message = cut.Find($"#{input.GetAttribute("aria-describedby")}");
        Assert.Equal(said, message.TextContent.Trim());
        Assert.Equal("alert", message.GetAttribute("role"));
        Assert.Equal(0, submitted);
    }

    /// <summary>Third outside tester: a wrong code stayed in the field marked valid; it is marked invalid and named by the answer.</summary>
    [Fact]
    public async Task ACodeTheAnswerRefusedMarksTheFieldInvalidAndNamesTheAnswer()
    {
        await using var ctx = Context();
        var cut = ctx.Render<TokenCodeInput>(p => p.Add(x => x.Value, "111111").Add(x => x.RefusedBy, "token-outcome"));
        var input = cut.Find("input#token-code");
        Assert.Equal("true", input.GetAttribute("aria-invalid"));
        Assert.Equal("token-outcome", input.GetAttribute("aria-describedby"));

        cut.Render(p => p.Add(x => x.Value, "111111").Add(x => x.RefusedBy, null));
        Assert.Equal("false", cut.Find("input#token-code").GetAttribute("aria-invalid"));
    }

    [Theory]
    [InlineData("١٢٣٤٥٦")]
    [InlineData("12 34 56")]
    public void OtherDigitsAndSeparatorsAreNotAComplete(string typed) => Assert.False(TokenCodeInput.IsComplete(typed));
}
