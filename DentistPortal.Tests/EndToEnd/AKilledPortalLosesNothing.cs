using System.Text.RegularExpressions;
using DentistPortal.Domain.Audit;
using DentistPortal.Domain.Contingency;
using DentistPortal.Domain.Messaging;
using DentistPortal.Domain.Tokens;
using DentistPortal.Domain.Treatments;
using DentistPortal.Tests.Infrastructure;
using DentistPortal.Tests.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace DentistPortal.Tests.EndToEnd;

/// <summary>
/// Issue 10 ("No server error on any input"): the real portal, as a child process on a real database file, is SIGKILLed
/// in the middle of dispatching an SMS, of validating a token and of registering a signed guide, then started again on
/// the same files. Nothing is lost, nothing is counted or registered twice, no scan is orphaned, and the audit trail
/// says each thing once. Driven through the real UI (Chromium); the SMS gateway is WireMock on loopback. The
/// "middle" of a transaction is reached with the Development-only <c>Testing:HoldCommit</c> fault point
/// (<see cref="DentistPortal.Infrastructure.Diagnostics.CommitHold"/>), which holds the real transaction open (or
/// just committed) in the real process until the kill.
/// </summary>
[Collection(CrashCollection.Name)]
public sealed partial class AKilledPortalLosesNothing : IAsyncLifetime
{
    private IPlaywright playwright = default!;
    private IBrowser browser = default!;

    public async Task InitializeAsync()
    {
        playwright = await Playwright.CreateAsync();
        browser = await BrowserFixture.LaunchChromiumAsync(playwright);
        Directory.CreateDirectory(BrowserFixture.ScreenshotDir);
    }

    public async Task DisposeAsync()
    {
        await browser.DisposeAsync();
        playwright.Dispose();
    }

    [GeneratedRegex(@"token (\d{6})")]
    private static partial Regex CodeInSms();

    private static Dictionary<string, string?> Settings(FakeSmsGateway gateway) => new(gateway.Settings(timeoutSeconds: 30))
    {
        ["Messaging:Dispatcher:PollSeconds"] = "0.2",
    };

    private async Task<IPage> SignedInPageAsync(PortalProcess portal, string email)
    {
        var context = await browser.NewContextAsync(new() { BaseURL = portal.BaseAddress, Locale = "pt-BR", ViewportSize = new() { Width = 1280, Height = 900 } });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        await BrowserFixture.LoginAsync(page, email);
        await BrowserFixture.WaitForInteractiveAsync(page);
        return page;
    }

    /// <summary>Maria's consultation, submitted; returns the treatment number.</summary>
    private static async Task<string> OpenTreatmentAsync(IPage page)
    {
        // The lookup field takes typing once the page is live; a freshly started portal process (cold JIT, a loaded
        // machine) can take longer than an action's default 30 s to get there.
        await page.Locator("[data-interactive=yes]").WaitForAsync(new() { Timeout = 90_000 });
        await page.GetByLabel("Carteirinha ou CPF").FillAsync("529.982.247-25");
        await page.GetByRole(AriaRole.Button, new() { Name = "Buscar" }).ClickAsync();
        await page.Locator("[data-testid=member-card]", new() { HasText = "Maria Aparecida da Silva" }).First
            .GetByRole(AriaRole.Link, new() { Name = "Novo tratamento" }).ClickAsync();
        await BrowserFixture.WaitForInteractiveAsync(page);
        var field = page.GetByRole(AriaRole.Combobox, new() { Name = "Procedimento" });
        await field.ClickAsync();
        await field.FillAsync("81000030");
        await page.GetByText("81000030 – Consulta odontológica").First.ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Adicionar procedimento" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Enviar para autorização" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/tratamentos/\\d+$"));
        await BrowserFixture.WaitForInteractiveAsync(page);
        return page.Url[(page.Url.LastIndexOf('/') + 1)..];
    }

    private static async Task<string> GenerateTokenAndReadTheSmsAsync(IPage page, FakeSmsGateway gateway)
    {
        var before = gateway.Requests.Count;
        await page.GetByRole(AriaRole.Button, new() { Name = "Gerar token", Exact = true }).ClickAsync();
        await PortalProcess.Until(() => Task.FromResult(gateway.Requests.Count > before), TimeSpan.FromSeconds(30), "the SMS at the gateway");
        return CodeInSms().Match(gateway.Requests[before].Text).Groups[1].Value;
    }

