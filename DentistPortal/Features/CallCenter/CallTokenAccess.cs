using DentistPortal.Domain.Tokens;
using DentistPortal.Domain.Treatments;
using DentistPortal.Features.Common;
using DentistPortal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Features.CallCenter;

/// <summary>A token the confirmed caller may act on in this call, or why not.</summary>
internal sealed record CallToken(AttendanceToken Token, Treatment Treatment);

/// <summary>
/// The checks every sensitive call-centre action shares, after the role check: a valid call, a passed identity
/// check for the caller in this call (none failed), and a token of a treatment inside the caller's scope.
/// Identity refusals are audited under the attempted action.
/// </summary>
internal static class CallTokenAccess
{
    public const string TokenNotFound = "Token não encontrado.";

    public static async Task<(CallToken? Token, Result<T>? Refusal)> FindAsync<T>(
        AppDbContext db, TimeProvider time, Actor actor, string? callId, int beneficiaryId, int tokenId, string action, CancellationToken ct)
    {
        if (!IdentityGate.IsValidCallId(callId)) return (null, Result<T>.Invalid(CallerAnswers.CallIdMessage));
        var call = IdentityGate.Normalize(callId!);
        var identity = await IdentityGate.StateAsync(db, actor, call, beneficiaryId, time.GetUtcNow(), ct);
        if (!identity.IsPassed)
        {
            Audit.Record(db, time, actor, action, "refused", "Beneficiary", CallCenterAccess.Id(beneficiaryId),
                $"identidade {(identity.IsBlocked ? "não confirmada (falhou) nesta ligação" : "não confirmada")}; ligação {CallCenterAccess.ShortCall(call)}");
            await db.SaveChangesAsync(ct);
            return (null, Result<T>.Invalid(identity.Message));
        }

        var scope = await IdentityGate.ScopeAsync(db, beneficiaryId, time.GetUtcNow(), ct);
        var token = await db.Tokens.FirstOrDefaultAsync(t => t.Id == tokenId, ct);
        var treatment = token is null ? null : await db.Treatments.FirstOrDefaultAsync(t => t.Id == token.TreatmentId, ct);
        // Another family's token looks like no token at all: no oracle.
        if (token is null || treatment is null || !scope.Contains(treatment.BeneficiaryId)) return (null, Result<T>.NotFound(TokenNotFound));
        return (new CallToken(token, treatment), null);
    }

    /// <summary>
    /// Why the token cannot be used now, or null. Reads TR-5's one rule (<see cref="AttendanceToken.EffectiveStatus(DateTimeOffset)"/>);
    /// storing the expiry is the sweep's job (issue 9 §9), not this read's.
    /// </summary>
    public static string? WhyNotActive(AttendanceToken token, DateTimeOffset now, Infrastructure.Security.ITokenCodeProtector protector) =>
        WhyNotActive(token, now) ?? (protector.CanVerify(token.HmacKeyId) ? null : ReissueMessage);

    /// <summary>
    /// Issue 10 (Keys): the HMAC key this token was made with is no longer configured, so its code can never be accepted;
    /// the Central neither reads it out nor sends it again.
    /// </summary>
    public const string ReissueMessage = "Token precisa ser reemitido: este código não pode mais ser conferido pelo portal. O dentista gera um novo token no atendimento.";

    public static string? WhyNotActive(AttendanceToken token, DateTimeOffset now)
    {
        var status = token.EffectiveStatus(now);
        return status == TokenStatus.Active && token.EncryptedCode is not null
            ? null
            : $"Este token não está mais ativo ({StatusLabels.Of(status).ToLowerInvariant()}). O dentista gera um novo token no atendimento.";
    }
}
