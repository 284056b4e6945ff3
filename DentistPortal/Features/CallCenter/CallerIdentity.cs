using DentistPortal.Domain.Common;
using DentistPortal.Features.Common;
using DentistPortal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Features.CallCenter;

public enum CallerIdentityState
{
    /// <summary>No identity check for this beneficiary in this call yet.</summary>
    NotChecked,
    /// <summary>A check passed less than 30 minutes ago and none failed in this call.</summary>
    Passed,
    /// <summary>The passed check is older than 30 minutes: ask again.</summary>
    Expired,
    /// <summary>A check failed in this call (for this beneficiary or a family member): nothing sensitive until a new call.</summary>
    Blocked,
}

/// <summary>Where the caller stands in this call, with the pt-BR sentence the agent reads.</summary>
public sealed record CallerIdentity(CallerIdentityState State, DateTimeOffset? ValidUntilUtc, string Message)
{
    public bool IsPassed => State == CallerIdentityState.Passed;
    public bool IsBlocked => State == CallerIdentityState.Blocked;
}

/// <summary>
/// The identity gate of the call centre. A call (CallId, created by the agent's screen) gets sensitive actions —
/// listing active tokens, resending, reading a code out, revoking — only for a beneficiary whose identity check
/// passed in that call less than 30 minutes ago. A failed check blocks the call for the whole family (holder and
/// dependents) even if a later check passes: the agent ends the call, and a new call starts clean.
/// A holder's check covers the treatments of the dependents visible to the holder (minors, or without own contacts);
/// a dependent's check covers only their own.
/// </summary>
public static class IdentityGate
{
    public static readonly TimeSpan Validity = TimeSpan.FromMinutes(30);

    public const string NotCheckedMessage = "Confirme a identidade de quem ligou (data de nascimento e 3 primeiros dígitos do CPF) antes de qualquer ação com tokens.";
    public const string ExpiredMessage = "A confirmação de identidade desta ligação tem mais de 30 minutos: confirme de novo.";
    public const string BlockedMessage = "A confirmação de identidade falhou nesta ligação: não é possível reenviar, informar ou cancelar tokens. "
        + "Encerre a ligação sem passar dados. Se o beneficiário ligar de novo, clique em \"Nova ligação\" e confirme outra vez.";

    public static bool IsValidCallId(string? callId) =>
        callId is { Length: <= 64 } && Guid.TryParse(callId, out var g) && g != Guid.Empty;

    /// <summary>One spelling per call in the database (lower-case, with dashes).</summary>
    public static string Normalize(string callId) => Guid.Parse(callId).ToString("D");

    /// <summary>The holder and all dependents of the beneficiary's family.</summary>
    public static async Task<List<int>> FamilyAsync(AppDbContext db, int beneficiaryId, CancellationToken ct)
    {
        var holderId = await db.Beneficiaries.Where(b => b.Id == beneficiaryId).Select(b => b.HolderId ?? b.Id).FirstOrDefaultAsync(ct);
        return await db.Beneficiaries.Where(b => b.Id == holderId || b.HolderId == holderId).Select(b => b.Id).ToListAsync(ct);
    }

    /// <summary>
    /// Whose treatments the confirmed caller may act on: a dependent alone; a holder with the dependents the holder may
    /// be read the tokens of — minors and those without own contacts (SPEC §9, issue 9 §7). An adult dependent with own
    /// contacts is reached only when that dependent is the caller identified.
    /// </summary>
    public static async Task<List<int>> ScopeAsync(AppDbContext db, int beneficiaryId, DateTimeOffset now, CancellationToken ct)
    {
        var isHolder = await db.Beneficiaries.AnyAsync(b => b.Id == beneficiaryId && b.HolderId == null, ct);
        if (!isHolder) return [beneficiaryId];
        var today = BrazilTime.Today(now);
        var family = await db.Beneficiaries.AsNoTracking().Where(b => b.Id == beneficiaryId || b.HolderId == beneficiaryId).ToListAsync(ct);
        return [.. family.Where(b => b.IsVisibleToHolderOn(today)).Select(b => b.Id)];
    }

    public static async Task<CallerIdentity> StateAsync(AppDbContext db, Actor actor, string callId, int beneficiaryId, DateTimeOffset now, CancellationToken ct)
    {
        var call = Normalize(callId);
        var family = await FamilyAsync(db, beneficiaryId, ct);
        var checks = await db.IdentityChecks.AsNoTracking()
            .Where(c => c.CallId == call && c.AgentUserId == actor.UserId && family.Contains(c.BeneficiaryId))
            .Select(c => new { c.BeneficiaryId, c.Passed, c.AtUtc })
            .ToListAsync(ct);
        if (checks.Any(c => !c.Passed)) return new(CallerIdentityState.Blocked, null, BlockedMessage);
        var last = checks.Where(c => c.BeneficiaryId == beneficiaryId).MaxBy(c => c.AtUtc);
        if (last is null) return new(CallerIdentityState.NotChecked, null, NotCheckedMessage);
        var until = last.AtUtc + Validity;
        return now < until
            ? new(CallerIdentityState.Passed, until, $"Identidade confirmada nesta ligação (vale até {BrazilTime.ToLocal(until):HH:mm}).")
            : new(CallerIdentityState.Expired, null, ExpiredMessage);
    }
}
