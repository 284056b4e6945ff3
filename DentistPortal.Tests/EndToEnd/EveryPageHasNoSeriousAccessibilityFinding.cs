using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using DentistPortal.Features.Tokens;
using DentistPortal.Features.Treatments;
using DentistPortal.Tests.Infrastructure;
using DentistPortal.Tests.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace DentistPortal.Tests.EndToEnd;

/// <summary>
/// Issue 14 ("0 serious or critical axe-core findings on every page and every main state, for every role"): Debian's
/// Chromium walks every route of <see cref="RouteAuthorizationMatrix.Routes"/> (plus <see cref="RoutesBeyondTheMatrix"/>,
/// the anonymous pages and the data pages of <see cref="EveryPageWorksUnderTheContentSecurityPolicy.ExtraPagesAsync"/>)
/// for each role, in its main states — empty, with data, an error shown, a menu, list or confirmation open — and runs
/// axe-core with the WCAG 2.0/2.1 A and AA rules after each. A role fails listing every serious or critical violation
/// (rule, target, page, state); every finding, moderate and minor too, goes to <c>screenshots/axe-report.md</c> and the
/// totals to the test output. Each page also needs its own non-empty document title (issue 14, "Language and time").
/// </summary>
[Collection(BrowserCollection.Name)]
public class EveryPageHasNoSeriousAccessibilityFinding(BrowserFixture browser, ITestOutputHelper output)
{
    private const string Anonymous = "anônimo", Dentist = "dentista@demo.local", Staff = "recepcao@demo.local",
        Agent = "central@demo.local", Auditor = "auditor@demo.local", Admin = "admin@demo.local", Patient = "paciente@demo.local";

    /// <summary>Routed pages the authorization matrix leaves out (route → who opens them here), so the walk still reaches every <c>@page</c>.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> RoutesBeyondTheMatrix = new Dictionary<string, string[]>
    {
        ["/faturamento/tiss"] = [Dentist, Staff],
        ["/dev/mensagens"] = [Staff],
        ["/Account/Manage/TwoFactorAuthentication"] = [Dentist, Agent, Auditor, Admin, Patient],
        ["/admin/integracoes"] = [Admin],
        ["/admin/clinicas/1/webhook"] = [Admin],
        ["/Account/Login"] = [Anonymous],
        ["/Account/LoginWith2fa"] = [Anonymous],
        ["/Account/LoginWithRecoveryCode"] = [Anonymous],
        ["/Account/Lockout"] = [Anonymous],
        ["/Account/AccessDenied"] = [Anonymous],
        ["/Account/InvalidUser"] = [Anonymous],
        ["/Error"] = [Anonymous],
        ["/not-found"] = [Dentist],
        ["/Account/SelecionarClinica"] = ["dentista2@demo.local"],
        ["/Account/Manage/EnableAuthenticator"] = [Admin],
        // Made per run with a treatment number (ExtraPagesAsync): the treatment page and its guide.
        ["/tratamentos/{Numero}"] = [Dentist, Staff, Auditor],
        ["/tratamentos/{Numero}/guia"] = [Dentist],
    };

