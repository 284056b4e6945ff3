using DentistPortal.Domain.Treatments;
using DentistPortal.Features.Common;
using DentistPortal.Infrastructure.Data;
using DentistPortal.Infrastructure.Messaging;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Features.Treatments;

/// <param name="BeneficiaryReference">The lookup reference (issue 9 §2) of a beneficiary this dentist found at this clinic; never an id.</param>
/// <param name="IdempotencyKey">One per user action (issue 9 §3): a double click opens one treatment, not two.</param>
/// <param name="ForDentist">Only for a clinic's integration user (issue 11, API): the member dentist it opens the treatment for.</param>
public sealed record CreateAndSubmitTreatmentCommand(string? BeneficiaryReference, IReadOnlyList<TreatmentItemInput> Items, Guid? IdempotencyKey = null,
    DentistReference? ForDentist = null);

/// <summary>The treatment opened and the decision on each item (AR-1, AR-2).</summary>
public sealed record SubmittedTreatment(int Id, string Number, IReadOnlyList<ItemDecision> Decisions);

/// <summary>
/// "Enviar para autorização" on the new-treatment screen: creates the treatment and decides every item (AR-1) in one
/// transaction, so a failed submission leaves no draft behind (issue 9, design). Same checks as
/// <see cref="CreateTreatmentHandler"/> (dentist, clinic membership, items) and <see cref="SubmitForAuthorizationHandler"/>.
/// </summary>
public sealed class CreateAndSubmitTreatmentHandler(
    IDbContextFactory<AppDbContext> dbFactory,
    IValidator<CreateTreatmentCommand> validator,
    ProcedureCatalog catalog,
    ITreatmentEvents events,
    TimeProvider time,
    AccessCheck access)
{
    public const string Action = "treatment.create-and-submit";

    public async Task<Result<SubmittedTreatment>> HandleAsync(CreateAndSubmitTreatmentCommand command, Actor? actor, CancellationToken ct = default)
    {
        var result = await IdempotentAction.RunAsync(dbFactory, time, actor, command.IdempotencyKey, Action, async db =>
        {
            var created = await CreateTreatmentHandler.AddDraftAsync(db, validator, catalog, time, access, new CreateTreatmentCommand(command.BeneficiaryReference, command.Items, command.ForDentist), actor, ct);
            if (!created.IsOk) return new Result<SubmittedTreatment>(created.Status, null, created.Errors);

            var treatment = await db.Treatments.Include(t => t.Items).SingleAsync(t => t.Id == created.Value!.Id, ct);
            await SubmitForAuthorizationHandler.DecideAsync(db, treatment, catalog, actor!, time, ct);
            return Result<SubmittedTreatment>.Ok(new SubmittedTreatment(treatment.Id, treatment.Number,
                [.. treatment.Items.Select(i => new ItemDecision(i.TussCode, i.Description, i.Authorization, i.Reason))]));
        }, ct);
        if (result.IsOk) events.Publish(new TreatmentChanged(result.Value!.Id, "authorization"));
        return result;
    }
}
