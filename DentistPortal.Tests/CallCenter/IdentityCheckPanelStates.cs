using Bunit;
using DentistPortal.Components.Pages.CallCenter;
using DentistPortal.Features.CallCenter;
using DentistPortal.Features.Common;
using DentistPortal.Tests.Components;
using DentistPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Tests.CallCenter;

/// <summary>The identity check panel in each state, on the real handler and database (bUnit).</summary>
public class IdentityCheckPanelStates(TestDatabase database) : IClassFixture<TestDatabase>
{
    private readonly CallScenario s = new(database);

    private async Task<BeneficiaryMatch> MatchAsync(string term) =>
        (await s.Handler<FindBeneficiaryHandler>().HandleAsync(new(term), await s.AgentAsync())).Value!.Matches.Single();

    private async Task<(IRenderedComponent<IdentityCheckPanel> Cut, List<CallerIdentity> Raised)> RenderAsync(
        BunitContext ctx, string call, BeneficiaryMatch match, CallerIdentity? identity = null)
    {
        var actor = await s.AgentAsync();
        var raised = new List<CallerIdentity>();
        var cut = ctx.Render<IdentityCheckPanel>(p => p
            .Add(x => x.Actor, actor)
            .Add(x => x.CallId, call)
            .Add(x => x.Beneficiary, match)
            .Add(x => x.Identity, identity)
            .Add(x => x.OnChecked, (CallerIdentity i) => raised.Add(i)));
        return (cut, raised);
    }

    private static async Task AnswerAsync(IRenderedComponent<IdentityCheckPanel> cut, string birth, string cpf)
    {
        await cut.Find("input#identity-birth").InputAsync(new ChangeEventArgs { Value = birth });
        await cut.Find("input#identity-cpf").InputAsync(new ChangeEventArgs { Value = cpf });
        await cut.Find("form.cc-identity-form").SubmitAsync();
    }

    private static string State<T>(IRenderedComponent<T> cut) where T : IComponent =>
        cut.Find("[data-testid=identity-panel]").GetAttribute("data-identity-state")!;

    [Fact]
    public async Task BeforeAnyCheckItAsksBothQuestionsAndSaysAFailureBlocksTheCall()
    {
        await using var ctx = ComponentContext.Create(database);
        var (cut, _) = await RenderAsync(ctx, CallScenario.NewCall(), await MatchAsync(TokenScenario.MariaCpf));
        Assert.Equal("notchecked", State(cut));
        Assert.Equal("Data de nascimento", cut.Find("input#identity-birth").GetAttribute("aria-label"));
        Assert.Equal("3 primeiros dígitos do CPF", cut.Find("input#identity-cpf").GetAttribute("aria-label"));
        var instructions = cut.Find("[data-testid=identity-instructions]").TextContent;
        Assert.Contains("não leia os dados do cadastro", instructions);
        Assert.Contains("bloqueada", instructions);
        Assert.Contains("Nova ligação", instructions);
        Assert.Contains("Maria Aparecida da Silva", cut.Markup);
        // The full birth date is not on the screen: the caller must say it.
        Assert.DoesNotContain("12/03/1985", cut.Markup);
    }