    private static readonly AxeRunOptions Wcag21AA = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        ResultTypes = [ResultType.Violations],
    };

    private static readonly ConcurrentDictionary<string, RoleReport> Reports = new();

    public static TheoryData<string> Roles() => new([Anonymous, Dentist, Staff, Agent, Auditor, Admin, Patient, "dentista2@demo.local"]);

    [Fact]
    public void EveryRoutedPageIsWalked()
    {
        var templates = typeof(Program).Assembly.GetTypes()
            .SelectMany(t => t.GetCustomAttributes(typeof(Microsoft.AspNetCore.Components.RouteAttribute), false))
            .Cast<Microsoft.AspNetCore.Components.RouteAttribute>()
            .Select(r => Regex.Replace(r.Template, @"\{ClinicId:int\}", "1"))
            .Select(t => Regex.Replace(t, @"\{Referencia\}", "1"))
            .ToList();
        var walked = RouteAuthorizationMatrix.Routes.Keys.Concat(RoutesBeyondTheMatrix.Keys).ToHashSet(StringComparer.Ordinal);
        var missing = templates.Where(t => !walked.Contains(t)).ToList();
        Assert.True(missing.Count == 0, "Rotas fora da verificação de acessibilidade: " + string.Join(", ", missing));
    }

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task EveryPageAndStateOfARoleHasNoSeriousOrCriticalFinding(string role)
    {
        var steps = await StepsForAsync(role);
        var page = await browser.NewPageAsync();
        var report = new RoleReport(role);
        var titles = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            foreach (var step in steps)
            {
                if (step.Route is not null)
                {
                    var response = await page.GotoAsync(step.Route);
                    Assert.True(response is { Status: < 500 }, $"{role} {step.Route}: {response?.Status}");
                    await ReadyAsync(page);
                }
                if (step.Arrange is not null)
                {
                    await step.Arrange(page);
                    // An action may have navigated (the login lands on the home page): axe reads the page once it is live,
                    // not while the interactive head replaces the prerendered one (CI saw "no <title>" at that moment).
                    await ReadyAsync(page);
                }
                await SettleAsync(page);
                var path = new Uri(page.Url).AbsolutePath;
                var result = await page.RunAxe(Wcag21AA);
                report.Add(path, step.State, result);
                if (step.Route is not null && step.Arrange is null) titles[step.Template ?? step.Route] = await page.TitleAsync();
                if (step.Screenshot)
                    await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDir, $"axe-{Slug(role)}-{Slug(step.State + path)}.png"), FullPage = true });
            }
        }
        finally
        {
            await page.Context.CloseAsync();
            Reports[role] = report;
            WriteReport();
            output.WriteLine(report.Summary());
            foreach (var f in report.Findings) output.WriteLine(f.ToString());
        }

        Assert.True(report.Serious.Count == 0,
            $"{report.Serious.Count} achado(s) sério(s) ou crítico(s) do axe para {role}:\n" + string.Join("\n", report.Serious));
        Assert.All(titles, t => Assert.False(string.IsNullOrWhiteSpace(t.Value), $"{t.Key}: página sem título"));
        var repeated = titles.GroupBy(t => t.Value).Where(g => g.Count() > 1).Select(g => $"\"{g.Key}\": {string.Join(", ", g.Select(t => t.Key))}").ToList();
        Assert.True(repeated.Count == 0, "Páginas diferentes com o mesmo título: " + string.Join("; ", repeated));
    }

    private async Task<List<Step>> StepsForAsync(string role)
    {
        var steps = new List<Step>();
        void Visit(string route, string? template = null) => steps.Add(new(route, "página", null, template));
        void Then(string state, Func<IPage, Task> arrange, bool screenshot = false) => steps.Add(new(null, state, arrange, Screenshot: screenshot));

        if (role == Anonymous)
        {
            Visit("/Account/Login");
            Then("erro: campos vazios", async p =>
            {
                await p.Locator("form button[type=submit].dp-button").ClickAsync();
                await p.Locator(".dp-field-error:not(:empty), [role=alert]").First.WaitForAsync();
            });
            Then("erro: login recusado", async p =>
            {
                await p.GetByLabel("E-mail").FillAsync("ninguem@demo.local");
                await p.GetByLabel("Senha").FillAsync("Errada@2026!");
                await p.GetByRole(AriaRole.Button, new() { Name = "Entrar" }).ClickAsync();
                await p.Locator("[role=alert]:not(:empty), .dp-field-error:not(:empty)").First.WaitForAsync();
            }, screenshot: true);
            Then("verificação em duas etapas", async p =>
            {
                await p.GetByLabel("E-mail").FillAsync(Agent);
                await p.GetByLabel("Senha").FillAsync(LoginHelper.DemoPassword);
                await p.GetByRole(AriaRole.Button, new() { Name = "Entrar" }).ClickAsync();
                await p.WaitForURLAsync(new Regex("LoginWith2fa"));
            });
            Then("verificação: código em branco", async p =>
            {
                await p.GetByRole(AriaRole.Button, new() { Name = "Verificar e entrar" }).ClickAsync();
                await p.Locator(".dp-field-error:not(:empty), [role=alert]").First.WaitForAsync();
            }, screenshot: true);
            Visit("/Account/LoginWithRecoveryCode");
            Visit("/Account/Lockout");
            Visit("/Account/AccessDenied");
            Visit("/Account/InvalidUser");
            Visit("/Error");
            return steps;
        }

        var mariaReference = role == Dentist
            ? await LookupReferences.ForAsync(browser.Portal.Services, await DemoActors.ForAsync(browser.Portal.Services, Dentist, DemoActors.SaoPauloCnpj), TokenScenario.MariaCpf)
            : null;
        var extra = await EveryPageWorksUnderTheContentSecurityPolicy.ExtraPagesAsync(browser, role);
        extra.AddRange(await DataForAsync(role));
        steps.Add(new(null, "login", p => BrowserFixture.LoginAsync(p, role)));
        if (role == "dentista2@demo.local")
        {
            // Two clinics: the choice page comes first.
            Then("escolha da clínica", p => p.WaitForURLAsync(new Regex("SelecionarClinica")), screenshot: true);
            return steps;
        }
        foreach (var route in RouteAuthorizationMatrix.Routes.Where(r => r.Value.Contains(role)).Select(r => r.Key)
                     .Concat(RoutesBeyondTheMatrix.Where(r => r.Value.Contains(role) && !r.Key.Contains('{')).Select(r => r.Key)))
        {
            Visit(route);
            AddStates(route);
        }
        foreach (var route in extra)
        {
            Visit(route, route.EndsWith("/guia", StringComparison.Ordinal) ? "/tratamentos/{Numero}/guia" : "/tratamentos/{Numero}");
            AddStates(route.EndsWith("/guia", StringComparison.Ordinal) ? "/tratamentos/{Numero}/guia" : "/tratamentos/{Numero}");
        }
        return steps;

        void AddStates(string route)
        {
            switch (route)
            {
                case "/":
                    Then("menu do usuário aberto", async p =>
                    {
                        await p.Locator(".mud-appbar .mud-menu button").First.ClickAsync();
                        await p.Locator(".mud-popover-open").GetByText("Alterar senha").WaitForAsync();
                    }, screenshot: true);
                    if (role is Dentist or Staff)
                    {
                        Then("busca com resultado", async p =>
                        {
                            await p.Keyboard.PressAsync("Escape");
                            await p.GotoAsync("/");
                            await BrowserFixture.WaitForInteractiveAsync(p);
                            await p.GetByLabel("Carteirinha ou CPF").FillAsync(TokenScenario.MariaCpf);
                            await p.GetByRole(AriaRole.Button, new() { Name = "Buscar" }).ClickAsync();
                            await p.GetByRole(AriaRole.Region, new() { Name = "Resultado da busca" }).WaitForAsync();
                        }, screenshot: true);
                        Then("erro: CPF inválido", async p =>
                        {
                            await p.GetByLabel("Carteirinha ou CPF").FillAsync("529.982.247-24");
                            await p.GetByRole(AriaRole.Button, new() { Name = "Buscar" }).ClickAsync();
                            await p.GetByText("CPF inválido: confira os dígitos digitados.").WaitForAsync();
                        });
                    }
                    break;
                case "/beneficiarios/1/novo-tratamento":
                    // "1" is no beneficiary's reference: that was the error state; now the form for Maria.
                    Visit($"/beneficiarios/{Uri.EscapeDataString(mariaReference!)}/novo-tratamento", route);
                    Then("lista de procedimentos aberta", async p =>
                    {
                        var field = p.GetByRole(AriaRole.Combobox, new() { Name = "Procedimento" });
                        await field.ClickAsync();
                        await field.PressSequentiallyAsync("consulta");
                        await p.GetByText("81000030 – Consulta odontológica").First.WaitForAsync();
                    }, screenshot: true);
                    Then("procedimento adicionado", async p =>
                    {
                        await p.GetByText("81000030 – Consulta odontológica").First.ClickAsync();
                        await p.GetByRole(AriaRole.Button, new() { Name = "Adicionar procedimento" }).ClickAsync();
                        await p.GetByRole(AriaRole.Button, new() { Name = "Remover 81000030" }).WaitForAsync();
                    });
                    break;
                case "/Account/Manage/ChangePassword":
                    Then("erro: campos vazios", async p =>
                    {
                        await p.Locator("form button[type=submit].dp-button").ClickAsync();
                        await p.Locator(".dp-field-error:not(:empty), [role=alert]").First.WaitForAsync();
                    });
                    break;
                case "/tratamentos/{Numero}" when role == Staff:
                    Then("erro: arquivo recusado", async p =>
                    {
                        await p.Locator("#signed-guide-file").SetInputFilesAsync(new FilePayload { Name = "guia.txt", MimeType = "text/plain", Buffer = Encoding.UTF8.GetBytes("não é uma guia") });
                        await p.GetByRole(AriaRole.Button, new() { Name = "Registrar guia assinada" }).ClickAsync();
                        await p.Locator("[data-testid=upload-message]").WaitForAsync();
                    }, screenshot: true);
                    break;
                case "/tokens-tardios" when role == Staff:
                    Then("erro: token errado", async p =>
                    {
                        var row = p.Locator("[data-testid=late-row]").First;
                        await row.GetByLabel("Token", new() { Exact = true }).FillAsync("000000");
                        await row.GetByRole(AriaRole.Button, new() { Name = "Validar" }).ClickAsync();
                        await p.Locator("[data-testid=row-outcome], [data-testid=late-message]").First.WaitForAsync();
                    }, screenshot: true);
                    break;
                case "/tratamentos/{Numero}" when role == Dentist:
                    Then("erro: token errado", async p =>
                    {
                        await p.GetByLabel("Token informado pelo paciente").FillAsync("000000");
                        await p.GetByRole(AriaRole.Button, new() { Name = "Validar token" }).ClickAsync();
                        await p.Locator("[data-testid=validation-outcome], [data-testid=panel-message]").First.WaitForAsync();
                    }, screenshot: true);
                    Then("contatos da Central abertos", async p =>
                    {
                        await p.GetByRole(AriaRole.Button, new() { Name = "Ligar para a Central" }).ClickAsync();
                        await p.Locator("[aria-expanded=true]").First.WaitForAsync();
                    });
                    break;
                case "/tratamentos/{Numero}/guia":
                    Then("escolha do motivo e confirmação", async p =>
                    {
                        await p.GetByRole(AriaRole.Radio, new() { Name = "04 – Beneficiário se negou a transmitir o número do token" }).CheckAsync(new() { Force = true });
                        await p.GetByRole(AriaRole.Button, new() { Name = "Registrar motivo e mostrar a guia" }).ClickAsync();
                        await p.Locator("[data-testid=print-confirmation], [data-testid=gto-number]").First.WaitForAsync();
                    }, screenshot: true);
                    break;
                case "/central":
                    Then("busca sem resultado", async p =>
                    {
                        await p.GetByLabel("CPF, carteirinha ou nome").FillAsync("Zzzyxw");
                        await p.GetByRole(AriaRole.Button, new() { Name = "Buscar" }).ClickAsync();
                        await p.Locator("[data-testid=cc-not-found]").WaitForAsync();
                    });
                    Then("busca com resultado", async p =>
                    {
                        await p.GetByLabel("CPF, carteirinha ou nome").FillAsync("Silva");
                        await p.GetByRole(AriaRole.Button, new() { Name = "Buscar" }).ClickAsync();
                        await p.Locator("[data-testid=cc-results]").WaitForAsync();
                    }, screenshot: true);
                    Then("conferência de identidade com erro", async p =>
                    {
                        await p.Locator("[data-testid=cc-match]").First.GetByRole(AriaRole.Button).ClickAsync();
                        var form = p.Locator("[data-testid=identity-form]");
                        await form.WaitForAsync();
                        await form.GetByRole(AriaRole.Button, new() { Name = "Confirmar identidade" }).ClickAsync();
                        await p.Locator("[data-testid=identity-panel] .mud-input-error, [data-testid=identity-error]").First.WaitForAsync();
                    }, screenshot: true);
                    break;
                case "/central/contingencia":
                    Then("lista de clínicas aberta", async p =>
                    {
                        await p.GetByLabel("Clínica").First.ClickAsync();
                        await p.Locator(".mud-popover-open .mud-list-item").First.WaitForAsync();
                    });
                    break;
                case "/admin/contas":
                    Then("confirmação aberta", async p =>
                    {
                        await p.Locator("[data-testid=account-row]").First.GetByRole(AriaRole.Button, new() { Name = "Redefinir senha" }).ClickAsync();
                        await p.Locator("[data-testid=confirm-bar]").WaitForAsync();
                    });
                    Then("formulário de nova conta", async p =>
                    {
                        await p.GetByRole(AriaRole.Button, new() { Name = "Nova conta" }).ClickAsync();
                        await p.Locator("form, .mud-input-control").First.WaitForAsync();
                    }, screenshot: true);
                    break;
                case "/admin/auditoria":
                    // The date picker open (the tester's "button-name" critical: its header button had no name).
                    Then("calendário aberto", async p =>
                    {
                        await p.Locator(".mud-picker .mud-input-adornment button").First.ClickAsync();
                        await p.Locator(".mud-popover-open .mud-picker-calendar-container").WaitForAsync();
                    }, screenshot: true);
                    Then("calendário: escolha do ano", async p =>
                    {
                        await p.Locator(".mud-popover-open .mud-picker-calendar-header-transition").First.ClickAsync();
                        await p.Locator(".mud-popover-open .mud-picker-month-container, .mud-popover-open .mud-picker-year-container").First.WaitForAsync();
                    });
                    break;
                case "/admin/integracoes":
                    Then("chave criada", async p =>
                    {
                        await p.Locator("#new-key-clinic").ClickAsync();
                        await p.Locator(".mud-popover-open .mud-list-item").First.ClickAsync();
                        await p.GetByLabel("Nome da chave (ex.: sistema da recepção)").FillAsync("teste de acessibilidade");
                        await p.GetByRole(AriaRole.Button, new() { Name = "Criar chave" }).ClickAsync();
                        await p.GetByRole(AriaRole.Button, new() { Name = "Copiar" }).WaitForAsync();
                    });
                    Then("confirmação de revogação aberta", async p =>
                    {
                        await p.GetByRole(AriaRole.Button, new() { Name = "Revogar" }).First.ClickAsync();
                        await p.Locator(".mud-dialog").WaitForAsync();
                    }, screenshot: true);
                    break;
                case "/portal":
                    Then("confirmação de código não solicitado", async p =>
                    {
                        await p.GetByRole(AriaRole.Button, new() { Name = "Não solicitei este código" }).First.ClickAsync();
                        await p.Locator("[data-testid=report-confirm]").WaitForAsync();
                    }, screenshot: true);
                    break;
                case "/portal/contatos":
                    Then("formulário de novo celular", async p =>
                    {
                        await p.Locator("[data-testid=contact-card]").First.GetByRole(AriaRole.Button).First.ClickAsync();
                        await p.Locator("[data-testid=change-form]").WaitForAsync();
                    }, screenshot: true);
                    break;
            }
        }
    }

    /// <summary>
    /// The "with data" states beyond <see cref="EveryPageWorksUnderTheContentSecurityPolicy.ExtraPagesAsync"/>, made through
    /// the real handlers: the receptionist gets a late token (the late-token list) and a treatment without a token (the
    /// signed-guide upload); the beneficiary an active token (the Portal do Cliente's "Não solicitei este código").
    /// </summary>
    private async Task<List<string>> DataForAsync(string role)
    {
        if (role is not (Staff or Patient)) return [];
        using var scope = browser.Portal.Services.CreateScope();
        var sp = scope.ServiceProvider;
        var dentist = await DemoActors.ForAsync(browser.Portal.Services, Dentist, DemoActors.SaoPauloCnpj);
        var maria = await LookupReferences.ForAsync(browser.Portal.Services, dentist, TokenScenario.MariaCpf);
        var created = await sp.GetRequiredService<CreateTreatmentHandler>().HandleAsync(new(maria, [new("81000030", null, null, null)]), dentist);
        Assert.True(created.IsOk, string.Join("; ", created.Errors));
        Assert.True((await sp.GetRequiredService<SubmitForAuthorizationHandler>().HandleAsync(new(created.Value!.Id), dentist)).IsOk);
        if (role == Staff)
        {
            var late = await sp.GetRequiredService<CreateTreatmentHandler>().HandleAsync(new(maria, [new("81000030", null, null, null)]), dentist);
            Assert.True((await sp.GetRequiredService<SubmitForAuthorizationHandler>().HandleAsync(new(late.Value!.Id), dentist)).IsOk);
            Assert.True((await sp.GetRequiredService<GenerateTokenHandler>().HandleAsync(new(late.Value.Id), dentist)).IsOk);
            Assert.True((await sp.GetRequiredService<MarkAwaitingLateTokenHandler>().HandleAsync(new(late.Value.Id), dentist)).IsOk);
            return [$"/tratamentos/{created.Value.Number}"];
        }
        Assert.True((await sp.GetRequiredService<GenerateTokenHandler>().HandleAsync(new(created.Value.Id), dentist)).IsOk);
        return [];
    }

    /// <summary>The page is loaded and, where it has a circuit, interactive.</summary>
    private static async Task ReadyAsync(IPage page)
    {
        await page.WaitForLoadStateAsync(LoadState.Load);
        if (await page.Locator("[data-interactive]").CountAsync() > 0) await BrowserFixture.WaitForInteractiveAsync(page);
    }

    /// <summary>Finite animations and transitions (popovers, ripples, dialogs) have ended, so axe reads the final colours.</summary>
    private static Task SettleAsync(IPage page) => page.WaitForFunctionAsync(
        "() => document.getAnimations().every(a => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity)");

    private static string Slug(string s) => Regex.Replace(s.ToLowerInvariant(), "[^a-z0-9]+", "-").Trim('-');

    private static void WriteReport()
    {
        var all = Reports.Values.OrderBy(r => r.Role, StringComparer.Ordinal).ToList();
        var text = new StringBuilder();
        text.AppendLine("# Axe-core (WCAG 2.0/2.1 A + AA) — páginas × estados por papel").AppendLine();
        text.AppendLine($"Total: {all.Sum(r => r.Checks)} verificações (página × estado), " + RoleReport.ByImpact(all.SelectMany(r => r.Findings))).AppendLine();
        foreach (var r in all)
        {
            text.AppendLine($"## {r.Role}").AppendLine().AppendLine(r.Summary()).AppendLine();
            foreach (var c in r.Checked) text.AppendLine($"- {c}");
            text.AppendLine();
            foreach (var f in r.Findings) text.AppendLine($"- **{f.Impact}** {f}");
            text.AppendLine();
        }
        File.WriteAllText(Path.Combine(BrowserFixture.ScreenshotDir, "axe-report.md"), text.ToString());
    }

    private sealed record Step(string? Route, string State, Func<IPage, Task>? Arrange, string? Template = null, bool Screenshot = false);

    private sealed record Finding(string Role, string Page, string State, string Rule, string Impact, string Target, string Help)
    {
        public override string ToString() => $"{Impact} {Rule} em {Target} — {Page} [{State}] ({Role}): {Help}";
    }

    private sealed class RoleReport(string role)
    {
        public string Role { get; } = role;
        public List<string> Checked { get; } = [];
        public List<Finding> Findings { get; } = [];
        public int Checks => Checked.Count;
        public List<Finding> Serious => Findings.Where(f => f.Impact is "serious" or "critical").ToList();

        public void Add(string page, string state, AxeResult result)
        {
            Checked.Add($"{page} [{state}]");
            foreach (var v in result.Violations)
                foreach (var node in v.Nodes)
                    Findings.Add(new(Role, page, state, v.Id, v.Impact ?? "?", node.Target?.ToString() ?? "?", v.Help));
        }

        public string Summary() => $"{Role}: {Checks} verificações; " + ByImpact(Findings);

        public static string ByImpact(IEnumerable<Finding> findings)
        {
            var list = findings.ToList();
            return string.Join(", ", new[] { "critical", "serious", "moderate", "minor" }.Select(i => $"{i} {list.Count(f => f.Impact == i)}"));
        }
    }
}
