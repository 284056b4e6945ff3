using DentistPortal.Domain.Tokens;
using DentistPortal.Features.Common;
using DentistPortal.Features.Treatments;
using DentistPortal.Infrastructure.Data;
using DentistPortal.Infrastructure.Messaging;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Features.Tokens;

/// <summary>TUSS table 74 reasons for an attendance that goes on without the token at the chair.</summary>
public static class MissingTokenReasons
{
    public const string NoPhone = "07";

    public static readonly IReadOnlyDictionary<string, string> All = new Dictionary<string, string>
    {
        ["02"] = "Urgência/emergência",
        ["03"] = "Sistema indisponível; regularizado após a saída do paciente",
        ["04"] = "Beneficiário recusou informar o token",
        ["07"] = "Beneficiário sem celular",
    };

    public static string Display(string code) => All.TryGetValue(code, out var d) ? $"{code} – {d}" : code;
}

public sealed record MarkAwaitingLateTokenCommand(int TreatmentId, string ReasonCode = MissingTokenReasons.NoPhone);

/// <summary>
/// The patient has no phone now (manual Q6): the treatment waits for a late token, told later on the
/// late-token screen within the active token's lifetime.
/// </summary>
public sealed class MarkAwaitingLateTokenHandler(IDbContextFactory<AppDbContext> dbFactory, ITreatmentEvents events, TimeProvider time)
{
    public async Task<Result<string>> HandleAsync(MarkAwaitingLateTokenCommand command, Actor? actor, CancellationToken ct = default)
    {
        if (!MissingTokenReasons.All.ContainsKey(command.ReasonCode ?? ""))
            return Result<string>.Invalid("Motivo inválido (tabela TUSS 74).");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var treatment = await db.Treatments.Include(t => t.Tokens).FirstOrDefaultAsync(t => t.Id == command.TreatmentId, ct);
        if (treatment is null) return Result<string>.NotFound("Tratamento não encontrado.");
        if (!await TreatmentAccess.IsClinicMemberAsync(db, actor, treatment, ct)) return Result<string>.Forbidden();
        if (treatment.IsClosed) return Result<string>.Invalid("Este tratamento já foi validado.");

        var now = time.GetUtcNow();
        if (treatment.UsableToken(now) is not { } active)
            return Result<string>.Invalid("Gere o token antes: o paciente vai informá-lo depois, dentro da validade (48 horas).");

        treatment.MarkAwaitingLateToken(command.ReasonCode!);
        Audit.Record(db, time, actor!, "treatment.awaiting-late-token", "ok", "Treatment",
            treatment.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), $"motivo TUSS 74: {MissingTokenReasons.Display(command.ReasonCode!)}", treatment.ClinicId);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException) { return Result<string>.Invalid("O tratamento mudou enquanto você marcava. Confira e tente de novo."); }
        events.Publish(new TreatmentChanged(treatment.Id, "treatment"));
        return Result<string>.Ok("Tratamento marcado como aguardando token tardio. Oriente o paciente: quando tiver acesso ao SMS, e-mail ou Portal do Cliente, informe o código à clínica (pessoalmente ou por telefone) antes de " + Domain.Common.BrazilTime.ToLocal(active.ExpiresAtUtc).ToString("dd/MM/yyyy 'às' HH:mm", System.Globalization.CultureInfo.GetCultureInfo("pt-BR")) + ".");
    }
}
