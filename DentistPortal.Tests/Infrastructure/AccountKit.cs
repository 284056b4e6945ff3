using DentistPortal.Domain.Access;
using DentistPortal.Domain.Clinics;
using DentistPortal.Infrastructure.Data;
using DentistPortal.Infrastructure.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace DentistPortal.Tests.Infrastructure;

/// <summary>Accounts made for one test on a portal's database (the demo accounts stay as the README lists them).</summary>
public static class AccountKit
{
    /// <summary>A new account with the demo password and one role; with <paramref name="enrol"/> an authenticator and recovery codes.</summary>
    public static async Task<(string UserId, string? Secret, string[] RecoveryCodes)> CreateAsync(
        IServiceProvider services, string email, string role, bool enrol = false)
    {
        using var scope = services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, FullName = "Conta de Teste " + email, LockoutEnabled = true };
        Assert.True((await users.CreateAsync(user, LoginHelper.DemoPassword)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
        if (Roles.IsClinicRole(role))
        {
            // One clinic (São Paulo): chosen at sign-in, as for the demo receptionist.
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var clinicId = await db.Clinics.Where(c => c.Cnpj == DemoActors.SaoPauloCnpj).Select(c => c.Id).SingleAsync();
            db.ClinicMembers.Add(new ClinicMember { UserId = user.Id, ClinicId = clinicId, Kind = role == Roles.Dentist ? ClinicMemberKind.Dentist : ClinicMemberKind.Staff });
            await db.SaveChangesAsync();
        }
        if (!enrol) return (user.Id, null, []);
        await users.ResetAuthenticatorKeyAsync(user);
        var secret = (await users.GetAuthenticatorKeyAsync(user))!;
        Assert.True((await users.SetTwoFactorEnabledAsync(user, true)).Succeeded);
        var codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10))!.ToArray();
        DemoSecrets.Enrolled[email] = secret;
        return (user.Id, secret, codes);
    }

    public static async Task<ApplicationUser> ReloadAsync(IServiceProvider services, string userId)
    {
        using var scope = services.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByIdAsync(userId))!;
    }
}