    [Fact]
    public async Task EmptyAnswersShowFieldMessagesAndRecordNothing()
    {
        await using var ctx = ComponentContext.Create(database);
        var call = CallScenario.NewCall();
        var (cut, raised) = await RenderAsync(ctx, call, await MatchAsync(TokenScenario.MariaCpf));
        await cut.Find("form.cc-identity-form").SubmitAsync();
        cut.WaitForAssertion(() =>
        {
            Assert.Contains(CallerAnswers.BirthDateEmptyMessage, cut.Markup);
            Assert.Contains(CallerAnswers.CpfStartMessage, cut.Markup);
        });
        // Issue 14: each field is marked invalid and names its own message, so a screen reader says why on the field.
        foreach (var (field, message) in new[] { ("identity-birth", CallerAnswers.BirthDateEmptyMessage), ("identity-cpf", CallerAnswers.CpfStartMessage) })
        {
            var input = cut.Find($"input#{field}");
            Assert.Equal("true", input.GetAttribute("aria-invalid"));
            var described = (input.GetAttribute("aria-describedby") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.True(described.Any(id => cut.FindAll($"[id='{id}']").Any(e => e.TextContent.Contains(message))),
                $"{field}: aria-describedby=\"{input.GetAttribute("aria-describedby")}\" does not name \"{message}\"\n{input.OuterHtml}");
        }
        Assert.Empty(raised);
        await using var db = await s.Tokens.ContextAsync();
        Assert.False(await db.IdentityChecks.AnyAsync(c => c.CallId == call));
    }

    [Fact]
    public async Task TheRightAnswersShowConfirmedAndHideTheForm()
    {
        await using var ctx = ComponentContext.Create(database);
        var (cut, raised) = await RenderAsync(ctx, CallScenario.NewCall(), await MatchAsync(TokenScenario.MariaCpf));
        await AnswerAsync(cut, CallScenario.MariaBirth, CallScenario.MariaCpfStart);
        cut.WaitForAssertion(() => Assert.Equal("passed", State(cut)));
        Assert.Contains("Identidade confirmada", cut.Find("[data-testid=identity-passed]").TextContent);
        Assert.Empty(cut.FindAll("form.cc-identity-form"));
        Assert.Equal(CallerIdentityState.Passed, Assert.Single(raised).State);
    }

    [Fact]
    public async Task AWrongAnswerShowsTheCallBlockedWithWhatToDo()
    {
        await using var ctx = ComponentContext.Create(database);
        var (cut, raised) = await RenderAsync(ctx, CallScenario.NewCall(), await MatchAsync(TokenScenario.MariaCpf));
        await AnswerAsync(cut, "12/03/1985", "528");
        cut.WaitForAssertion(() => Assert.Equal("blocked", State(cut)));
        var blocked = cut.Find("[data-testid=identity-blocked]");
        Assert.Equal("alert", blocked.GetAttribute("role"));
        Assert.Contains("Identidade não confirmada", blocked.TextContent);
        Assert.Contains("Encerre a ligação", blocked.TextContent);
        Assert.Contains("Nova ligação", blocked.TextContent);
        Assert.Empty(cut.FindAll("form.cc-identity-form"));
        Assert.True(Assert.Single(raised).IsBlocked);
    }

    [Fact]
    public async Task ACallAlreadyBlockedOffersNoFormEvenForAnotherFamilyMember()
    {
        var call = CallScenario.NewCall();
        await s.CheckAsync(call, await s.IdAsync(TokenScenario.MariaCpf), "01/01/1901", "000");
        var joao = await MatchAsync(CallScenario.JoaoCpf);
        var identity = (await s.Handler<GetCallerIdentityHandler>().HandleAsync(new(call, joao.Id), await s.AgentAsync())).Value!;
        await using var ctx = ComponentContext.Create(database);
        var (cut, _) = await RenderAsync(ctx, call, joao, identity);
        Assert.Equal("blocked", State(cut));
        Assert.Empty(cut.FindAll("input"));
    }

    [Fact]
    public async Task AnExpiredCheckAsksAgain()
    {
        await using var ctx = ComponentContext.Create(database);
        var expired = new CallerIdentity(CallerIdentityState.Expired, null, IdentityGate.ExpiredMessage);
        var (cut, _) = await RenderAsync(ctx, CallScenario.NewCall(), await MatchAsync(TokenScenario.MariaCpf), expired);
        Assert.Contains("mais de 30 minutos", cut.Find("[data-testid=identity-expired]").TextContent);
        Assert.NotNull(cut.Find("form.cc-identity-form"));
    }

    [Fact]
    public async Task AChildWithoutCpfIsAskedTheHoldersDigits()
    {
        await s.ChildWithoutCpfUnderRobertoAsync();
        await using var ctx = ComponentContext.Create(database);
        var (cut, raised) = await RenderAsync(ctx, CallScenario.NewCall(), await MatchAsync("ana clara nunes"));
        Assert.Contains("CPF do titular (Roberto Nunes Costa)", cut.Markup);
        await AnswerAsync(cut, "05/05/2021", "111");
        cut.WaitForAssertion(() => Assert.Equal("passed", State(cut)));
        Assert.True(Assert.Single(raised).IsPassed);
    }

    [Fact]
    public async Task NonAgentsGetTheRefusalNotACheck()
    {
        await using var ctx = ComponentContext.Create(database);
        var call = CallScenario.NewCall();
        var dentist = await DemoActors.ForAsync(database.Services, "dentista@demo.local", DemoActors.SaoPauloCnpj);
        var cut = ctx.Render<IdentityCheckPanel>(p => p
            .Add(x => x.Actor, dentist)
            .Add(x => x.CallId, call)
            .Add(x => x.Beneficiary, new BeneficiaryMatch(1, "X", null, "", 1985, "Titular", true, null, true, false)));
        await AnswerAsync(cut, CallScenario.MariaBirth, CallScenario.MariaCpfStart);
        cut.WaitForAssertion(() => Assert.Contains(Result<int>.ForbiddenMessage, cut.Find("[data-testid=identity-error]").TextContent));
        Assert.Equal("notchecked", State(cut));
    }
}
