using DentistPortal.Domain.Access;
using DentistPortal.Domain.Audit;
using DentistPortal.Domain.Tokens;
using DentistPortal.Features.Common;
using DentistPortal.Features.Treatments;
using DentistPortal.Infrastructure.Data;
using DentistPortal.Infrastructure.Messaging;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Features.Tokens;

/// <param name="IdempotencyKey">One per user action (issue 9 §3): a repeat returns the same case, nothing is revoked twice.</param>
public sealed record RevokeTokenCommand(int TokenId, string? Notes = null, Guid? IdempotencyKey = null);

/// <summary>
/// "Não solicitei este código" (manual Q8): the beneficiary (or their holder) through the Portal do Cliente,
/// or the call centre on their behalf, revokes an active token and a case is opened for the operator.
/// </summary>
public sealed class RevokeTokenHandler(IDbContextFactory<AppDbContext> dbFactory, ITreatmentEvents events, TimeProvider time, AccessCheck access)
{
    public const string Action = "token.revoke";

    public async Task<Result<int>> HandleAsync(RevokeTokenCommand command, Actor? actor, CancellationToken ct = default)
    {
        if (actor is null) return Result<int>.Forbidden();
        if (command.Notes is { Length: > 1000 }) return Result<int>.Invalid("Observação muito longa (máximo 1000 caracteres).");
        int? treatmentId = null;
        var result = await IdempotentAction.RunAsync(dbFactory, time, actor, command.IdempotencyKey, Action, async db =>
        {
            var id = await db.Tokens.Where(t => t.Id == command.TokenId).Select(t => (int?)t.TreatmentId).FirstOrDefaultAsync(ct);
            if (id is null) return Result<int>.NotFound("Token não encontrado.");
            var treatment = await db.Treatments.Include(t => t.Tokens).SingleAsync(t => t.Id == id, ct);
            treatmentId = treatment.Id;

            string via;
            var who = await access.ReadAsync(db, actor, ct);
            if (who.HoldsAny(Roles.CallCenterAgent, Roles.Admin)) via = "central";
            else if (who.ActsForBeneficiary(treatment.BeneficiaryId)) via = "portal";
            else return Result<int>.NotFound("Token não encontrado."); // no oracle for other people's tokens

            var now = time.GetUtcNow();
            var (revoked, status) = treatment.RevokeToken(command.TokenId, now);
            if (!revoked)
                return Result<int>.Invalid($"Este token não está mais ativo ({StatusLabels.Of(status!.Value).ToLowerInvariant()}): não há o que cancelar.");

            var token = treatment.Tokens.Single(t => t.Id == command.TokenId);
            // A stranger's report to the Central may already have opened the case of this token (digits that did not
            // match leave the token active): the revocation joins that case; a token has one case (issue 10, found by the fuzz).
            var existing = await db.UnsolicitedReports.FirstOrDefaultAsync(r => r.TokenId == token.Id, ct);
            if (existing is not null)
            {
                Audit.Record(db, time, actor, AuditActions.TokenRevoked, "ok", "Treatment", treatment.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    $"token nº {token.Sequence}; código não solicitado ({via})", treatment.ClinicId);
                await db.SaveChangesAsync(ct);
                return Result<int>.Ok(existing.Id);
            }
            var report = new UnsolicitedReport
            {
                TokenId = token.Id,
                TreatmentId = treatment.Id,
                ClinicId = treatment.ClinicId,
                DentistUserId = treatment.DentistUserId,
                ReportedByUserId = actor.UserId,
                ReportedVia = via,
                AtUtc = now,
                Status = ReportStatus.Open,
                Notes = command.Notes,
            };
            db.UnsolicitedReports.Add(report);
            Audit.Record(db, time, actor, AuditActions.TokenRevoked, "ok", "Treatment", treatment.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                $"token nº {token.Sequence}; código não solicitado ({via})", treatment.ClinicId);
            await db.SaveChangesAsync(ct); // the case's id is the result
            return Result<int>.Ok(report.Id);
        }, ct);
        if (result.IsOk && treatmentId is { } changed) events.Publish(new TreatmentChanged(changed, "token"));
        return result;
    }
}
