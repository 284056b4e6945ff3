using DentistPortal.Domain.Audit;
using DentistPortal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using RoleNames = DentistPortal.Domain.Access.Roles;

namespace DentistPortal.Features.Common;

/// <summary>
/// What the database says about the actor at this moment (issue 9 §5): the account exists and is enabled, the roles it
/// holds, the active clinics it is a member of, and the beneficiaries it may act for (itself and, for a holder, the
/// dependents the holder may see: minors and those without contacts of their own). The cookie only says <i>who</i> is asking and which clinic was chosen for the session; every answer
/// below comes from the database, so a disabled or demoted account is refused at its very next action.
/// </summary>
public sealed class ActorAccess
{
    private static readonly IReadOnlySet<string> NoRoles = new HashSet<string>();
    private static readonly IReadOnlySet<int> NoIds = new HashSet<int>();

    private readonly IReadOnlySet<int> activeClinicIds;
    private readonly IReadOnlySet<int> familyBeneficiaryIds;
    private readonly IReadOnlySet<int> integrationClinicIds;

    internal ActorAccess(Actor? actor, bool isEnabled, IReadOnlySet<string> roles, IReadOnlySet<int> activeClinicIds, IReadOnlySet<int> familyBeneficiaryIds,
        IReadOnlySet<int>? integrationClinicIds = null)
    {
        this.integrationClinicIds = isEnabled ? integrationClinicIds ?? NoIds : NoIds;
        Actor = actor;
        IsEnabled = isEnabled;
        // A disabled account holds nothing: one place, so no rule below can forget it.
        Roles = isEnabled ? roles : NoRoles;
        this.activeClinicIds = isEnabled ? activeClinicIds : NoIds;
        this.familyBeneficiaryIds = isEnabled ? familyBeneficiaryIds : NoIds;
    }

    /// <summary>Nobody signed in, or an account the database no longer knows.</summary>
    public static ActorAccess Nobody(Actor? actor) => new(actor, false, NoRoles, NoIds, NoIds);

    public Actor? Actor { get; }

    /// <summary>The account exists and the back office has not disabled it.</summary>
    public bool IsEnabled { get; }

    /// <summary>The roles held in the database (AspNetUserRoles); empty for a disabled account.</summary>
    public IReadOnlySet<string> Roles { get; }

    public bool Holds(string role) => Roles.Contains(role);

    public bool HoldsAny(params string[] roles) => roles.Any(Roles.Contains);

    /// <summary>
    /// A dentist or receptionist working at <paramref name="clinicId"/> now: chose it for this session, is still a
    /// member of it, and the clinic is active (SPEC §1).
    /// </summary>
    public bool ActsForClinic(int clinicId) =>
        Roles.Any(RoleNames.IsClinicRole) && Actor?.ClinicId == clinicId && activeClinicIds.Contains(clinicId);

    /// <summary>The clinic the actor works at now, when <see cref="ActsForClinic"/> holds for it.</summary>
    public int? CurrentClinicId => Actor?.ClinicId is { } id && ActsForClinic(id) ? id : null;

    /// <summary>A dentist (not a receptionist) working at <paramref name="clinicId"/> now.</summary>
    public bool ActsAsDentistFor(int clinicId) => Holds(RoleNames.Dentist) && ActsForClinic(clinicId);

    /// <summary>
    /// The integration user of an API credential of <paramref name="clinicId"/> (issue 11), working there now: its
    /// membership is of kind Integration. It may act for a member dentist of that clinic where a screen action is
    /// dentist-only (opening a treatment), naming the dentist explicitly.
    /// </summary>
    public bool ActsAsIntegrationFor(int clinicId) => ActsForClinic(clinicId) && integrationClinicIds.Contains(clinicId);

    /// <summary>A Portal do Cliente user acting for this beneficiary: themself or, as holder, a dependent.</summary>
    public bool ActsForBeneficiary(int beneficiaryId) => Holds(RoleNames.Beneficiary) && familyBeneficiaryIds.Contains(beneficiaryId);
}

/// <summary>
/// The one authorization check (issue 9 §5), injected into every handler: reads <see cref="ActorAccess"/> from the
/// database in one query, and records refusals in the audit trail (<see cref="AuditActions.AccessDenied"/>).
/// </summary>
public sealed class AccessCheck(TimeProvider time, DentistPortal.Infrastructure.Identity.OpenSessions sessions)
{
    /// <summary>
    /// A signed-in actor whose account is disabled or gone: its open pages in this process end now (issue 9 §5), so the
    /// person is sent to the login instead of reading "not found" on every action until the page's next revalidation.
    /// </summary>
    private ActorAccess Ended(Actor actor)
    {
        sessions.End(actor.UserId);
        return ActorAccess.Nobody(actor);
    }

