using DentistPortal.Domain.Access;
using DentistPortal.Features.Common;
using DentistPortal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Features.Admin;

public sealed record AccountClinic(int Id, string Name);

public sealed record AdminAccountRow(
    string UserId, string FullName, string Email, string Role, IReadOnlyList<AccountClinic> Clinics,
    bool IsDisabled, DateTimeOffset? LockedUntilUtc, int FailedLogins, string? Cro, string? Cpf,
    string? Cbos = null)
{
    /// <summary>The dentist's CBO-S with its name ("223208 – Cirurgião-dentista – clínico geral"); null for other roles.</summary>
    public string? CbosDisplay => Cbos is null ? null : Domain.Tiss.Cbos.Find(Cbos)?.Display ?? Cbos;

    public string RoleDisplay => Roles.DisplayName(Role);
    public bool IsLocked => LockedUntilUtc is not null;
}

/// <summary>Filters for the account list: one role (null = all) and a text in the name or e-mail.</summary>
public sealed record ListAccountsQuery(string? Role = null, string? Search = null);

/// <summary>Back office: every portal account with its role, clinics, and whether it is disabled or locked out.</summary>
public sealed class ListAccountsHandler(IDbContextFactory<AppDbContext> dbFactory, TimeProvider time, AccessCheck access)
{
    public async Task<Result<IReadOnlyList<AdminAccountRow>>> HandleAsync(ListAccountsQuery query, Actor? actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await access.EnsureAdminAsync(db, actor, "contas", ct)) return Result<IReadOnlyList<AdminAccountRow>>.Forbidden();

        var users = await (from u in db.Users.AsNoTracking()
                           join ur in db.UserRoles on u.Id equals ur.UserId
                           join r in db.Roles on ur.RoleId equals r.Id
                           join d in db.Dentists on u.Id equals d.UserId into ds
                           from d in ds.DefaultIfEmpty()
                           where query.Role == null || r.Name == query.Role
                           // Integration users of API credentials are managed on Integrações, never as people's accounts (issue 11).
                           where !db.ApiCredentials.Any(c => c.IntegrationUserId == u.Id)
                           select new { u.Id, u.FullName, u.Email, Role = r.Name!, u.IsDisabled, u.LockoutEnd, u.AccessFailedCount, Dentist = d })
            .ToListAsync(ct);
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var s = query.Search.Trim();
            users = [.. users.Where(u => u.FullName.Contains(s, StringComparison.OrdinalIgnoreCase) || (u.Email ?? "").Contains(s, StringComparison.OrdinalIgnoreCase))];
        }

        var ids = users.Select(u => u.Id).ToList();
        var memberships = await db.ClinicMembers.AsNoTracking().Where(m => ids.Contains(m.UserId))
            .Select(m => new { m.UserId, m.ClinicId, m.Clinic!.Name }).ToListAsync(ct);
        var byUser = memberships.GroupBy(m => m.UserId).ToDictionary(g => g.Key, g => g.OrderBy(m => m.Name).Select(m => new AccountClinic(m.ClinicId, m.Name)).ToList());

        var now = time.GetUtcNow();
        var order = Roles.All.Select((r, i) => (r, i)).ToDictionary(x => x.r, x => x.i);
        var rows = users
            .OrderBy(u => order.GetValueOrDefault(u.Role, 99)).ThenBy(u => u.FullName, StringComparer.CurrentCulture)
            .Select(u => new AdminAccountRow(u.Id, u.FullName, u.Email ?? "", u.Role,
                byUser.TryGetValue(u.Id, out var cs) ? cs : [], u.IsDisabled,
                u.LockoutEnd is { } end && end > now ? end : null, u.AccessFailedCount,
                u.Dentist is null ? null : u.Dentist.CroDisplay, u.Dentist?.Cpf, u.Dentist?.Cbos))
            .ToList();
        return Result<IReadOnlyList<AdminAccountRow>>.Ok(rows);
    }
}
