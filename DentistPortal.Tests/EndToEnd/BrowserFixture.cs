using Microsoft.Playwright;

namespace DentistPortal.Tests.EndToEnd;

/// <summary>
/// Debian's Chromium driven by Playwright against the portal on a loopback port. The test command
/// installs /usr/bin/chromium; Playwright never downloads a browser here.
/// </summary>
public class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public BrowserFixture() : this(new Infrastructure.LivePortalFactory()) { }

    protected BrowserFixture(Infrastructure.PortalFactory portal) => Portal = portal;

    public Infrastructure.PortalFactory Portal { get; }
    public IPlaywright Playwright { get; private set; } = default!;
    public IBrowser Browser { get; private set; } = default!;

    public static string ScreenshotDir { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    /// <summary>Debian's Chromium, headless, with the flags every browser test uses (no sandbox in containers, no GPU, no background traffic: loopback only).</summary>
    public static Task<IBrowser> LaunchChromiumAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"{ChromiumPath} is missing: run the README's test command (./test.sh), which installs Debian's chromium.");
        Portal.StartServer();
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await LaunchChromiumAsync(Playwright);
        Directory.CreateDirectory(ScreenshotDir);
    }

    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new() { BaseURL = Portal.BaseAddress, Locale = "pt-BR", ViewportSize = new() { Width = 1280, Height = 900 } });
        context.SetDefaultTimeout(20_000);
        return await context.NewPageAsync();
    }

    /// <summary>
    /// A new browser context signed in to read the development inbox (/dev/mensagens needs a logged-in user, issue 10,
    /// Environments), as a tester with a second tab would. Close it with <c>page.Context.CloseAsync()</c>.
    /// </summary>
    public async Task<IPage> NewDevInboxPageAsync()
    {
        var page = await NewPageAsync();
        await LoginAsync(page, DevInboxReader);
        return page;
    }

    /// <summary>A new browser context signed in as <paramref name="email"/> (<see cref="LoginAsync"/>), on <paramref name="path"/> once the page is live (<see cref="WaitForInteractiveAsync"/>).</summary>
    public async Task<IPage> OpenSignedInAsync(string email, string path)
    {
        var page = await NewPageAsync();
        await LoginAsync(page, email);
        await page.GotoAsync(path);
        await WaitForInteractiveAsync(page);
        return page;
    }

    /// <summary>The account the inbox pages sign in with: a clinic user no browser test disables.</summary>
    public const string DevInboxReader = "recepcao3@demo.local";

    /// <summary>
    /// Logs in through the real form and waits for the page after it. Operator accounts (two-factor required, issue 10)
    /// get the authenticator code computed from <see cref="Infrastructure.DemoSecrets"/>; an operator without an
    /// authenticator goes through the forced enrolment (key read from the page, code typed, recovery codes passed).
    /// </summary>
    public static async Task LoginAsync(IPage page, string email, string password = Infrastructure.LoginHelper.DemoPassword)
    {
        await SubmitLoginFormAsync(page, email, password);

        if (PathOf(page.Url) == "/Account/LoginWith2fa")
        {
            await page.GetByLabel("Código do autenticador").FillAsync(
                Infrastructure.DemoSecrets.CurrentCode(Infrastructure.DemoSecrets.SecretOf(email)));
            await page.GetByRole(AriaRole.Button, new() { Name = "Verificar e entrar" }).ClickAsync();
            await page.WaitForURLAsync(url => PathOf(url) != "/Account/LoginWith2fa");
        }

        if (PathOf(page.Url) == "/Account/Manage/EnableAuthenticator")
        {
            var key = (await page.Locator("[data-testid=authenticator-key]").InnerTextAsync()).Replace(" ", "", StringComparison.Ordinal);
            await page.GetByLabel("Código de verificação").FillAsync(Infrastructure.DemoSecrets.CurrentCode(key));
            await page.GetByRole(AriaRole.Button, new() { Name = "Confirmar e ativar" }).ClickAsync();
            await page.Locator("[data-testid=recovery-codes]").WaitForAsync();
            Infrastructure.DemoSecrets.Enrolled[email] = key;
            await page.GetByRole(AriaRole.Link, new() { Name = "Já guardei os códigos — continuar" }).ClickAsync();
            await page.WaitForURLAsync(url => PathOf(url) != "/Account/Manage/EnableAuthenticator");
        }
    }

    /// <summary>
    /// Fills and submits the login form until the page leaves it. A submit that lands back on the form without a
    /// message (CI once saw the page idle on /Account/Login after "Entrar" at load 50+, with nothing to say why) is
    /// tried once more from a fresh form, as the receptionist would; a refusal the page explains, or a second silent
    /// one, fails with what the page showed.
    /// </summary>
    private static async Task SubmitLoginFormAsync(IPage page, string email, string password)
    {
        for (var attempt = 1; ; attempt++)
        {
            await page.GotoAsync("/Account/Login");
            await page.GetByLabel("E-mail").FillAsync(email);
            await page.GetByLabel("Senha").FillAsync(password);
            await page.GetByRole(AriaRole.Button, new() { Name = "Entrar" }).ClickAsync();
            var left = page.WaitForURLAsync(url => PathOf(url) != "/Account/Login");
            var refused = page.Locator("[role=alert], .dp-field-error:not(:empty)").First.WaitForAsync();
            var first = await Task.WhenAny(left, refused);
            _ = Observed(left);
            _ = Observed(refused);
            if (first == left && left.IsCompletedSuccessfully) return;
            // The next page may carry an alert of its own (the forced 2FA enrolment says why it is there) and show it
            // before its load event ends the URL wait: a page that is no longer the form is a login that went through.
            if (PathOf(page.Url) != "/Account/Login") return;
            var said = await page.Locator("[role=alert], .dp-field-error").AllInnerTextsAsync();
            var shown = string.Join(" | ", said.Where(t => t.Trim().Length > 0));
            if (attempt == 2 || shown.Length > 0)
                throw new InvalidOperationException(
                    $"O login de {email} não saiu de /Account/Login (tentativa {attempt}); a página dizia: \"{shown}\"; URL {page.Url}.");
        }
    }

    private static string PathOf(string url) => new Uri(url).AbsolutePath;

    /// <summary>The losing wait of a race times out later; its exception is expected and must not surface as unobserved.</summary>
    private static Task Observed(Task wait) => wait.ContinueWith(static t => _ = t.Exception, TaskScheduler.Default);

    public static Task WaitForInteractiveAsync(IPage page) =>
        page.Locator("[data-interactive=yes]").WaitForAsync();

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        Playwright?.Dispose();
        await Portal.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