    private static async Task ValidateAsync(IPage page, string code)
    {
        await page.GetByLabel("Token informado pelo paciente").FillAsync(code);
        await page.GetByRole(AriaRole.Button, new() { Name = "Validar token" }).ClickAsync();
    }

    private static async Task<int> TreatmentIdAsync(PortalProcess portal, string number)
    {
        await using var db = portal.Database();
        return await db.Treatments.Where(t => t.Number == number).Select(t => t.Id).SingleAsync();
    }

    private static async Task<int> AuditCountAsync(AppDbContextAccessor db, string action, int treatmentId, string? outcome = null)
    {
        var subject = treatmentId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await db.Context.AuditEntries.CountAsync(a => a.Action == action && a.SubjectId == subject && (outcome == null || a.Outcome == outcome));
    }

    private sealed record AppDbContextAccessor(DentistPortal.Infrastructure.Data.AppDbContext Context);

    /// <summary>
    /// Killed while the gateway holds the SMS request: at restart the dispatcher takes back the dead run's claim at once
    /// (no lease wait) and sends the same message again under the same reference and Idempotency-Key; the delivery is
    /// recorded Sent once, with one attempt, and there is still one token and one "token gerado" audit line.
    /// </summary>
    [Fact]
    public async Task AnSmsInFlightAtTheKillIsSentAgainUnderTheSameIdempotencyKeyAndRecordedOnce()
    {
        using var gateway = FakeSmsGateway.Start();
        var hold = gateway.Holds();
        await using var portal = new PortalProcess(Settings(gateway));
        await portal.StartAsync();
        var page = await SignedInPageAsync(portal, "dentista@demo.local");
        var number = await OpenTreatmentAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Gerar token", Exact = true }).ClickAsync();
        await hold.Arrived.Task.WaitAsync(TimeSpan.FromSeconds(30)); // the gateway has the SMS and has not answered

        await portal.KillAsync();
        hold.Release();
        await page.Context.CloseAsync();
        var id = await TreatmentIdAsync(portal, number);
        await using (var db = portal.Database())
        {
            var held = await db.Deliveries.SingleAsync(d => d.TreatmentId == id && d.Channel == DeliveryChannel.Sms);
            Assert.Equal((DeliveryStatus.Pending, 0), (held.Status, held.Attempts));
            Assert.NotNull(held.LeaseOwner); // the dead run's claim, with a lease of a minute still to run
        }

        gateway.Accepts("gw-1");
        await portal.StartAsync();
        await portal.UntilAsync(async () =>
        {
            await using var db = portal.Database();
            return await db.Deliveries.AnyAsync(d => d.TreatmentId == id && d.Channel == DeliveryChannel.Sms && d.Status == DeliveryStatus.Sent);
        }, "the SMS to be recorded as sent after the restart");

        var requests = gateway.Requests;
        Assert.Equal(2, requests.Count); // at least once: the held attempt and its resend, nothing more
        Assert.Single(requests.Select(r => (r.Reference, r.IdempotencyKey, r.Text)).Distinct());
        Assert.Equal(requests[0].Reference, requests[0].IdempotencyKey);
        await using (var db = portal.Database())
        {
            var sms = await db.Deliveries.SingleAsync(d => d.TreatmentId == id && d.Channel == DeliveryChannel.Sms);
            Assert.Equal((DeliveryStatus.Sent, 1, "gw-1"), (sms.Status, sms.Attempts, sms.ProviderMessageId));
            Assert.Equal($"delivery-{sms.Id}", requests[0].Reference);
            Assert.Equal(1, await db.Tokens.CountAsync(t => t.TreatmentId == id));
            Assert.Equal(1, await AuditCountAsync(new(db), AuditActions.TokenGenerated, id));
        }
    }

