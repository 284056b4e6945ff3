using DentistPortal.Domain.Webhooks;
using DentistPortal.Features.Tokens;
using DentistPortal.Features.Treatments;
using DentistPortal.Features.Webhooks;
using DentistPortal.Infrastructure.Data;
using DentistPortal.Infrastructure.Webhooks;
using DentistPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DentistPortal.Tests.Webhooks;

/// <summary>
/// Issue 11 (webhooks): events are written only for a clinic with an active subscription, in the same transaction as the
/// token change, and posted only to that clinic's URL; a deactivated webhook sends nothing.
/// </summary>
public sealed class OnlySubscribedClinicsGetEvents : WebhookTest
{
    private async Task<int> ValidatedTreatmentAsync(string code)
    {
        var t = await db.Scenario.SubmittedTreatmentAsync();
        await db.Scenario.GenerateAsync(t, code);
        Assert.True((await db.Scenario.ValidateAsync(t, code)).Succeeded);
        return t;
    }

    [Fact]
    public async Task AClinicWithoutASubscriptionGetsNoRow()
    {
        await ValidatedTreatmentAsync("482615");
        Assert.Empty(await db.RowsAsync());
    }

    [Fact]
    public async Task ADeactivatedWebhookSendsNothingAndGetsNoNewEvents()
    {
        await db.SubscribeAsync(DemoActors.SaoPauloCnpj, receiver.Url);
        await ValidatedTreatmentAsync("482615");
        Assert.Equal(WebhookDeliveryStatus.Pending, Assert.Single(await db.RowsAsync()).Status);

        var clinicId = await DemoActors.ClinicIdAsync(db.Services, DemoActors.SaoPauloCnpj);
        var off = await db.Scenario.Handler<DeactivateClinicWebhookHandler>().HandleAsync(new(clinicId, Guid.NewGuid()), await db.AdminAsync());
        Assert.True(off.IsOk, string.Join("; ", off.Errors));
        await ValidatedTreatmentAsync("593726");

        await db.DrainAsync();
        Assert.Empty(receiver.Requests);
        var row = Assert.Single(await db.RowsAsync()); // none written after the deactivation
        Assert.Equal(WebhookDeliveryStatus.Cancelled, row.Status);
        Assert.Equal(WebhookWorker.CancelledError, row.LastError);
    }

    [Fact]
    public async Task AnotherClinicsEventsNeverGoToThisClinicsUrl()
    {
        using var campinas = WebhookReceiver.Start();
        var saoPauloSecret = await db.SubscribeAsync(DemoActors.SaoPauloCnpj, receiver.Url);
        var campinasSecret = await db.SubscribeAsync(DemoActors.CampinasCnpj, campinas.Url);

        var saoPaulo = await ValidatedTreatmentAsync("482615");
        // A treatment at Campinas, by its own dentist.
        var dentist = await DemoActors.ForAsync(db.Services, "dentista2@demo.local", DemoActors.CampinasCnpj);
        var reference = await LookupReferences.ForAsync(db.Services, dentist, TokenScenario.RobertoCpf);
        var created = await db.Scenario.Handler<CreateTreatmentHandler>().HandleAsync(new(reference, [new("81000030", null, null, null)]), dentist);
        Assert.True(created.IsOk, string.Join("; ", created.Errors));
        Assert.True((await db.Scenario.Handler<SubmitForAuthorizationHandler>().HandleAsync(new(created.Value!.Id), dentist)).IsOk);
        await db.Scenario.GenerateAsync(created.Value.Id, "704158", dentist);
        Assert.True((await db.Scenario.ValidateAsync(created.Value.Id, "704158", dentist)).Succeeded);

        await db.DrainAsync();
        var toSaoPaulo = Assert.Single(receiver.Requests);
        var toCampinas = Assert.Single(campinas.Requests);
        Assert.Equal(saoPaulo, toSaoPaulo.TreatmentId);
        Assert.Equal(created.Value.Id, toCampinas.TreatmentId);
        Assert.True(toSaoPaulo.VerifiesWith(saoPauloSecret));
        Assert.True(toCampinas.VerifiesWith(campinasSecret));
        Assert.False(toCampinas.VerifiesWith(saoPauloSecret));
    }

    [Fact]
    public async Task TheEventIsWrittenInTheSameTransactionSoAFailingSaveLeavesNoRow()
    {
        await db.SubscribeAsync(DemoActors.SaoPauloCnpj, receiver.Url);
        var t = await db.Scenario.SubmittedTreatmentAsync();
        var token = await db.Scenario.GenerateAsync(t, "482615");

        // A revocation loaded before a validation commits: its save loses the race and rolls back, event included.
        await using var stale = await db.Scenario.ContextAsync();
        var treatment = await stale.Treatments.Include(x => x.Tokens).SingleAsync(x => x.Id == t);
        Assert.True((await db.Scenario.ValidateAsync(t, "482615")).Succeeded);
        Assert.True(treatment.RevokeToken(token.TokenId, db.Clock.GetUtcNow()).Revoked);
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => stale.SaveChangesAsync());

        var row = Assert.Single(await db.RowsAsync());
        Assert.Equal(WebhookEventType.TokenValidated, row.Type);
    }

    [Fact]
    public async Task AnEventStagedInAFailingTransactionIsRolledBackWithIt()
    {
        await db.SubscribeAsync(DemoActors.SaoPauloCnpj, receiver.Url);
        var t = await db.Scenario.SubmittedTreatmentAsync();
        var token = await db.Scenario.GenerateAsync(t, "482615");

        await using (var ctx = await db.Scenario.ContextAsync())
        {
            await using var tx = await ctx.Database.BeginTransactionAsync();
            var treatment = await ctx.Treatments.Include(x => x.Tokens).SingleAsync(x => x.Id == t);
            treatment.RevokeToken(token.TokenId, db.Clock.GetUtcNow());
            await ctx.SaveChangesAsync();
            Assert.Single(await ctx.WebhookDeliveries.ToListAsync()); // staged with the change...
            await tx.RollbackAsync(); // ...and the change does not commit
        }
        Assert.Empty(await db.RowsAsync());
        await db.DrainAsync();
        Assert.Empty(receiver.Requests);
    }
}
