using DentistPortal.Domain.Messaging;
using DentistPortal.Features.Treatments;
using DentistPortal.Infrastructure.Data;
using DentistPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace DentistPortal.Tests.EndToEnd;

/// <summary>
/// Issue 9 §3 in a real browser: with the Blazor connection delayed 400 ms each way, a double click on "Gerar token"
/// reaches the server as two clicks after the first result; the handler answers the second with the first result.
/// </summary>
[Collection(BrowserCollection.Name)]
public class DoubleClickOverASlowConnection(BrowserFixture browser)
{
    [Fact]
    public async Task ADoubleClickOnGerarTokenIssuesOneTokenAndSendsOneSms()
    {
        var services = browser.Portal.Services;
        var dentist = await DemoActors.ForAsync(services, "dentista@demo.local", DemoActors.SaoPauloCnpj);
        var mariaId = await LookupReferences.ForAsync(services, dentist, TokenScenario.MariaCpf);
        var created = await services.CreateScope().ServiceProvider.GetRequiredService<CreateAndSubmitTreatmentHandler>()
            .HandleAsync(new(mariaId, [new("81000030", null, null, null)], Guid.NewGuid()), dentist);
        Assert.True(created.IsOk, string.Join(";", created.Errors));
        var number = created.Value!.Number;

        var page = await browser.NewPageAsync();
        await BrowserFixture.LoginAsync(page, "dentista@demo.local");
        await BrowserFixture.WaitForInteractiveAsync(page);

        // The same host (the cookie goes along), through 400 ms of latency each way.
        await using var proxy = new DelayingProxy(browser.Portal.Port, TimeSpan.FromMilliseconds(400));
        page.SetDefaultTimeout(60_000);
        await page.GotoAsync($"http://127.0.0.1:{proxy.Port}/tratamentos/{number}");
        await BrowserFixture.WaitForInteractiveAsync(page);

        // Other browser tests share this portal and this dentist: count only the records this double click adds.
        int recordsBefore;
        await using (var before = await services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
            recordsBefore = await before.IdempotencyRecords.CountAsync(r => r.UserId == dentist.UserId && r.Action == "token.generate");

        var generate = page.GetByRole(AriaRole.Button, new() { Name = "Gerar token", Exact = true });
        var started = DateTime.UtcNow;
        await generate.DblClickAsync();

        await Assertions.Expect(page.GetByTestId("panel-message")).ToContainTextAsync("Token nº 1 gerado");
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromMilliseconds(800), "the round trip did not go through the delay");
        await Assertions.Expect(page.Locator("[data-testid=delivery][data-channel=sms]")).ToContainTextAsync("Enviado", new() { Timeout = 60_000 });
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDir, "double-click-slow-connection.png"), FullPage = true });
        Assert.True(proxy.Chunks > 0);

        await using var check = await services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var treatmentId = created.Value.Id;
        Assert.Equal(1, await check.Tokens.CountAsync(t => t.TreatmentId == treatmentId));
        Assert.Equal(1, await check.Deliveries.CountAsync(d => d.TreatmentId == treatmentId && d.Channel == DeliveryChannel.Sms));
        Assert.Equal(1, await check.DevMessages.CountAsync(m => m.Channel == DeliveryChannel.Sms && m.Body.Contains(number)));
        // Both clicks reached the handler: the second was answered from the remembered result.
        Assert.Equal(recordsBefore + 1, await check.IdempotencyRecords.CountAsync(r => r.UserId == dentist.UserId && r.Action == "token.generate"));
        await Assertions.Expect(page.GetByTestId("panel-message")).ToContainTextAsync("Token nº 1 gerado");
    }
}
