using System.Net;
using DentistPortal.Infrastructure.Data;
using DentistPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DentistPortal.Tests.Web;

/// <summary>The real portal over HTTP on a real SQLite file: who gets in, who goes where.</summary>
public class AccessAndLogin(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Theory]
    [InlineData("/")]
    [InlineData("/beneficiarios")]
    [InlineData("/Account/Manage/ChangePassword")]
    [InlineData("/Account/SelecionarClinica")]
    public async Task AnonymousRequestsAreSentToLogin(string path)
    {
        using var client = factory.CreateBrowserLikeClient();
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("http://localhost/Account/Login", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task TheLoginPageIsInPortugueseAndShowsTheOperatorFromConfiguration()
    {
        using var client = factory.CreateBrowserLikeClient();
        var html = WebUtility.HtmlDecode(await client.GetStringAsync("/Account/Login"));
        Assert.Contains("Entrar no portal", html);
        Assert.Contains("Senha", html);
        Assert.Contains("Sorriso Pleno Odontologia", html);   // Operator:Name from the root appsettings.json
        Assert.Contains("0800-700-0001", html);               // SAC from configuration
        Assert.DoesNotContain("Register", html);
    }

    [Fact]
    public async Task ThereIsNoPublicRegistration()
    {
        using var client = factory.CreateBrowserLikeClient();
        var response = await client.GetAsync("/Account/Register");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task ADentistOfOneClinicLandsOnTheHomeWithTheClinicChosen()
    {
        using var client = factory.CreateBrowserLikeClient();
        var login = await LoginHelper.PostLoginAsync(client, "dentista@demo.local", LoginHelper.DemoPassword);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var home = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        var html = WebUtility.HtmlDecode(await home.Content.ReadAsStringAsync());
        Assert.Contains("Clínica Sorriso Paulista", html);
        Assert.Contains("Carteirinha ou CPF", html);
    }

    [Fact]
    public async Task ADentistOfTwoClinicsIsAskedWhichClinicHeIsAt()
    {
        using var client = factory.CreateBrowserLikeClient();
        var login = await LoginHelper.PostLoginAsync(client, "dentista2@demo.local", LoginHelper.DemoPassword);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Contains("Account/SelecionarClinica", login.Headers.Location!.ToString());
        var html = WebUtility.HtmlDecode(await client.GetStringAsync("/Account/SelecionarClinica"));
        Assert.Contains("Odonto Campinas Centro", html);
        Assert.Contains("Clínica Dental Savassi", html);
        Assert.DoesNotContain("Clínica Sorriso Paulista", html);
    }

    [Fact]
    public async Task AWrongPasswordIsRefusedInPortuguese()
    {
        using var client = factory.CreateBrowserLikeClient();
        var response = await LoginHelper.PostLoginAsync(client, "recepcao2@demo.local", "errada");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("e-mail ou senha incorretos", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task FiveWrongPasswordsLockTheAccountEvenForTheRightOne()
    {
        using var client = factory.CreateBrowserLikeClient();
        for (var i = 0; i < 5; i++)
            await LoginHelper.PostLoginAsync(client, "dentista4@demo.local", "senha-errada");
        var response = await LoginHelper.PostLoginAsync(client, "dentista4@demo.local", LoginHelper.DemoPassword);
        // Not signed in, and answered like a wrong password (the message names the 15-minute lock).
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("bloqueado por 15 minutos", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task APatientCannotOpenTheClinicLookupPage()
    {
        using var client = factory.CreateBrowserLikeClient();
        await LoginHelper.SignInAsync(client, "paciente@demo.local");
        var response = await client.GetAsync("/beneficiarios");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("Account/AccessDenied", response.Headers.Location!.ToString());
    }

    [Theory]
    [InlineData("central@demo.local", "Central de Atendimento")]
    [InlineData("auditor@demo.local", "Auditoria odontológica")]
    [InlineData("admin@demo.local", "Administração")]
    [InlineData("paciente@demo.local", "Beneficiário")]
    public async Task EveryOperatorSideRoleCanSignInAndSeesItsRole(string email, string roleName)
    {
        using var client = factory.CreateBrowserLikeClient();
        await LoginHelper.SignInAsync(client, email);
        var html = WebUtility.HtmlDecode(await client.GetStringAsync("/"));
        Assert.Contains(roleName, html);
        Assert.DoesNotContain("Carteirinha ou CPF", html);
    }

    [Fact]
    public async Task DemoDataIsSeededOnceAndTheSeedIsIdempotent()
    {
        var seeder = factory.Services.GetRequiredService<DemoDataSeeder>();
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var before = (await db.Beneficiaries.CountAsync(), await db.Users.CountAsync(), await db.Procedures.CountAsync(), await db.PlanCoverages.CountAsync());
        await seeder.SeedAsync();
        var after = (await db.Beneficiaries.CountAsync(), await db.Users.CountAsync(), await db.Procedures.CountAsync(), await db.PlanCoverages.CountAsync());
        Assert.Equal(before, after);
        Assert.True(before.Item3 >= 30);
        Assert.Equal(3, await db.Clinics.CountAsync());
    }

    [Fact]
    [Trait("Provider", "Sqlite")] // about the SQLite file itself (issue 12)
    public async Task TheDatabaseRunsInWalMode()
    {
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var mode = await db.Database.SqlQueryRaw<string>("PRAGMA journal_mode").ToListAsync();
        Assert.Equal("wal", mode.Single());
    }
}
