using System.Security.Cryptography;
using DentistPortal.Domain.Audit;
using DentistPortal.Features.Common;
using DentistPortal.Infrastructure.Data;
using DentistPortal.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Features.CallCenter;

public sealed record RevealTokenCodeCommand(string? CallId, int BeneficiaryId, int TokenId, string? Reason);

/// <summary>The code, for the agent to read out on the phone. Lives only on the agent's screen.</summary>
public sealed record RevealedCode(string Code, int Sequence, string TreatmentNumber, DateTimeOffset ExpiresAtUtc)
{
    /// <summary>Never let the code slip into a log through a record's generated ToString.</summary>
    public override string ToString() => $"RevealedCode {{ Sequence = {Sequence}, TreatmentNumber = {TreatmentNumber} }}";
}

/// <summary>
/// "Informar código por telefone" (manual: the Central can tell the code): decrypts the active token's code for the
/// agent, only with a passed identity check in this call and a stated reason. Every reveal is audited
/// (<see cref="AuditActions.TokenRevealed"/>, with the reason and the call; never the code). Tokens that are not Active have no readable copy.
/// </summary>
public sealed class RevealTokenCodeHandler(IDbContextFactory<AppDbContext> dbFactory, ITokenCodeProtector protector, TimeProvider time, AccessCheck access)
{
    /// <summary>The audit action this handler records (<see cref="AuditActions.TokenRevealed"/>).</summary>
    public const string Action = AuditActions.TokenRevealed;
    public const string ReasonMessage = "Informe o motivo para ver o código (ex.: paciente sem acesso ao celular e ao e-mail).";

    public async Task<Result<RevealedCode>> HandleAsync(RevealTokenCodeCommand command, Actor? actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await access.EnsureAgentAsync(db, actor, "ver código de token na Central", ct)) return Result<RevealedCode>.Forbidden();

        var reason = command.Reason?.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length < 5) return Result<RevealedCode>.Invalid(ReasonMessage);
        if (reason.Length > 200) return Result<RevealedCode>.Invalid("Motivo muito longo (máximo 200 caracteres).");
        if (CallCenterAccess.LooksLikeItHoldsACode(reason)) return Result<RevealedCode>.Invalid(CallCenterAccess.CodeLikeMessage);

        var (found, refusal) = await CallTokenAccess.FindAsync<RevealedCode>(db, time, actor!, command.CallId, command.BeneficiaryId, command.TokenId, AuditActions.TokenRevealed, ct);
        if (found is null) return refusal!;
        var (token, treatment) = found;
        var now = time.GetUtcNow();
        if (CallTokenAccess.WhyNotActive(token, now, protector) is { } notActive) return Result<RevealedCode>.Invalid(notActive);

        string code;
        try
        {
            code = protector.Decrypt(token.EncryptedCode!);
        }
        catch (CryptographicException)
        {
            return Result<RevealedCode>.Invalid("Não foi possível ler o código deste token (chave de proteção indisponível). Oriente o paciente a pedir um novo token ao dentista.");
        }

        Audit.Record(db, time, actor!, AuditActions.TokenRevealed, "ok", "Treatment", CallCenterAccess.Id(treatment.Id),
            $"token nº {token.Sequence}; motivo: {reason}; ligação {CallCenterAccess.ShortCall(IdentityGate.Normalize(command.CallId!))}", treatment.ClinicId);
        await db.SaveChangesAsync(ct);
        return Result<RevealedCode>.Ok(new RevealedCode(code, token.Sequence, treatment.Number, token.ExpiresAtUtc));
    }
}
