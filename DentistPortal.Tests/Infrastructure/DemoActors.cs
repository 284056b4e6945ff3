using DentistPortal.Domain.Access;
using DentistPortal.Features.Common;
using DentistPortal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DentistPortal.Tests.Infrastructure;

/// <summary>Builds <see cref="Actor"/>s for the demo accounts, as the sign-in cookie would carry them.</summary>
public static class DemoActors
{
    public const string SaoPauloCnpj = "11222333000181";
    public const string CampinasCnpj = "45367890000102";
    public const string BeloHorizonteCnpj = "78123456000136";

    public static async Task<Actor> ForAsync(IServiceProvider services, string email, string? clinicCnpj = null)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var user = await db.Users.SingleAsync(u => u.Email == email);
        var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == user.Id select r.Name!).ToListAsync();
        int? clinicId = null;
        if (clinicCnpj is not null) clinicId = await db.Clinics.Where(c => c.Cnpj == clinicCnpj).Select(c => c.Id).SingleAsync();
        return new Actor(user.Id, user.FullName, roles.ToHashSet(), clinicId);
    }

    public static async Task<int> ClinicIdAsync(IServiceProvider services, string cnpj)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        return await db.Clinics.Where(c => c.Cnpj == cnpj).Select(c => c.Id).SingleAsync();
    }

    public static readonly string[] AllRoles = [.. Roles.All];
}
