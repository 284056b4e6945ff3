using System.Security.Cryptography;
using DentistPortal.Domain.Access;
using DentistPortal.Domain.Clinics;
using DentistPortal.Infrastructure.Data;
using DentistPortal.Infrastructure.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Features.Admin;

/// <summary>What the admin sees once after creating an account or resetting a password.</summary>
public sealed record AccountCredentials(string UserId, string Email, string FullName, string? TemporaryPassword);

/// <summary>Temporary passwords that meet the portal's Identity policy (upper, lower, digit, symbol, 12 characters).</summary>
public static class TemporaryPassword
{
    private const string Upper = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    private const string Lower = "abcdefghijkmnopqrstuvwxyz";
    private const string Digit = "23456789";
    private const string Symbol = "@#$%&*!?";
    public const int Length = 12;

    public static string Generate()
    {
        var all = Upper + Lower + Digit + Symbol;
        var chars = new char[Length];
        chars[0] = Pick(Upper);
        chars[1] = Pick(Lower);
        chars[2] = Pick(Digit);
        chars[3] = Pick(Symbol);
        for (var i = 4; i < Length; i++) chars[i] = Pick(all);
        RandomNumberGenerator.Shuffle(chars.AsSpan());
        return new string(chars);

        static char Pick(string set) => set[RandomNumberGenerator.GetInt32(set.Length)];
    }
}

/// <summary>
/// One unit of work for account changes: a fresh DI scope whose UserManager and AppDbContext are the same
/// context, so the Identity rows, the portal rows and the audit line commit in one transaction.
/// </summary>
internal sealed class AccountWork : IAsyncDisposable
{
    private readonly AsyncServiceScope scope;

    public AccountWork(IServiceScopeFactory scopes)
    {
        scope = scopes.CreateAsyncScope();
        Db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
    }

    public AppDbContext Db { get; }
    public UserManager<ApplicationUser> Users { get; }

    public ValueTask DisposeAsync() => scope.DisposeAsync();

    public async Task<string?> RoleOfAsync(string userId, CancellationToken ct) =>
        await (from ur in Db.UserRoles join r in Db.Roles on ur.RoleId equals r.Id where ur.UserId == userId select r.Name).FirstOrDefaultAsync(ct);

    /// <summary>Clinic ids that do not exist, or that are inactive and not already among <paramref name="current"/>.</summary>
    public async Task<bool> ClinicsUsableAsync(IReadOnlyCollection<int> clinicIds, IReadOnlyCollection<int> current, CancellationToken ct)
    {
        var found = await Db.Clinics.AsNoTracking().Where(c => clinicIds.Contains(c.Id)).Select(c => new { c.Id, c.IsActive }).ToListAsync(ct);
        return found.Count == clinicIds.Count && found.All(c => c.IsActive || current.Contains(c.Id));
    }

    public static ClinicMemberKind KindFor(string role) => role == Roles.Dentist ? ClinicMemberKind.Dentist : ClinicMemberKind.Staff;

    public static IEnumerable<string> Describe(IdentityResult result) => result.Errors.Select(e => e.Description).Distinct();
}