    /// <summary>
    /// Killed with the validation's transaction written but not committed: after the restart nothing of it exists (the
    /// token is still active, no attempt, no audit line, the treatment not validated), and the same code then validates
    /// exactly once.
    /// </summary>
    [Fact]
    public async Task AValidationKilledBeforeItsCommitLeavesNoTraceAndTheCodeThenValidatesOnce()
    {
        using var gateway = FakeSmsGateway.Start();
        gateway.Accepts("gw-1");
        var settings = Settings(gateway);
        settings["Testing:HoldCommit:Action"] = AuditActions.TokenCodeEntered;
        settings["Testing:HoldCommit:Outcome"] = nameof(ValidationOutcome.Validated);
        settings["Testing:HoldCommit:When"] = "BeforeCommit";
        await using var portal = new PortalProcess(settings);
        settings["Testing:HoldCommit:SignalFile"] = portal.SignalFile;
        await portal.StartAsync();
        var page = await SignedInPageAsync(portal, "dentista@demo.local");
        var number = await OpenTreatmentAsync(page);
        var code = await GenerateTokenAndReadTheSmsAsync(page, gateway);
        await ValidateAsync(page, code);
        await portal.WaitForHoldAsync();

        await portal.KillAsync();
        await page.Context.CloseAsync();
        var id = await TreatmentIdAsync(portal, number);
        await using (var db = portal.Database())
        {
            Assert.Equal(TokenStatus.Active, (await db.Tokens.SingleAsync(t => t.TreatmentId == id)).Status);
            Assert.Equal(0, await db.TokenAttempts.CountAsync(a => a.TreatmentId == id));
            Assert.Null((await db.Treatments.SingleAsync(t => t.Id == id)).ValidatedAtUtc);
            Assert.Equal(0, await AuditCountAsync(new(db), AuditActions.TokenCodeEntered, id));
        }

        settings.Remove("Testing:HoldCommit:Action");
        await portal.StartAsync();
        var again = await SignedInPageAsync(portal, "dentista@demo.local");
        await again.GotoAsync($"/tratamentos/{number}");
        await BrowserFixture.WaitForInteractiveAsync(again);
        await ValidateAsync(again, code);
        await Assertions.Expect(again.GetByText("Token validado").First).ToBeVisibleAsync();
        await using (var db = portal.Database())
        {
            Assert.Equal(TokenStatus.Validated, (await db.Tokens.SingleAsync(t => t.TreatmentId == id)).Status);
            Assert.Equal(1, await db.TokenAttempts.CountAsync(a => a.TreatmentId == id));
            Assert.NotNull((await db.Treatments.SingleAsync(t => t.Id == id)).ValidatedAtUtc);
            Assert.Equal(1, await AuditCountAsync(new(db), AuditActions.TokenCodeEntered, id));
        }
    }

    /// <summary>
    /// Killed right after the validation committed (before the page heard of it): after the restart the treatment is
    /// validated once, and typing the code again answers "já foi validado" without counting anything.
    /// </summary>
    [Fact]
    public async Task AValidationKilledJustAfterItsCommitCountsOnceAndTypingTheCodeAgainChangesNothing()
    {
        using var gateway = FakeSmsGateway.Start();
        gateway.Accepts("gw-1");
        var settings = Settings(gateway);
        settings["Testing:HoldCommit:Action"] = AuditActions.TokenCodeEntered;
        settings["Testing:HoldCommit:Outcome"] = nameof(ValidationOutcome.Validated);
        settings["Testing:HoldCommit:When"] = "AfterCommit";
        await using var portal = new PortalProcess(settings);
        settings["Testing:HoldCommit:SignalFile"] = portal.SignalFile;
        await portal.StartAsync();
        var page = await SignedInPageAsync(portal, "dentista@demo.local");
        var number = await OpenTreatmentAsync(page);
        var code = await GenerateTokenAndReadTheSmsAsync(page, gateway);
        await ValidateAsync(page, code);
        await portal.WaitForHoldAsync();
        await portal.KillAsync();
        await page.Context.CloseAsync();

        settings.Remove("Testing:HoldCommit:Action");
        await portal.StartAsync();
        var id = await TreatmentIdAsync(portal, number);
        var again = await SignedInPageAsync(portal, "dentista@demo.local");
        await again.GotoAsync($"/tratamentos/{number}");
        await BrowserFixture.WaitForInteractiveAsync(again);
        await Assertions.Expect(again.Locator("[data-testid=treatment-status]")).ToContainTextAsync("Validado");
        await using var db = portal.Database();
        Assert.Equal(TokenStatus.Validated, (await db.Tokens.SingleAsync(t => t.TreatmentId == id)).Status);
        Assert.Equal(1, await db.TokenAttempts.CountAsync(a => a.TreatmentId == id));
        Assert.Equal(1, await AuditCountAsync(new(db), AuditActions.TokenCodeEntered, id, nameof(ValidationOutcome.Validated)));
    }

