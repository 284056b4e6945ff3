using DentistPortal.Domain.Audit;
using DentistPortal.Domain.Beneficiaries;
using DentistPortal.Domain.Tiss;
using DentistPortal.Domain.Tokens;
using DentistPortal.Features.Common;
using DentistPortal.Features.Treatments;
using DentistPortal.Infrastructure.Data;
using DentistPortal.Infrastructure.Messaging;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Features.Tokens;

public sealed record MarkAwaitingLateTokenCommand(int TreatmentId, string ReasonCode = Tuss74.NoMobilePhone)
{
    /// <summary>TUSS 74 reasons that may leave an attendance waiting for its code: no phone now, emergency, systems down, refused.</summary>
    public static readonly IReadOnlyList<string> AllowedReasons = [Tuss74.NoMobilePhone, Tuss74.Emergency, Tuss74.SystemUnavailable, Tuss74.RefusedToInform];
}

/// <summary>
/// The patient has no phone now (manual Q6): the treatment waits for a late token, told later on the
/// late-token screen within the active token's lifetime. Refused, with nothing changed, when the patient has no
/// channel to read the code on (no SMS, e-mail or Portal do Cliente, own or through the holder): then the Central or the
/// printed guide (issue 9 §8, SPEC §9). Issues no token and so never counts toward TR-7's tokens-per-treatment cap.
/// The answer names only the channels the patient has.
/// </summary>
public sealed class MarkAwaitingLateTokenHandler(IDbContextFactory<AppDbContext> dbFactory, ITreatmentEvents events, TimeProvider time, AccessCheck access)
{
    public async Task<Result<string>> HandleAsync(MarkAwaitingLateTokenCommand command, Actor? actor, CancellationToken ct = default)
    {
        if (!MarkAwaitingLateTokenCommand.AllowedReasons.Contains(command.ReasonCode))
            return Result<string>.Invalid("Motivo inválido (tabela TUSS 74).");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var treatment = await db.Treatments.Include(t => t.Tokens).FirstOrDefaultAsync(t => t.Id == command.TreatmentId, ct);
        if (treatment is null) return Result<string>.NotFound("Tratamento não encontrado.");
        if (!(await access.ForTreatmentAsync(db, actor, treatment, ct)).CanMarkLate) return Result<string>.Forbidden();
        if (treatment.IsClosed) return Result<string>.Invalid("Este tratamento já foi validado.");

        var beneficiary = await db.Beneficiaries.AsNoTracking().Include(b => b.Holder).SingleAsync(b => b.Id == treatment.BeneficiaryId, ct);
        var reach = TokenReach.Of(beneficiary);
        if (!reach.Any) return Result<string>.Invalid(LateTokenChannels.NoChannelRefusal);

        var now = time.GetUtcNow();
        if (treatment.UsableToken(now) is not { } active)
            return Result<string>.Invalid("Gere o token antes: o paciente vai informá-lo depois, dentro da validade (48 horas).");

        var guidance = $"Tratamento marcado como aguardando token tardio. Oriente o paciente: quando tiver acesso {LateTokenChannels.Describe(reach)}, informe o código à clínica (pessoalmente ou por telefone) antes de " + Domain.Common.BrazilTime.ToLocal(active.ExpiresAtUtc).ToString("dd/MM/yyyy 'às' HH:mm", System.Globalization.CultureInfo.GetCultureInfo("pt-BR")) + ".";
        // Already waiting with this reason (double click, second tab): the same answer, nothing recorded twice.
        if (!treatment.MarkAwaitingLateToken(command.ReasonCode)) return Result<string>.Ok(guidance);
        Audit.Record(db, time, actor!, AuditActions.TreatmentAwaitingLateToken, "ok", "Treatment",
            treatment.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), $"motivo TUSS 74: {Tuss74.Display(command.ReasonCode)}", treatment.ClinicId);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException) { return Result<string>.Invalid("O tratamento mudou enquanto você marcava. Confira e tente de novo."); }
        events.Publish(new TreatmentChanged(treatment.Id, "treatment"));
        return Result<string>.Ok(guidance);
    }
}
