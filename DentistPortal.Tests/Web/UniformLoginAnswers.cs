using System.Net;
using System.Text.RegularExpressions;
using DentistPortal.Domain.Access;
using DentistPortal.Features.Admin;
using DentistPortal.Infrastructure.Identity;
using DentistPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace DentistPortal.Tests.Web;

/// <summary>
/// Issue 10 (Accounts): the login answers the same for a wrong password, an unknown account and a disabled account
/// (the disabled notice only after the right password), lockout counts every failure, and an unknown account costs
/// the same password hash as a known one.
/// </summary>
public partial class UniformLoginAnswers(UniformLoginAnswers.CountingPortal factory) : IClassFixture<UniformLoginAnswers.CountingPortal>
{
    /// <summary>The portal with the real password hasher behind a counter.</summary>
    public sealed class CountingPortal : PortalFactory
    {
        public CountingHasher Hasher { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(s => s.Replace(ServiceDescriptor.Singleton<IPasswordHasher<ApplicationUser>>(Hasher)));
        }
    }

    public sealed class CountingHasher : IPasswordHasher<ApplicationUser>
    {
        private readonly PasswordHasher<ApplicationUser> real = new(Options.Create(new PasswordHasherOptions()));
        public int Verifications;

        public string HashPassword(ApplicationUser user, string password) => real.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(ApplicationUser user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref Verifications);
            return real.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }

    [GeneratedRegex("<div class=\"dp-alert[^\"]*\" role=\"alert\">\\s*(.*?)\\s*</div>", RegexOptions.Singleline)]
    private static partial Regex Alert();

    private async Task<(HttpStatusCode Status, string Alert)> AnswerAsync(string email, string password)
    {
        using var client = factory.CreateBrowserLikeClient();
        var response = await LoginHelper.PostLoginAsync(client, email, password);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, Alert().Match(html).Groups[1].Value);
    }

    private async Task DisableAsync(string userId, bool disabled = true)
    {
        var admin = await DemoActors.ForAsync(factory.Services, "admin@demo.local");
        using var scope = factory.Services.CreateScope();
        Assert.True((await scope.ServiceProvider.GetRequiredService<SetAccountDisabledHandler>().HandleAsync(new(userId, disabled), admin)).IsOk);
    }

    [Fact]
    public async Task AWrongPasswordAnUnknownAccountAndADisabledAccountGetTheSameAnswer()
    {
        var (disabledId, _, _) = await AccountKit.CreateAsync(factory.Services, "desativada.igual@teste.local", Roles.ClinicStaff);
        await DisableAsync(disabledId);

        var wrongPassword = await AnswerAsync("recepcao@demo.local", "senha-errada");
        var unknown = await AnswerAsync("ninguem.aqui@teste.local", "senha-errada");
        var disabledWrong = await AnswerAsync("desativada.igual@teste.local", "senha-errada");

        Assert.Equal(HttpStatusCode.OK, wrongPassword.Status);
        Assert.Contains("e-mail ou senha incorretos", wrongPassword.Alert);
        Assert.Equal(wrongPassword, unknown);
        Assert.Equal(wrongPassword, disabledWrong);
    }

    [Fact]
    public async Task TheDisabledNoticeComesOnlyAfterTheRightPassword()
    {
        var (id, _, _) = await AccountKit.CreateAsync(factory.Services, "desativada.aviso@teste.local", Roles.Dentist);
        await DisableAsync(id);
        var right = await AnswerAsync("desativada.aviso@teste.local", LoginHelper.DemoPassword);
        Assert.Equal(HttpStatusCode.OK, right.Status);
        Assert.Contains("esta conta foi desativada", right.Alert);
    }

    [Fact]
    public async Task WrongPasswordsOnADisabledAccountCountTowardLockout()
    {
        var (id, _, _) = await AccountKit.CreateAsync(factory.Services, "desativada.bloqueio@teste.local", Roles.ClinicStaff);
        await DisableAsync(id);
        for (var i = 0; i < 5; i++)
            await AnswerAsync("desativada.bloqueio@teste.local", "senha-errada");
        var user = await AccountKit.ReloadAsync(factory.Services, id);
        Assert.NotNull(user.LockoutEnd);
        Assert.True(user.LockoutEnd > DateTimeOffset.UtcNow);

        // Enabled again, it is still locked: the right password gets the same answer as a wrong one, not the portal.
        await DisableAsync(id, disabled: false);
        var answer = await AnswerAsync("desativada.bloqueio@teste.local", LoginHelper.DemoPassword);
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Contains("e-mail ou senha incorretos", answer.Alert);
    }

    [Fact]
    public async Task ALockedAccountAnswersTheRightPasswordExactlyLikeAWrongOneSoGuessingLearnsNothing()
    {
        // Found by the attack on issue 10: "bloqueada" for the right password and "incorretos" for a wrong one told a
        // guesser which password was right, lockout or not.
        await AccountKit.CreateAsync(factory.Services, "oraculo@teste.local", Roles.ClinicStaff);
        for (var i = 0; i < 5; i++)
            await AnswerAsync("oraculo@teste.local", "senha-errada");
        var wrong = await AnswerAsync("oraculo@teste.local", "outra-errada");
        var right = await AnswerAsync("oraculo@teste.local", LoginHelper.DemoPassword);
        Assert.Equal(wrong, right);
        Assert.Contains("bloqueado por 15 minutos", right.Alert);
    }

    [Fact]
    public async Task TheFifthWrongPasswordAnswersLikeTheFirstSoLockoutDoesNotRevealTheAccount()
    {
        await AccountKit.CreateAsync(factory.Services, "bloqueio.silencioso@teste.local", Roles.ClinicStaff);
        var first = await AnswerAsync("bloqueio.silencioso@teste.local", "senha-errada");
        for (var i = 0; i < 4; i++)
            await AnswerAsync("bloqueio.silencioso@teste.local", "senha-errada");
        var sixth = await AnswerAsync("bloqueio.silencioso@teste.local", "senha-errada");
        Assert.Equal(first, sixth);
        Assert.Equal(first, await AnswerAsync("nunca.existiu@teste.local", "senha-errada"));
    }

    [Fact]
    public async Task AnUnknownAccountCostsOnePasswordHashLikeAKnownOne()
    {
        // One client per answer; the counter is global, so count around each post alone.
        async Task<int> HashesFor(string email)
        {
            using var client = factory.CreateBrowserLikeClient();
            await client.GetStringAsync("/Account/Login"); // warm the page outside the count
            var before = Volatile.Read(ref factory.Hasher.Verifications);
            await LoginHelper.PostLoginAsync(client, email, "senha-errada");
            return Volatile.Read(ref factory.Hasher.Verifications) - before;
        }

        Assert.Equal(1, await HashesFor("recepcao2@demo.local"));
        Assert.Equal(1, await HashesFor("nao.existe@teste.local"));
    }
}
