using DentistPortal.Features.Tokens;
using DentistPortal.Features.Treatments;
using DentistPortal.Tests.EndToEnd;
using DentistPortal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace DentistPortal.Tests.ScaleOut;

/// <summary>
/// Issue 12: two real portal servers on one PostgreSQL database (same Data Protection keys, so a login works on either).
/// The patient's "não solicitei" on instance B turns the dentist's page open on instance A to revoked without a reload.
/// Debian Chromium.
/// </summary>
public class RevocationReachesTheOtherInstanceLive(TwoPortalInstances portals) : IClassFixture<TwoPortalInstances>
{
    private static string Shot(string name) => Path.Combine(BrowserFixture.ScreenshotDir, name);

    [Fact]
    public async Task ThePatientsReportOnInstanceBShowsRevokedOnTheDentistsPageOnInstanceA()
    {
        var number = await TreatmentWithFreshTokenAsync();

        var dentist = await portals.NewPageAsync(portals.A);
        await BrowserFixture.LoginAsync(dentist, "dentista@demo.local");
        await dentist.GotoAsync($"/tratamentos/{number}");
        await BrowserFixture.WaitForInteractiveAsync(dentist);
        await Assertions.Expect(dentist.Locator("[data-testid=current-token] [data-token-status=active]")).ToBeVisibleAsync();
        await dentist.EvaluateAsync("() => { window.__notReloaded = true; }");

        var patient = await portals.NewPageAsync(portals.B);
        await BrowserFixture.LoginAsync(patient, "paciente@demo.local");
        await patient.GotoAsync("/portal");
        await BrowserFixture.WaitForInteractiveAsync(patient);
        var card = patient.Locator($"[data-testid=my-token][data-number='{number}']");
        await Assertions.Expect(card).ToHaveAttributeAsync("data-token-status", "active");
        await card.GetByRole(AriaRole.Button, new() { Name = "Não solicitei este código" }).ClickAsync();
        await card.GetByRole(AriaRole.Button, new() { Name = "Sim, cancelar o código" }).ClickAsync();
        await Assertions.Expect(card).ToHaveAttributeAsync("data-token-status", "revoked");
        await patient.ScreenshotAsync(new() { Path = Shot("scaleout-patient-on-b.png"), FullPage = true });

        // Instance A heard it through PostgreSQL and re-rendered the open page.
        await Assertions.Expect(dentist.Locator("[data-testid=current-token] [data-token-status=revoked]")).ToHaveTextAsync("Cancelado (código não solicitado)");
        await Assertions.Expect(dentist.Locator("#token-code")).ToHaveCountAsync(0);
        await Assertions.Expect(dentist.Locator("[data-testid=timeline-entry]", new() { HasText = "Token cancelado pelo beneficiário" })).ToHaveCountAsync(1);
        Assert.True(await dentist.EvaluateAsync<bool>("() => window.__notReloaded === true"));
        await dentist.ScreenshotAsync(new() { Path = Shot("scaleout-dentist-on-a.png"), FullPage = true });
    }

    /// <summary>The dentist's part, through the handlers on instance A: Maria's consultation with a token just sent.</summary>
    private async Task<string> TreatmentWithFreshTokenAsync()
    {
        using var scope = portals.A.Services.CreateScope();
        var sp = scope.ServiceProvider;
        var dentist = await DemoActors.ForAsync(portals.A.Services, "dentista@demo.local", DemoActors.SaoPauloCnpj);
        var created = await sp.GetRequiredService<CreateTreatmentHandler>().HandleAsync(
            new(await LookupReferences.ForAsync(portals.A.Services, dentist, TokenScenario.MariaCpf), [new("81000030", null, null, null)]), dentist);
        Assert.True(created.IsOk, string.Join("; ", created.Errors));
        Assert.True((await sp.GetRequiredService<SubmitForAuthorizationHandler>().HandleAsync(new(created.Value!.Id), dentist)).IsOk);
        var generated = await sp.GetRequiredService<GenerateTokenHandler>().HandleAsync(new(created.Value.Id), dentist);
        Assert.True(generated.IsOk, string.Join("; ", generated.Errors));
        return created.Value.Number;
    }
}

/// <summary>A real portal server (Kestrel, loopback) on a shared PostgreSQL database and shared key folders.</summary>
public sealed class ScaleOutPortalFactory(string connectionString, string sharedFolder) : PortalFactory
{
    protected override bool UseRealServer => true;

    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings =>
    [
        new("Database:Provider", "PostgreSQL"),
        new("ConnectionStrings:DefaultConnection", connectionString),
        new("DataProtection:KeysFolder", Path.Combine(sharedFolder, "keys")),
        new("DevSecrets:Folder", Path.Combine(sharedFolder, "dev-secrets")),
        new("Storage:SignedGuidesFolder", Path.Combine(sharedFolder, "scans")),
    ];
}

/// <summary>Instances A and B of the portal on one fresh PostgreSQL database, and Debian's Chromium.</summary>
public sealed class TwoPortalInstances : IAsyncLifetime
{
    private readonly string shared = Path.Combine(Path.GetTempPath(), "dentistportal-tests", "scaleout-" + Guid.NewGuid().ToString("N"));
    private readonly string connectionString = TestPostgres.CreateDatabase();

    public TwoPortalInstances()
    {
        A = new ScaleOutPortalFactory(connectionString, shared);
        B = new ScaleOutPortalFactory(connectionString, shared);
    }

    public PortalFactory A { get; }
    public PortalFactory B { get; }
    private IPlaywright playwright = default!;
    private IBrowser browser = default!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(shared);
        A.StartServer(); // migrates and seeds; B then finds both done
        B.StartServer();
        playwright = await Playwright.CreateAsync();
        browser = await BrowserFixture.LaunchChromiumAsync(playwright);
        Directory.CreateDirectory(BrowserFixture.ScreenshotDir);
    }

    /// <summary>A new browser context (its own cookies) on <paramref name="instance"/>.</summary>
    public async Task<IPage> NewPageAsync(PortalFactory instance)
    {
        var context = await browser.NewContextAsync(new() { BaseURL = instance.BaseAddress, Locale = "pt-BR", ViewportSize = new() { Width = 1280, Height = 900 } });
        context.SetDefaultTimeout(20_000);
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (browser is not null) await browser.DisposeAsync();
        playwright?.Dispose();
        await B.DisposeAsync();
        await A.DisposeAsync();
        TestPostgres.DropDatabase(connectionString);
        try { Directory.Delete(shared, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