    /// <summary>One round trip: the account, its roles, its active clinic memberships and its family.</summary>
    public async Task<ActorAccess> ReadAsync(AppDbContext db, Actor? actor, CancellationToken ct)
    {
        if (actor is null) return ActorAccess.Nobody(null);
        var userId = actor.UserId;
        var row = await db.Users.AsNoTracking()
            .Where(u => u.Id == userId)
            .Select(u => new
            {
                u.IsDisabled,
                Roles = db.UserRoles.Where(ur => ur.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name!).ToList(),
                Clinics = db.ClinicMembers.Where(m => m.UserId == u.Id && m.Clinic!.IsActive).Select(m => new { m.ClinicId, m.Kind }).ToList(),
                Self = db.Beneficiaries.Where(b => b.UserId == u.Id).Select(b => b.Id).ToList(),
                Dependents = db.Beneficiaries.Where(b => b.Holder!.UserId == u.Id).ToList(),
            })
            .FirstOrDefaultAsync(ct);
        if (row is null || row.IsDisabled) return Ended(actor);
        // An adult dependent with contacts of their own is private to that dependent (SPEC §9, issue 9 §7).
        var today = Domain.Common.BrazilTime.Today(time.GetUtcNow());
        var visibleDependents = row.Dependents.Where(d => d.IsVisibleToHolderOn(today)).Select(d => d.Id);
        return new ActorAccess(actor, !row.IsDisabled, row.Roles.ToHashSet(StringComparer.Ordinal), row.Clinics.Select(c => c.ClinicId).ToHashSet(),
            row.Self.Concat(visibleDependents).ToHashSet(),
            row.Clinics.Where(c => c.Kind == Domain.Clinics.ClinicMemberKind.Integration).Select(c => c.ClinicId).ToHashSet());
    }

    /// <summary>
    /// The same answer as <see cref="ReadAsync"/> about one clinic, in one small compiled query (issue 13, handler cost): the
    /// account, its roles and whether it is an active member of <paramref name="clinicId"/>. It reads no other clinic and no
    /// family, so <see cref="ActorAccess.ActsForClinic"/>, <see cref="ActorAccess.ActsAsIntegrationFor"/> and the role
    /// checks are exact for that clinic, while <see cref="ActorAccess.ActsForBeneficiary"/> is always false: use it only for
    /// the clinic's hands-on actions (generate, validate), <see cref="ReadAsync"/> wherever a beneficiary may act.
    /// </summary>
    public async Task<ActorAccess> ReadForClinicAsync(AppDbContext db, Actor? actor, int clinicId, CancellationToken ct)
    {
        if (actor is null) return ActorAccess.Nobody(null);
        var row = await ClinicAccess.For(db)(db, actor.UserId, clinicId, ct);
        if (row is null || row.IsDisabled) return Ended(actor);
        var member = row.MemberKind is null ? new HashSet<int>() : new HashSet<int> { clinicId };
        var integration = row.MemberKind == Domain.Clinics.ClinicMemberKind.Integration ? new HashSet<int> { clinicId } : new HashSet<int>();
        return new ActorAccess(actor, !row.IsDisabled, row.Roles.ToHashSet(StringComparer.Ordinal), member, new HashSet<int>(), integration);
    }

    private sealed record ClinicAccessRow(bool IsDisabled, List<string> Roles, Domain.Clinics.ClinicMemberKind? MemberKind);

    private static readonly CompiledPerModel<Func<AppDbContext, string, int, CancellationToken, Task<ClinicAccessRow?>>> ClinicAccess =
        new(() => EF.CompileAsyncQuery((AppDbContext db, string userId, int clinicId, CancellationToken ct) =>
            db.Users.AsNoTracking()
                .Where(u => u.Id == userId)
                .Select(u => new ClinicAccessRow(
                    u.IsDisabled,
                    db.UserRoles.Where(ur => ur.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name!).ToList(),
                    db.ClinicMembers.Where(m => m.UserId == u.Id && m.ClinicId == clinicId && m.Clinic!.IsActive)
                        .Select(m => (Domain.Clinics.ClinicMemberKind?)m.Kind).FirstOrDefault()))
                .FirstOrDefault()));

    /// <summary>
    /// True when the actor holds one of <paramref name="roles"/> in the database and the account is enabled;
    /// otherwise records the refusal (for a signed-in actor) and answers false.
    /// </summary>
    public async Task<bool> EnsureRoleAsync(AppDbContext db, Actor? actor, string[] roles, string area, string what, CancellationToken ct,
        string? subjectId = null, int? clinicId = null)
    {
        var access = await ReadAsync(db, actor, ct);
        if (access.HoldsAny(roles)) return true;
        await RecordRefusalAsync(db, actor, area, subjectId, what, clinicId, ct);
        return false;
    }

    /// <summary>Writes the refusal line (nothing for an anonymous caller) and saves it at once.</summary>
    public async Task RecordRefusalAsync(AppDbContext db, Actor? actor, string area, string? subjectId, string what, int? clinicId, CancellationToken ct)
    {
        if (actor is null) return;
        Audit.Record(db, time, actor, AuditActions.AccessDenied, "refused", area, subjectId, what, clinicId);
        await db.SaveChangesAsync(ct);
    }
}
