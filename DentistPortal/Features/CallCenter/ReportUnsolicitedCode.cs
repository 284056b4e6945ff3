using DentistPortal.Domain.Audit;
using DentistPortal.Features.Common;
using DentistPortal.Features.Tokens;
using DentistPortal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Features.CallCenter;

/// <param name="IdempotencyKey">One per user action (issue 9 §3), handed to <see cref="RevokeTokenHandler"/>.</param>
public sealed record ReportUnsolicitedCodeCommand(string? CallId, int BeneficiaryId, int TokenId, string? Notes, Guid? IdempotencyKey = null);

/// <summary>
/// "Registrar código não solicitado" (manual Q8) on the caller's behalf: with a passed identity check in this call,
/// hands over to <see cref="RevokeTokenHandler"/> (token Revoked, case opened "central", dentist's screen updated live).
/// The identity check matters here too: revoking is disruptive, so a stranger cannot cancel someone's token.
/// </summary>
public sealed class ReportUnsolicitedCodeHandler(IDbContextFactory<AppDbContext> dbFactory, RevokeTokenHandler revoke, TimeProvider time, AccessCheck access)
{
    public async Task<Result<int>> HandleAsync(ReportUnsolicitedCodeCommand command, Actor? actor, CancellationToken ct = default)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            if (!await access.EnsureAgentAsync(db, actor, "código não solicitado na Central", ct)) return Result<int>.Forbidden();

            var notes = string.IsNullOrWhiteSpace(command.Notes) ? null : command.Notes.Trim();
            if (notes is { Length: > 500 }) return Result<int>.Invalid("Observação muito longa (máximo 500 caracteres).");
            if (CallCenterAccess.LooksLikeItHoldsACode(notes)) return Result<int>.Invalid(CallCenterAccess.CodeLikeMessage);

            var (found, refusal) = await CallTokenAccess.FindAsync<int>(db, time, actor!, command.CallId, command.BeneficiaryId, command.TokenId, AuditActions.TokenRevoked, ct);
            if (found is null) return refusal!;
            command = command with { Notes = $"Relatado por telefone à Central (ligação {CallCenterAccess.ShortCall(IdentityGate.Normalize(command.CallId!))}){(notes is null ? "" : ": " + notes)}" };
        }
        return await revoke.HandleAsync(new RevokeTokenCommand(command.TokenId, command.Notes, command.IdempotencyKey), actor, ct);
    }
}
