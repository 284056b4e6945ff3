using System.Globalization;
using System.Security.Cryptography;
using DentistPortal.Domain.Audit;
using DentistPortal.Domain.ClientPortal;
using DentistPortal.Domain.Messaging;
using DentistPortal.Domain.Tokens;
using DentistPortal.Domain.Support;
using DentistPortal.Features.Common;
using DentistPortal.Features.Support;
using DentistPortal.Infrastructure.Data;
using DentistPortal.Infrastructure.Messaging;
using DentistPortal.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DentistPortal.Features.ClientPortal;

public sealed record ConfirmContactChangeCommand(int RequestId, string? Code);

/// <summary>The contact now on file (masked) and whether the old one was told.</summary>
public sealed record ContactChangeConfirmed(int BeneficiaryId, DeliveryChannel Channel, string MaskedNewValue, bool OldContactNotified);

/// <summary>
/// The code sent to the new contact, typed back: right → the beneficiary's mobile or e-mail is replaced and the OLD contact
/// is told; wrong, expired or after <see cref="RequestContactChangeHandler.MaxAttempts"/> tries → nothing changes.
/// </summary>
public sealed class ConfirmContactChangeHandler(
    IDbContextFactory<AppDbContext> dbFactory,
    ITokenCodeProtector protector,
    ISmsSender sms,
    IEmailSender email,
    IOptionsMonitor<OperatorOptions> operatorOptions,
    IOptionsMonitor<TokenPolicy> policy,
    TimeProvider time,
    ILogger<ConfirmContactChangeHandler> logger,
    AccessCheck access)
{
    public const string NoticePurpose = "contact-change-notice";

    public const string FormatMessage = "O código de confirmação tem 6 números. Confira a mensagem que você recebeu.";

    public async Task<Result<ContactChangeConfirmed>> HandleAsync(ConfirmContactChangeCommand command, Actor? actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var who = await access.ReadAsync(db, actor, ct);
        if (actor is null || !who.Holds(Domain.Access.Roles.Beneficiary)) return Result<ContactChangeConfirmed>.Forbidden();
        var request = await db.ContactChangeRequests.FirstOrDefaultAsync(r => r.Id == command.RequestId, ct);
        // Not found and not yours look the same.
        if (request is null || await MyFamily.FindAsync(db, who, request.BeneficiaryId, time, ct) is null)
            return Result<ContactChangeConfirmed>.NotFound("Pedido de alteração não encontrado.");

        var code = TokenCode.Normalize(command.Code);
        if (code is null) return Result<ContactChangeConfirmed>.Invalid(FormatMessage);

        var subjectId = request.BeneficiaryId.ToString(CultureInfo.InvariantCulture);
        var what = ContactChangeMessages.What(request.Channel);
        switch (request.Status)
        {
            case ContactChangeStatus.Confirmed:
                return Result<ContactChangeConfirmed>.Invalid($"Este pedido já foi confirmado: o novo {what} já está cadastrado.");
            case ContactChangeStatus.Expired:
                return Result<ContactChangeConfirmed>.Invalid("Este código não vale mais (expirou ou foi substituído por um pedido mais novo). Peça um novo código.");
            case ContactChangeStatus.Failed:
                return Result<ContactChangeConfirmed>.Invalid("Este pedido foi encerrado. Nada foi alterado. Peça um novo código.");
        }

        var now = time.GetUtcNow();
        string? refusal = null;
        string outcome;
        if (now >= request.ExpiresAtUtc)
        {
            request.Status = ContactChangeStatus.Expired;
            outcome = "expired";
            refusal = $"O código expirou (vale {(int)RequestContactChangeHandler.CodeLifetime.TotalMinutes} minutos). Nada foi alterado. Peça um novo código.";
        }
        else if (protector.HashWith(request.HmacKeyId, code) is not { } candidate)
        {
            // The key this code was hashed with is gone (issue 10, Keys and secrets): not a wrong code, nothing counted.
            request.Status = ContactChangeStatus.Expired;
            outcome = "reissue-required";
            refusal = "Este código não pode mais ser conferido. Nada foi alterado. Peça um novo código.";
        }
        else
        {
            request.Attempts++;
            if (CryptographicOperations.FixedTimeEquals(candidate, request.CodeHash))
            {
                outcome = "ok";
            }
            else if (request.Attempts >= RequestContactChangeHandler.MaxAttempts)
            {
                request.Status = ContactChangeStatus.Failed;
                outcome = "too-many-attempts";
                refusal = $"Código incorreto. Foram {RequestContactChangeHandler.MaxAttempts} tentativas: este pedido foi encerrado e nada foi alterado. Peça um novo código.";
            }
            else
            {
                var left = RequestContactChangeHandler.MaxAttempts - request.Attempts;
                outcome = "wrong-code";
                refusal = $"Código incorreto. Nada foi alterado. {(left == 1 ? "Resta 1 tentativa." : $"Restam {left} tentativas.")}";
            }
        }
        request.Version++;

        var masked = ContactChangeMessages.Masked(request.Channel, request.NewValue);
        if (refusal is not null)
        {
            Audit.Record(db, time, actor, AuditActions.ContactChangeConfirmed, outcome, "Beneficiary", subjectId, $"{what}: {masked}; tentativa {request.Attempts}");
            try { await db.SaveChangesAsync(ct); }
            catch (DbUpdateConcurrencyException) { return Concurrent(); }
            return Result<ContactChangeConfirmed>.Invalid(refusal);
        }

        var beneficiary = await db.Beneficiaries.SingleAsync(b => b.Id == request.BeneficiaryId, ct);
        var old = request.Channel == DeliveryChannel.Sms ? beneficiary.MobilePhone : beneficiary.Email;
        // A new, confirmed contact answers a "contato possivelmente incorreto" flag (issue 9 §6).
        if (request.Channel == DeliveryChannel.Sms) { beneficiary.MobilePhone = request.NewValue; beneficiary.ClearContactFlag(); }
        else beneficiary.Email = request.NewValue;
        request.Status = ContactChangeStatus.Confirmed;
        request.ConfirmedAtUtc = now;
        Audit.Record(db, time, actor, AuditActions.ContactChangeConfirmed, "ok", "Beneficiary", subjectId,
            $"{what}: {(old is null ? "nenhum" : ContactChangeMessages.Masked(request.Channel, old))} → {masked}");
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException) { return Concurrent(); }

        var notified = old is not null && !string.Equals(old, request.NewValue, StringComparison.Ordinal)
            && await NotifyOldContactAsync(request, old, beneficiary.FullName, masked, now);
        return Result<ContactChangeConfirmed>.Ok(new ContactChangeConfirmed(beneficiary.Id, request.Channel, masked, notified));
    }

    private static Result<ContactChangeConfirmed> Concurrent() =>
        Result<ContactChangeConfirmed>.Invalid("O pedido mudou agora mesmo (outra tela?). Atualize a página e tente de novo.");

    /// <summary>Tells the OLD contact that it was replaced (masked), so a hijack does not go unnoticed.</summary>
    private async Task<bool> NotifyOldContactAsync(ContactChangeRequest request, string old, string fullName, string maskedNew, DateTimeOffset at)
    {
        var op = operatorOptions.CurrentValue;
        var reference = $"contact-changed-{request.Id.ToString(CultureInfo.InvariantCulture)}";
        try
        {
            // The per-destination cap covers this notice too (issue 9 §2/§4): counted and recorded in one serialized transaction.
            await using (var db = await dbFactory.CreateDbContextAsync(CancellationToken.None))
            await using (var tx = await db.Database.BeginSerializedTransactionAsync(CancellationToken.None))
            {
                if (!await DestinationCap.AllowsAsync(db, request.Channel, old, at, policy.CurrentValue, CancellationToken.None))
                {
                    logger.LogWarning("The old contact was not told of contact change {RequestId}: its daily message cap is reached.", request.Id);
                    return false;
                }
                db.SentMessages.Add(new SentMessage { Channel = request.Channel, Destination = old, Purpose = NoticePurpose, AtUtc = at });
                await db.SaveChangesAsync(CancellationToken.None);
                await tx.CommitAsync(CancellationToken.None);
            }

            // The change is already saved: the notice must not be cancelled with the page.
            var result = request.Channel == DeliveryChannel.Sms
                ? await sms.SendAsync(old, ContactChangeMessages.ChangedSms(op, request.Channel, maskedNew, at), reference, CancellationToken.None)
                : await email.SendAsync(old, ContactChangeMessages.ChangedEmailSubject(op, request.Channel),
                    ContactChangeMessages.ChangedEmailText(op, ContactChangeMessages.FirstName(fullName), request.Channel, maskedNew, at),
                    ContactChangeMessages.ChangedEmailHtml(op, ContactChangeMessages.FirstName(fullName), request.Channel, maskedNew, at),
                    reference, CancellationToken.None);
            if (!result.Success)
                logger.LogWarning("The old contact was not told of contact change {RequestId} by {Channel}.", request.Id, request.Channel);
            return result.Success;
        }
        catch (Exception ex)
        {
            logger.LogWarning("Telling the old contact of contact change {RequestId} by {Channel} threw {ExceptionType}.", request.Id, request.Channel, ex.GetType().Name);
            return false;
        }
    }
}
