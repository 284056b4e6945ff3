using System.Security.Cryptography;
using DentistPortal.Domain.Access;
using DentistPortal.Domain.Audit;
using DentistPortal.Domain.Common;
using DentistPortal.Domain.Contingency;
using DentistPortal.Features.Common;
using DentistPortal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Features.Contingency;

/// <param name="IdempotencyKey">One per user action (issue 9 §3): a double click issues one number, not two.</param>
public sealed record IssueContingencyNumberCommand(int ClinicId, string? Note, Guid? IdempotencyKey = null);

public sealed record IssuedContingencyNumber(string Number, string ClinicName, DateTimeOffset IssuedAtUtc, string? Note, bool Used);

/// <summary>
/// The call centre issues a contingency number for a clinic while the portal is down (manual Q12). Idempotent per user
/// action (<see cref="IdempotentAction"/>): repeating the same action answers the same number.
/// </summary>
public sealed class IssueContingencyNumberHandler(IDbContextFactory<AppDbContext> dbFactory, TimeProvider time, AccessCheck access)
{
    private static readonly string[] Issuers = [Roles.CallCenterAgent, Roles.Admin];

    private static string Id(int id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public Task<Result<IssuedContingencyNumber>> HandleAsync(IssueContingencyNumberCommand command, Actor? actor, CancellationToken ct = default) =>
        IdempotentAction.RunAsync(dbFactory, time, actor, command.IdempotencyKey, AuditActions.ContingencyNumberIssued, db => IssueAsync(db, command, actor, ct), ct);

    private async Task<Result<IssuedContingencyNumber>> IssueAsync(AppDbContext db, IssueContingencyNumberCommand command, Actor? actor, CancellationToken ct)
    {
        if (!await access.EnsureRoleAsync(db, actor, Issuers, "Clinic", "número de contingência", ct, Id(command.ClinicId))) return Result<IssuedContingencyNumber>.Forbidden();
        if (command.Note is { Length: > 300 }) return Result<IssuedContingencyNumber>.Invalid("Observação muito longa (máximo 300 caracteres).");
        var clinic = await db.Clinics.AsNoTracking().FirstOrDefaultAsync(c => c.Id == command.ClinicId && c.IsActive, ct);
        if (clinic is null) return Result<IssuedContingencyNumber>.Invalid("Escolha a clínica.");
        var now = time.GetUtcNow();
        var number = new ContingencyNumber
        {
            Number = $"CT{BrazilTime.Today(now):yyMMdd}{RandomNumberGenerator.GetInt32(0, 1_000_000):D6}",
            ClinicId = clinic.Id,
            IssuedByUserId = actor!.UserId,
            IssuedAtUtc = now,
            Note = string.IsNullOrWhiteSpace(command.Note) ? null : command.Note.Trim(),
        };
        db.ContingencyNumbers.Add(number);
        Audit.Record(db, time, actor!, AuditActions.ContingencyNumberIssued, "ok", "Clinic", clinic.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), number.Number, clinic.Id);
        return Result<IssuedContingencyNumber>.Ok(new(number.Number, clinic.Name, now, number.Note, false));
    }

    public async Task<IReadOnlyList<IssuedContingencyNumber>> RecentAsync(Actor? actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!(await access.ReadAsync(db, actor, ct)).HoldsAny(Issuers)) return [];
        return await (from n in db.ContingencyNumbers.AsNoTracking()
                      join c in db.Clinics on n.ClinicId equals c.Id
                      orderby n.IssuedAtUtc descending
                      select new IssuedContingencyNumber(n.Number, c.Name, n.IssuedAtUtc, n.Note, n.UsedByTreatmentId != null))
            .Take(20).ToListAsync(ct);
    }

    public async Task<IReadOnlyList<(int Id, string Name)>> ClinicsAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var list = await db.Clinics.AsNoTracking().Where(c => c.IsActive).OrderBy(c => c.Name).Select(c => new { c.Id, c.Name, c.City, c.Uf }).ToListAsync(ct);
        return [.. list.Select(c => (c.Id, $"{c.Name} — {c.City}/{c.Uf}"))];
    }
}
