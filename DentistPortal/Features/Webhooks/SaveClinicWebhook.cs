using DentistPortal.Domain.Audit;
using DentistPortal.Domain.Webhooks;
using DentistPortal.Features.Admin;
using DentistPortal.Features.Common;
using DentistPortal.Infrastructure.Data;
using DentistPortal.Infrastructure.Webhooks;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Features.Webhooks;

/// <summary>Sets or replaces the webhook URL of a clinic (and activates it).</summary>
/// <param name="IdempotencyKey">One per click (issue 9 §3): a repeat answers the first result and generates no second secret.</param>
public sealed record SaveClinicWebhookCommand(int ClinicId, string? Url, Guid? IdempotencyKey = null);

/// <summary>The URL rules of <see cref="WebhookUrl"/> (http to loopback only in Development), in pt-BR.</summary>
public sealed class SaveClinicWebhookValidator : AbstractValidator<SaveClinicWebhookCommand>
{
    public SaveClinicWebhookValidator(IHostEnvironment? environment = null)
    {
        var development = environment?.IsDevelopment() == true;
        RuleFor(c => c.Url).Custom((url, context) =>
        {
            if (WebhookUrl.WhyRefused(url?.Trim(), development) is { } why) context.AddFailure(nameof(SaveClinicWebhookCommand.Url), why);
        });
    }
}

/// <summary>
/// Back office (issue 11, webhooks): the first URL of a clinic creates its subscription with a new signing secret, answered
/// once (<see cref="WebhookSecretAnswer.Secret"/>); a later URL replaces the old one and keeps the secret. Admin only;
/// audited without the URL's secret parts (there are none: URLs with credentials are refused) and never with the secret.
/// </summary>
public sealed class SaveClinicWebhookHandler(IDbContextFactory<AppDbContext> dbFactory, IValidator<SaveClinicWebhookCommand> validator,
    WebhookSecrets secrets, TimeProvider time, AccessCheck access)
{
    public const string Action = AuditActions.WebhookUrlSet;

    public async Task<Result<WebhookSecretAnswer>> HandleAsync(SaveClinicWebhookCommand command, Actor? actor, CancellationToken ct = default)
    {
        await using (var check = await dbFactory.CreateDbContextAsync(ct))
            if (!await access.EnsureAdminAsync(check, actor, "webhook da clínica", ct)) return Result<WebhookSecretAnswer>.Forbidden();
        var validation = await validator.ValidateAsync(command, ct);
        if (!validation.IsValid) return Result<WebhookSecretAnswer>.Invalid(validation.Errors.Select(e => e.ErrorMessage).Distinct());
        var url = command.Url!.Trim();

        var ticket = await IdempotentAction.RunAsync(dbFactory, time, actor, command.IdempotencyKey, Action, async db =>
        {
            var clinic = await db.Clinics.AsNoTracking().Where(c => c.Id == command.ClinicId).Select(c => new { c.Id, c.Name }).FirstOrDefaultAsync(ct);
            if (clinic is null) return Result<WebhookSecretTicket>.NotFound("Clínica não encontrada.");
            var now = time.GetUtcNow();
            var subscription = await db.WebhookSubscriptions.FirstOrDefaultAsync(s => s.ClinicId == clinic.Id, ct);
            DateTimeOffset? issued = null;
            if (subscription is null)
            {
                var (_, protectedSecret) = secrets.New();
                subscription = WebhookSubscription.Create(clinic.Id, url, protectedSecret, actor!.UserId, now);
                db.WebhookSubscriptions.Add(subscription);
                issued = now;
            }
            else if (!subscription.Point(url, actor!.UserId, now))
            {
                return Result<WebhookSecretTicket>.Ok(new(subscription.Id, null)); // same URL, already active: nothing to do
            }
            await db.SaveChangesAsync(ct);
            Audit.Record(db, time, actor, AuditActions.WebhookUrlSet, "ok", "Clinic", AdminAccess.Id(clinic.Id),
                $"{clinic.Name}; {url}{(issued is null ? "" : "; novo segredo gerado")}", clinic.Id);
            return Result<WebhookSecretTicket>.Ok(new(subscription.Id, issued));
        }, ct);
        return await AnswerAsync(ticket, ct);
    }

    private async Task<Result<WebhookSecretAnswer>> AnswerAsync(Result<WebhookSecretTicket> ticket, CancellationToken ct) =>
        ticket.IsOk
            ? Result<WebhookSecretAnswer>.Ok(await ticket.Value!.AnswerAsync(dbFactory, secrets, time.GetUtcNow(), ct))
            : new Result<WebhookSecretAnswer>(ticket.Status, null, ticket.Errors);
}
