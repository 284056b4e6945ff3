using System.Globalization;
using DentistPortal.Domain.Access;
using DentistPortal.Domain.Beneficiaries;
using DentistPortal.Domain.Clinics;
using DentistPortal.Features.Common;
using DentistPortal.Infrastructure.Data;
using DentistPortal.Infrastructure.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DentistPortal.Bench;

/// <summary>
/// Issue 13 (no latency cliffs), <c>--spread</c>: the callers of a national network are different chairs — different
/// dentists, clinics, beneficiaries and treatments — not one dentist. Adds <paramref name="count"/> dentists (each a member
/// of one of the seeded clinics, round-robin) and as many holder beneficiaries, each with its own mobile and e-mail, on
/// the bench database (bench data only, written straight through EF Core; nobody logs in as them).
/// </summary>
public static class SpreadChairs
{
    /// <summary>The chairs: chair i = dentist i (its actor) and beneficiary i (its CPF, to look up as that dentist).</summary>
    public static async Task<(Actor Dentist, string BeneficiaryCpf)[]> CreateAsync(BenchHost host, int count)
    {
        await using var db = await host.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var clinics = await db.Clinics.Where(c => c.IsActive).OrderBy(c => c.Id).Select(c => c.Id).ToListAsync();
        var dentistRole = await db.Roles.Where(r => r.Name == Roles.Dentist).Select(r => r.Id).SingleAsync();
        var template = await db.Beneficiaries.AsNoTracking().Where(b => b.HolderId == null && b.Status == BeneficiaryStatus.Active && b.Cpf != null)
            .OrderBy(b => b.Id).FirstAsync();
        var chairs = new (string UserId, string Name, int ClinicId, string Cpf)[count];
        for (var i = 0; i < count; i++)
        {
            var n = (i + 1).ToString("D4", CultureInfo.InvariantCulture);
            var email = $"dentista.bench{n}@bench.local";
            var user = new ApplicationUser
            {
                UserName = email, NormalizedUserName = email.ToUpperInvariant(), Email = email, NormalizedEmail = email.ToUpperInvariant(),
                EmailConfirmed = true, FullName = $"Dentista Bench {n}", SecurityStamp = Guid.NewGuid().ToString("N"), LockoutEnabled = true,
            };
            db.Users.Add(user);
            db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = dentistRole });
            db.Dentists.Add(new Dentist { UserId = user.Id, FullName = user.FullName, Cpf = Cpf(700_000_000 + i), CroNumber = (90_000 + i).ToString(CultureInfo.InvariantCulture), CroUf = "SP" });
            var clinicId = clinics[i % clinics.Count];
            db.ClinicMembers.Add(new ClinicMember { UserId = user.Id, ClinicId = clinicId, Kind = ClinicMemberKind.Dentist });
            var cpf = Cpf(800_000_000 + i);
            db.Beneficiaries.Add(new Beneficiary
            {
                CardNumber = "98765499" + (i + 1).ToString("D8", CultureInfo.InvariantCulture), Cpf = cpf, FullName = $"Beneficiário Bench {n}",
                BirthDate = template.BirthDate, Relationship = Relationship.Holder, PlanId = template.PlanId, EnrolledOn = template.EnrolledOn,
                MobilePhone = "+55119" + (70_000_000 + i).ToString(CultureInfo.InvariantCulture), Email = $"beneficiario.bench{n}@exemplo.com.br",
            });
            chairs[i] = (user.Id, user.FullName, clinicId, cpf);
        }
        await db.SaveChangesAsync();
        return [.. chairs.Select(c => (new Actor(c.UserId, c.Name, new HashSet<string> { Roles.Dentist }, c.ClinicId), c.Cpf))];
    }

    /// <summary>A valid CPF (both check digits) from a 9-digit base.</summary>
    private static string Cpf(int nineDigits)
    {
        var d = nineDigits.ToString("D9", CultureInfo.InvariantCulture).Select(c => c - '0').ToList();
        for (var round = 0; round < 2; round++)
        {
            var sum = 0;
            for (var k = 0; k < d.Count; k++) sum += d[k] * (d.Count + 1 - k);
            var r = sum % 11;
            d.Add(r < 2 ? 0 : 11 - r);
        }
        return string.Concat(d);
    }
}
