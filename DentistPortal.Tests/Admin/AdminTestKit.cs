using DentistPortal.Domain.Access;
using DentistPortal.Features.Common;
using DentistPortal.Infrastructure.Data;
using DentistPortal.Infrastructure.Identity;
using DentistPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DentistPortal.Tests.Admin;

/// <summary>Actors, handlers and database reads for the back-office tests (real handlers on the fixture's SQLite file).</summary>
public sealed class AdminTestKit(TestDatabase db)
{
    /// <summary>Every demo login that is not the admin, with the clinic it works at (as its cookie would carry it).</summary>
    public static TheoryData<string, string?> NonAdmins => new()
    {
        { "dentista@demo.local", DemoActors.SaoPauloCnpj },
        { "recepcao@demo.local", DemoActors.SaoPauloCnpj },
        { "central@demo.local", null },
        { "auditor@demo.local", null },
        { "paciente@demo.local", null },
    };

    public Task<Actor> AdminAsync() => DemoActors.ForAsync(db.Services, "admin@demo.local");

    public Task<Actor> ActorAsync(string email, string? cnpj = null) => DemoActors.ForAsync(db.Services, email, cnpj);

    public T Handler<T>() where T : notnull => db.Scope().ServiceProvider.GetRequiredService<T>();

    public Task<AppDbContext> ContextAsync() => db.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();

    public Task<int> ClinicIdAsync(string cnpj) => DemoActors.ClinicIdAsync(db.Services, cnpj);

    /// <summary>A UserManager on a fresh scope (fresh context), as a new request would see the account.</summary>
    public UserManager<ApplicationUser> Users() => db.Scope().ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();

    public async Task<ApplicationUser> UserAsync(string email) =>
        await Users().FindByEmailAsync(email) ?? throw new InvalidOperationException($"No user {email}.");

    public async Task<int> AuditCountAsync(string action)
    {
        await using var ctx = await ContextAsync();
        return await ctx.AuditEntries.CountAsync(a => a.Action == action);
    }

    public async Task<List<DentistPortal.Domain.Audit.AuditEntry>> AuditAsync(string action)
    {
        await using var ctx = await ContextAsync();
        return await ctx.AuditEntries.Where(a => a.Action == action).OrderBy(a => a.Id).ToListAsync();
    }

    public static readonly string[] ClinicRoles = [Roles.Dentist, Roles.ClinicStaff];
}
