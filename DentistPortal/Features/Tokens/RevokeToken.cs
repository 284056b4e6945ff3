using DentistPortal.Domain.Access;
using DentistPortal.Domain.Tokens;
using DentistPortal.Features.Common;
using DentistPortal.Features.Treatments;
using DentistPortal.Infrastructure.Data;
using DentistPortal.Infrastructure.Messaging;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Features.Tokens;

public sealed record RevokeTokenCommand(int TokenId, string? Notes = null);

/// <summary>
/// "Não solicitei este código" (manual Q8): the beneficiary (or their holder) through the Portal do Cliente,
/// or the call centre on their behalf, revokes an active token and a case is opened for the operator.
/// </summary>
public sealed class RevokeTokenHandler(IDbContextFactory<AppDbContext> dbFactory, ITreatmentEvents events, TimeProvider time, AccessCheck access)
{
    public async Task<Result<int>> HandleAsync(RevokeTokenCommand command, Actor? actor, CancellationToken ct = default)
    {
        if (actor is null) return Result<int>.Forbidden();
        if (command.Notes is { Length: > 1000 }) return Result<int>.Invalid("Observação muito longa (máximo 1000 caracteres).");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var token = await db.Tokens.FirstOrDefaultAsync(t => t.Id == command.TokenId, ct);
        if (token is null) return Result<int>.NotFound("Token não encontrado.");
        var treatment = await db.Treatments.SingleAsync(t => t.Id == token.TreatmentId, ct);

        string via;
        var who = await access.ReadAsync(db, actor, ct);
        if (who.HoldsAny(Roles.CallCenterAgent, Roles.Admin)) via = "central";
        else if (who.ActsForBeneficiary(treatment.BeneficiaryId)) via = "portal";
        else return Result<int>.NotFound("Token não encontrado."); // no oracle for other people's tokens

        var now = time.GetUtcNow();
        token.ExpireIfDue(now);
        if (!token.Revoke(now))
            return Result<int>.Invalid($"Este token não está mais ativo ({StatusLabels.Of(token.Status).ToLowerInvariant()}): não há o que cancelar.");

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
        Audit.Record(db, time, actor, "token.revoked", "ok", "Treatment", treatment.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"token nº {token.Sequence}; código não solicitado ({via})", treatment.ClinicId);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException) { return Result<int>.Invalid("O token mudou de estado agora mesmo. Atualize a página."); }
        events.Publish(new TreatmentChanged(treatment.Id, "token"));
        return Result<int>.Ok(report.Id);
    }
}
