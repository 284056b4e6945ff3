using DentistPortal.Domain.Access;
using DentistPortal.Features.Admin;
using DentistPortal.Infrastructure.Identity;
using DentistPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace DentistPortal.Tests.EndToEnd;

/// <summary>
/// Issue 9 §5: an auditor's queue is open in a browser; the back office disables the account; the open page notices at
/// its next revalidation (every 2 s in tests, every minute by default) and leaves for the login, without a reload.
/// </summary>
[Collection(BrowserCollection.Name)]
public class ADisabledAccountLeavesItsOpenPage(BrowserFixture browser)
{
    [Fact]
    public async Task TheAuditorsOpenQueueEndsWhenTheAccountIsDisabled()
    {
        const string email = "auditora.desativada@demo.local";
        string userId;
        using (var scope = browser.Portal.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, FullName = "Dra. Auditora Desativada" };
            Assert.True((await users.CreateAsync(user, LoginHelper.DemoPassword)).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, Roles.Auditor)).Succeeded);
            userId = user.Id;
        }

        var page = await browser.OpenSignedInAsync(email, "/auditoria");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Fila de análise da auditoria" })).ToBeVisibleAsync();

        using (var scope = browser.Portal.Services.CreateScope())
        {
            var admin = await DemoActors.ForAsync(browser.Portal.Services, "admin@demo.local");
            var disabled = await scope.ServiceProvider.GetRequiredService<SetAccountDisabledHandler>().HandleAsync(new(userId, true), admin);
            Assert.True(disabled.IsOk, string.Join("; ", disabled.Errors));
        }

        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Account/Login"), new() { Timeout = 20_000 });
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDir, "disabled-auditor-sent-to-login.png"), FullPage = true });
        await page.Context.CloseAsync();
    }
}
