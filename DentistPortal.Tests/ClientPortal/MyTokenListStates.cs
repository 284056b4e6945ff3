using Bunit;
using DentistPortal.Components.Pages.ClientPortal;
using DentistPortal.Domain.Beneficiaries;
using DentistPortal.Domain.Tokens;
using DentistPortal.Features.ClientPortal;
using DentistPortal.Features.Common;
using DentistPortal.Tests.Components;
using DentistPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Tests.ClientPortal;

/// <summary>"Meus tokens" in every state: active with its code, ended ones without, older ones, none at all, and the report.</summary>
public class MyTokenListStates(TestDatabase database) : IClassFixture<TestDatabase>
{
    // 13:00 UTC is 10:00 in Brasília.
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 13, 0, 0, TimeSpan.Zero);

    private static readonly IReadOnlyList<FamilyMember> Family =
    [
        new(1, "Maria Aparecida da Silva", Relationship.Holder, true, null),
        new(3, "Pedro Henrique da Silva", Relationship.Child, false, 1),
    ];

    private static MyTokenView Token(TokenStatus status, string? code = null, int id = 1, string number = "2026000101", bool self = true, DateTimeOffset? created = null)
    {
        var at = created ?? Now.AddHours(-1);
        return new(id, id, 1, self ? 1 : 3, self ? "Maria Aparecida da Silva" : "Pedro Henrique da Silva", self, code, number,
            "Dra. Ana Beatriz Ferreira", "Clínica Sorriso Paulista", at, at.AddHours(48), status == TokenStatus.Active ? null : at.AddMinutes(30), status);
    }

    private static IRenderedComponent<MyTokenList> Render(BunitContext ctx, MyTokens tokens, Actor? actor = null) =>
        ctx.Render<MyTokenList>(p => p.Add(x => x.Tokens, tokens).Add(x => x.Now, Now).Add(x => x.Actor, actor).Add(x => x.SacNumber, "0800-700-0001"));

    [Fact]
    public async Task AnActiveTokenShowsItsCodeBigWithEverythingThePatientNeeds()
    {
        await using var ctx = ComponentContext.Create(database);
        var cut = Render(ctx, new MyTokens([Token(TokenStatus.Active, "004219", self: false)], [], Family));
        var card = cut.Find("[data-testid=my-token]");
        Assert.Equal("active", card.GetAttribute("data-token-status"));
        Assert.Equal("004 219", cut.Find("[data-testid=token-code]").TextContent.Trim());
        Assert.Equal("Código: 0 0 4 2 1 9", cut.Find("[data-testid=token-code-spoken]").TextContent.Trim());
        var text = card.TextContent;
        Assert.Contains("Tratamento nº 2026000101", text);
        Assert.Contains("Pedro Henrique da Silva (seu dependente)", text);
        Assert.Contains("Dra. Ana Beatriz Ferreira", text);
        Assert.Contains("Clínica Sorriso Paulista", text);
        Assert.Contains("25/11/2026 09:00", text); // generated 12:00 UTC
        Assert.Contains("27/11/2026 09:00", text); // valid until, Brasília time
        Assert.Contains("faltam 47h00", text);
        Assert.Contains("Ativo", cut.Find("[data-testid=token-status]").TextContent);
        Assert.Contains(cut.FindAll("button"), b => b.TextContent.Trim() == "Não solicitei este código");
    }

    [Fact]
    public async Task AnActiveTokenThatMustBeReissuedShowsNoCodeAndSaysToAskForANewOne()
    {
        await using var ctx = ComponentContext.Create(database);
        var cut = Render(ctx, new MyTokens([Token(TokenStatus.Active) with { NeedsReissue = true }], [], Family));
        Assert.Empty(cut.FindAll("[data-testid=token-code]"));
        Assert.Contains("Peça ao seu dentista que gere um novo token", cut.Find("[data-testid=token-needs-reissue]").TextContent);
    }

    [Theory]
    [InlineData(TokenStatus.Revoked, "Cancelado (código não solicitado)", "operadora vai analisar")]
    [InlineData(TokenStatus.Expired, "Expirado", "Passou da validade")]
    [InlineData(TokenStatus.Validated, "Validado", "atendimento foi confirmado")]
    [InlineData(TokenStatus.Superseded, "Substituído por um token mais novo", "Use sempre o último")]
    [InlineData(TokenStatus.Locked, "Bloqueado por códigos incorretos", "gera um novo token")]
    public async Task AnEndedTokenShowsItsStateWithoutCodeAndCannotBeReported(TokenStatus status, string chip, string explanation)
    {
        await using var ctx = ComponentContext.Create(database);
        var cut = Render(ctx, new MyTokens([Token(status)], [], Family));
        Assert.Equal(status.ToString().ToLowerInvariant(), cut.Find("[data-testid=my-token]").GetAttribute("data-token-status"));
        Assert.Equal(chip, cut.Find("[data-testid=token-status]").TextContent.Trim());
        Assert.Contains(explanation, cut.Find("[data-testid=token-explanation]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=token-code]"));
        Assert.DoesNotContain(cut.FindAll("button"), b => b.TextContent.Contains("Não solicitei"));
    }

    [Fact]
    public async Task WithoutTokensItSaysSoAndMentionsTheDependents()
    {
        await using var ctx = ComponentContext.Create(database);
        var cut = Render(ctx, new MyTokens([], [], Family));
        var empty = cut.Find("[data-testid=no-recent-tokens]").TextContent;
        Assert.Contains("Nenhum token de atendimento nas últimas 48 horas", empty);
        Assert.Contains("ou seus dependentes", empty);
        Assert.Empty(cut.FindAll("[data-testid=my-token]"));
        Assert.Empty(cut.FindAll("[data-testid=older-token]"));
    }

    [Fact]
    public async Task OlderTokensAreATableWithTheirFinalStateAndNoCode()
    {
        await using var ctx = ComponentContext.Create(database);
        var older = Token(TokenStatus.Validated, id: 9, number: "2026000009", created: Now.AddDays(-5));
        var cut = Render(ctx, new MyTokens([], [older], Family));
        var row = cut.Find("[data-testid=older-token]");
        Assert.Equal("2026000009", row.GetAttribute("data-number"));
        Assert.Contains("Validado", row.TextContent);
        Assert.Contains("20/11/2026", row.TextContent);
        Assert.Contains("Tokens anteriores", cut.Markup);
        Assert.Empty(cut.FindAll("[data-testid=token-code]"));
    }

    [Fact]
    public async Task NaoSoliciteiAsksForConfirmationAndVoltarCancelsIt()
    {
        await using var ctx = ComponentContext.Create(database);
        var cut = Render(ctx, new MyTokens([Token(TokenStatus.Active, "123456")], [], Family));
        await cut.FindAll("button").Single(b => b.TextContent.Trim() == "Não solicitei este código").ClickAsync(new());
        Assert.Contains("Você não pediu este código?", cut.Find("[data-testid=report-confirm]").TextContent);
        await cut.FindAll("button").Single(b => b.TextContent.Trim() == "Voltar").ClickAsync(new());
        Assert.Empty(cut.FindAll("[data-testid=report-confirm]"));
        Assert.Contains(cut.FindAll("button"), b => b.TextContent.Trim() == "Não solicitei este código");
    }

    [Fact]
    public async Task ConfirmingTheReportCancelsTheRealTokenAndSaysWhatHappensNext()
    {
        var s = new PortalScenario(database);
        var t = await s.TokenForAsync(TokenScenario.MariaCpf, "765432");
        var maria = await s.MariaAsync();
        var tokens = await s.MyTokensAsync(maria);

        await using var ctx = DentistPortal.Tests.Components.ComponentContext.Create(database);
        var changed = 0;
        var cut = ctx.Render<MyTokenList>(p => p.Add(x => x.Tokens, tokens).Add(x => x.Now, database.Clock.GetUtcNow()).Add(x => x.Actor, maria)
            .Add(x => x.SacNumber, "0800-700-0001").Add(x => x.OnChanged, () => changed++));
        var card = cut.Find($"[data-testid=my-token][data-number='{t.Number}']");
        Assert.Equal("765 432", card.QuerySelector("[data-testid=token-code]")!.TextContent.Trim());

        await cut.Find($"[data-testid=my-token][data-number='{t.Number}']").QuerySelectorAll("button").Single(b => b.TextContent.Trim() == "Não solicitei este código").ClickAsync(new());
        await cut.FindAll("button").Single(b => b.TextContent.Trim() == "Sim, cancelar o código").ClickAsync(new());

        var message = cut.Find("[data-testid=portal-message]").TextContent;
        Assert.Contains($"Cancelamos o código do tratamento nº {t.Number}", message);
        Assert.Contains("operadora vai analisar", message);
        Assert.Contains("protocolo nº", message);
        Assert.Contains("0800-700-0001", message);
        Assert.Equal(1, changed);
        await using var db = await s.Tokens.ContextAsync();
        Assert.Equal(TokenStatus.Revoked, (await db.Tokens.SingleAsync(k => k.Id == t.TokenId)).Status);
    }
}
