using System.Globalization;
using DentistPortal.Domain.Audit;
using DentistPortal.Domain.ClientPortal;
using DentistPortal.Domain.Common;
using DentistPortal.Domain.Messaging;
using DentistPortal.Domain.Support;
using DentistPortal.Features.Common;
using DentistPortal.Features.Support;
using DentistPortal.Infrastructure.Data;
using DentistPortal.Infrastructure.Messaging;
using DentistPortal.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DentistPortal.Features.ClientPortal;

/// <param name="IdempotencyKey">One per user action (issue 9 §3): a repeat returns the first request, no second code is sent.</param>
public sealed record RequestContactChangeCommand(int BeneficiaryId, DeliveryChannel Channel, string? NewValue, Guid? IdempotencyKey = null);

/// <summary>The code went to <see cref="MaskedNewValue"/>; it must be typed before <see cref="ExpiresAtUtc"/>.</summary>
public sealed record ContactChangeRequested(int RequestId, int BeneficiaryId, DeliveryChannel Channel, string MaskedNewValue, DateTimeOffset ExpiresAtUtc);

/// <summary>
/// Portal do Cliente, "Meus contatos": the beneficiary (or their holder) asks to change a mobile or an e-mail. A 6-digit code
/// goes to the NEW contact; only its keyed hash is kept; nothing changes until <see cref="ConfirmContactChangeHandler"/>.
/// </summary>
public sealed class RequestContactChangeHandler(
    IDbContextFactory<AppDbContext> dbFactory,
    ITokenCodeGenerator generator,
    ITokenCodeProtector protector,
    ISmsSender sms,
    IEmailSender email,
    IOptionsMonitor<OperatorOptions> operatorOptions,
    IOptionsMonitor<Domain.Tokens.TokenPolicy> policy,
    TimeProvider time,
    ILogger<RequestContactChangeHandler> logger,
    AccessCheck access)
{
    public const string Action = "contact.change-request";
    public const string CodePurpose = "contact-change-code";

    public static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(15);
    public const int MaxAttempts = 5;
    /// <summary>Codes sent per beneficiary in 24 h: the portal must not become a way to flood someone's phone.</summary>
    public const int MaxRequestsPerDay = 10;

    public async Task<Result<ContactChangeRequested>> HandleAsync(RequestContactChangeCommand command, Actor? actor, CancellationToken ct = default)
    {
        if (actor is null) return Result<ContactChangeRequested>.Forbidden();

        string? code = null;
        ContactChangeRequest? created = null;
        string? fullName = null;
        var result = await IdempotentAction.RunAsync(dbFactory, time, actor, command.IdempotencyKey, Action, async db =>
        {
            var who = await access.ReadAsync(db, actor, ct);
            if (!who.Holds(Domain.Access.Roles.Beneficiary)) return Result<ContactChangeRequested>.Forbidden();
            if (!Enum.IsDefined(command.Channel)) return Result<ContactChangeRequested>.Invalid("Escolha celular ou e-mail.");
            if (await MyFamily.FindAsync(db, who, command.BeneficiaryId, time, ct) is null)
                return Result<ContactChangeRequested>.NotFound("Beneficiário não encontrado.");

            var isSms = command.Channel == DeliveryChannel.Sms;
            var value = isSms ? BrazilianMobile.Normalize(command.NewValue) : EmailAddress.Normalize(command.NewValue);
            if (value is null)
                return Result<ContactChangeRequested>.Invalid(isSms
                    ? "Celular inválido. Informe um celular brasileiro com DDD, por exemplo (11) 98765-4321."
                    : "E-mail inválido. Confira o endereço, por exemplo nome@exemplo.com.br.");

            var beneficiary = await db.Beneficiaries.SingleAsync(b => b.Id == command.BeneficiaryId, ct);
            var current = isSms ? beneficiary.MobilePhone : beneficiary.Email;
            if (string.Equals(current, value, StringComparison.Ordinal))
                return Result<ContactChangeRequested>.Invalid(isSms ? "Este já é o celular cadastrado." : "Este já é o e-mail cadastrado.");

            // Both caps are read inside the serialized transaction that writes the request (issue 9 §4).
            var now = time.GetUtcNow();
            var today = await db.ContactChangeRequests.CountAsync(r => r.BeneficiaryId == beneficiary.Id && r.CreatedAtUtc > now.AddHours(-24), ct);
            if (today >= MaxRequestsPerDay)
                return Result<ContactChangeRequested>.Invalid($"Limite de {MaxRequestsPerDay} pedidos de alteração em 24 horas atingido. Tente de novo amanhã ou ligue para a Central de Atendimento.");
            if (!await DestinationCap.AllowsAsync(db, command.Channel, value, now, policy.CurrentValue, ct))
                return Result<ContactChangeRequested>.Invalid(isSms
                    ? "Este celular já recebeu o limite de mensagens de hoje. Tente de novo amanhã ou ligue para a Central de Atendimento."
                    : "Este e-mail já recebeu o limite de mensagens de hoje. Tente de novo amanhã ou ligue para a Central de Atendimento.");

            // A new request replaces any earlier pending one for the same contact: only the newest code works.
            var pending = await db.ContactChangeRequests
                .Where(r => r.BeneficiaryId == beneficiary.Id && r.Channel == command.Channel && r.Status == ContactChangeStatus.Pending)
                .ToListAsync(ct);
            foreach (var old in pending)
            {
                old.Status = ContactChangeStatus.Expired;
                old.Version++;
            }

            code = generator.Next();
            var request = new ContactChangeRequest
            {
                BeneficiaryId = beneficiary.Id,
                Channel = command.Channel,
                NewValue = value,
                CodeHash = protector.Hash(code),
                HmacKeyId = protector.CurrentKeyId,
                RequestedByUserId = actor.UserId,
                CreatedAtUtc = now,
                ExpiresAtUtc = now + CodeLifetime,
                Status = ContactChangeStatus.Pending,
            };
            db.ContactChangeRequests.Add(request);
            db.SentMessages.Add(new SentMessage { Channel = command.Channel, Destination = value, Purpose = CodePurpose, AtUtc = now });
            var masked = ContactChangeMessages.Masked(command.Channel, value);
            Audit.Record(db, time, actor, AuditActions.ContactChangeRequested, "ok", "Beneficiary", beneficiary.Id.ToString(CultureInfo.InvariantCulture),
                $"{ContactChangeMessages.What(command.Channel)}: {(current is null ? "nenhum" : ContactChangeMessages.Masked(command.Channel, current))} → {masked}; código enviado ao novo contato");
            await db.SaveChangesAsync(ct); // the request's id is part of the result
            created = request;
            fullName = beneficiary.FullName;
            return Result<ContactChangeRequested>.Ok(new ContactChangeRequested(request.Id, beneficiary.Id, command.Channel, masked, request.ExpiresAtUtc));
        }, ct);
        if (!result.IsOk || created is null || code is null) return result; // refused, or a repeat: nothing is sent again

        // Sent after the commit: no network I/O while holding the write lock.
        var sent = await SendCodeAsync(created, fullName!, code, ct);
        if (!sent)
        {
            await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
            db.Attach(created);
            created.Status = ContactChangeStatus.Failed;
            created.Version++;
            var masked = result.Value!.MaskedNewValue;
            Audit.Record(db, time, actor, AuditActions.ContactChangeRequested, "send-failed", "Beneficiary", created.BeneficiaryId.ToString(CultureInfo.InvariantCulture),
                $"{ContactChangeMessages.What(command.Channel)}: não foi possível enviar o código para {masked}");
            try { await db.SaveChangesAsync(CancellationToken.None); }
            catch (DbUpdateConcurrencyException) { /* a newer request replaced it meanwhile: it is not pending either way */ }
            return Result<ContactChangeRequested>.Invalid(command.Channel == DeliveryChannel.Sms
                ? $"Não conseguimos enviar o código para {masked}. Confira o número e tente de novo."
                : $"Não conseguimos enviar o código para {masked}. Confira o endereço e tente de novo.");
        }
        return result;
    }

    private async Task<bool> SendCodeAsync(ContactChangeRequest request, string fullName, string code, CancellationToken ct)
    {
        var op = operatorOptions.CurrentValue;
        var minutes = (int)CodeLifetime.TotalMinutes;
        var reference = $"contact-change-{request.Id.ToString(CultureInfo.InvariantCulture)}";
        try
        {
            var result = request.Channel == DeliveryChannel.Sms
                ? await sms.SendAsync(request.NewValue, ContactChangeMessages.CodeSms(op, code, minutes), reference, ct)
                : await email.SendAsync(request.NewValue, ContactChangeMessages.CodeEmailSubject(op),
                    ContactChangeMessages.CodeEmailText(op, ContactChangeMessages.FirstName(fullName), code, minutes),
                    ContactChangeMessages.CodeEmailHtml(op, ContactChangeMessages.FirstName(fullName), code, minutes), reference, ct);
            if (!result.Success)
                logger.LogWarning("The confirmation code of contact change {RequestId} was not sent by {Channel} (permanent: {Permanent}).", request.Id, request.Channel, result.Permanent);
            return result.Success;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Only the type: a provider's exception message could quote what it was sending.
            logger.LogWarning("Sending the confirmation code of contact change {RequestId} by {Channel} threw {ExceptionType}.", request.Id, request.Channel, ex.GetType().Name);
            return false;
        }
    }
}