    /// <summary>Staff print the guide (reason 07) and choose the scan; returns the treatment number and the scan's path.</summary>
    private static async Task<string> PrintTheGuideAsync(IPage page, string number)
    {
        await page.GotoAsync($"/tratamentos/{number}");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Imprimir guia de tratamento" }).ClickAsync();
        await page.WaitForURLAsync(new Regex($"/tratamentos/{number}/guia$"));
        await BrowserFixture.WaitForInteractiveAsync(page);
        await page.GetByRole(AriaRole.Radio, new() { Name = "07 – Beneficiário não possui celular" }).CheckAsync(new() { Force = true });
        await page.GetByRole(AriaRole.Button, new() { Name = "Registrar motivo e mostrar a guia" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=gto-number]")).ToHaveTextAsync(number);
        var scan = Path.Combine(BrowserFixture.ScreenshotDir, $"crash-scan-{number}.pdf");
        await File.WriteAllBytesAsync(scan, ScanFiles.Pdf());
        await page.GotoAsync($"/tratamentos/{number}");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await ChooseScanAsync(page, scan);
        return scan;
    }

    /// <summary>
    /// Chooses the scan as a person would, once the page can take it. Blazor's InputFile attaches its change listener after
    /// its first render reaches the browser; on a freshly restarted, busy portal a file chosen in that gap went unnoticed
    /// (the button stayed disabled). A person then chooses again; so does the test, until the choice is taken.
    /// </summary>
    private static async Task ChooseScanAsync(IPage page, string scan)
    {
        var register = page.GetByRole(AriaRole.Button, new() { Name = "Registrar guia assinada" });
        for (var attempt = 1; ; attempt++)
        {
            await page.Locator("#signed-guide-file").SetInputFilesAsync(scan);
            try
            {
                await Assertions.Expect(register).ToBeEnabledAsync(new() { Timeout = 5000 });
                return;
            }
            catch (PlaywrightException) when (attempt < 4)
            {
            }
        }
    }

    /// <summary>
    /// Killed between the signed guide's commit and the move of its scan into place: the row exists and the scan waits,
    /// under its stored name, in the incoming folder; at restart the recovery puts it in place. One row, one file, one
    /// audit line, nothing left in the incoming folder; the page reads "em conferência".
    /// </summary>
    [Fact]
    public async Task ASignedGuideKilledBetweenCommitAndMoveIsPutInPlaceAtRestart()
    {
        using var gateway = FakeSmsGateway.Start();
        gateway.Accepts("gw-1");
        var settings = Settings(gateway);
        settings["Testing:HoldCommit:Action"] = AuditActions.SignedGuideRegistered;
        settings["Testing:HoldCommit:When"] = "AfterCommit";
        await using var portal = new PortalProcess(settings);
        settings["Testing:HoldCommit:SignalFile"] = portal.SignalFile;
        await portal.StartAsync();
        var dentist = await SignedInPageAsync(portal, "dentista@demo.local");
        var number = await OpenTreatmentAsync(dentist);
        await dentist.Context.CloseAsync();
        var page = await SignedInPageAsync(portal, "recepcao@demo.local");
        await PrintTheGuideAsync(page, number);
        await page.GetByRole(AriaRole.Button, new() { Name = "Registrar guia assinada" }).ClickAsync();
        await portal.WaitForHoldAsync();
        await portal.KillAsync();
        await page.Context.CloseAsync();

        var id = await TreatmentIdAsync(portal, number);
        string stored;
        await using (var db = portal.Database())
            stored = (await db.SignedGuides.SingleAsync(g => g.TreatmentId == id)).StoredFileName;
        Assert.Equal([Path.Combine(portal.IncomingFolder, stored)], Directory.GetFiles(portal.IncomingFolder));
        Assert.Empty(Directory.GetFiles(portal.ScansFolder));

        settings.Remove("Testing:HoldCommit:Action");
        await portal.StartAsync();
        await portal.UntilAsync(() => Task.FromResult(Directory.GetFiles(portal.IncomingFolder).Length == 0), "the recovery");
        Assert.Equal([Path.Combine(portal.ScansFolder, stored)], Directory.GetFiles(portal.ScansFolder));
        await using (var db = portal.Database())
        {
            Assert.Equal(1, await db.SignedGuides.CountAsync(g => g.TreatmentId == id));
            Assert.Equal(TreatmentStatus.SignedGuideUnderReview, (await db.Treatments.SingleAsync(t => t.Id == id)).Status);
            Assert.Equal(1, await AuditCountAsync(new(db), AuditActions.SignedGuideRegistered, id));
        }
        var again = await SignedInPageAsync(portal, "recepcao@demo.local");
        await again.GotoAsync($"/tratamentos/{number}");
        await Assertions.Expect(again.Locator("[data-testid=signed-guide-under-review]")).ToContainTextAsync("em conferência pela auditoria");
        var download = await again.APIRequest.GetAsync($"/tratamentos/{number}/guia-assinada");
        Assert.Equal(200, download.Status);
    }

    /// <summary>
    /// Killed with the signed guide's transaction written but not committed: at restart there is no row, the staged scan
    /// is deleted, no scan is stored, and sending the guide again registers it once.
    /// </summary>
    [Fact]
    public async Task ASignedGuideKilledBeforeItsCommitLeavesNoFileAndCanBeSentAgainOnce()
    {
        using var gateway = FakeSmsGateway.Start();
        gateway.Accepts("gw-1");
        var settings = Settings(gateway);
        settings["Testing:HoldCommit:Action"] = AuditActions.SignedGuideRegistered;
        settings["Testing:HoldCommit:When"] = "BeforeCommit";
        await using var portal = new PortalProcess(settings);
        settings["Testing:HoldCommit:SignalFile"] = portal.SignalFile;
        await portal.StartAsync();
        var dentist = await SignedInPageAsync(portal, "dentista@demo.local");
        var number = await OpenTreatmentAsync(dentist);
        await dentist.Context.CloseAsync();
        var page = await SignedInPageAsync(portal, "recepcao@demo.local");
        await PrintTheGuideAsync(page, number);
        await page.GetByRole(AriaRole.Button, new() { Name = "Registrar guia assinada" }).ClickAsync();
        await portal.WaitForHoldAsync();
        await portal.KillAsync();
        await page.Context.CloseAsync();
        Assert.Single(Directory.GetFiles(portal.IncomingFolder)); // the staged scan the dead transaction would have named

        settings.Remove("Testing:HoldCommit:Action");
        await portal.StartAsync();
        await portal.UntilAsync(() => Task.FromResult(Directory.GetFiles(portal.IncomingFolder).Length == 0), "the recovery");
        var id = await TreatmentIdAsync(portal, number);
        await using (var db = portal.Database())
        {
            Assert.False(await db.SignedGuides.AnyAsync(g => g.TreatmentId == id));
            Assert.Equal(0, await AuditCountAsync(new(db), AuditActions.SignedGuideRegistered, id));
        }
        Assert.Empty(Directory.GetFiles(portal.ScansFolder));

        var again = await SignedInPageAsync(portal, "recepcao@demo.local");
        await again.GotoAsync($"/tratamentos/{number}");
        await BrowserFixture.WaitForInteractiveAsync(again);
        await ChooseScanAsync(again, Path.Combine(BrowserFixture.ScreenshotDir, $"crash-scan-{number}.pdf"));
        await again.GetByRole(AriaRole.Button, new() { Name = "Registrar guia assinada" }).ClickAsync();
        await Assertions.Expect(again.Locator("[data-testid=signed-guide-under-review]")).ToContainTextAsync("em conferência pela auditoria");
        await again.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDir, "crash-signed-guide-after-restart.png"), FullPage = true });
        Assert.Single(Directory.GetFiles(portal.ScansFolder));
        Assert.Empty(Directory.GetFiles(portal.IncomingFolder));
        await using (var db = portal.Database())
        {
            Assert.Equal(1, await db.SignedGuides.CountAsync(g => g.TreatmentId == id));
            Assert.Equal(1, await AuditCountAsync(new(db), AuditActions.SignedGuideRegistered, id));
        }
    }
}

/// <summary>The crash tests start real portal processes: one at a time, apart from the other browser tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CrashCollection
{
    public const string Name = "crash";
}
