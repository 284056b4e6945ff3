using DentistPortal.Domain.Messaging;
using DentistPortal.Domain.Tokens;
using DentistPortal.Features.Common;
using DentistPortal.Features.Tokens;
using DentistPortal.Infrastructure.Data;
using DentistPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Tests.Features.Tokens;

/// <summary>
/// ATTACK13c (outside tester): a branch of issue 13 moved the access check and the beneficiary's contacts before the write
/// turn and re-checked only a stamp of the treatment and its tokens inside it (reverted: the whole handler runs in its turn). Anything else a concurrent
/// writer commits while the action waits for its turn (account disabled, clinic closed, membership removed, phone changed)
/// is not re-read, so the action commits AFTER that change as if it had not happened. Each test holds the turn the way
/// <c>HandlerReadsStayExact.ATokenChangedWhileTheValidationWaitedForItsTurnIsReadAgainInsideTheTurn</c> does, commits the
/// change in the held (whole-database, like SetAccountDisabled / SaveClinic) transaction, then releases it.
/// </summary>
public class WhatChangedWhileAnActionWaitedForItsTurnCounts(TestDatabase database) : IClassFixture<TestDatabase>
{
    private readonly TokenScenario s = new(database);

    /// <summary>Starts <paramref name="action"/>, waits until it queues for its write turn (held here), runs <paramref name="change"/> in the held turn, commits, and returns the action's result.</summary>
    private async Task<T> WhileQueuedAsync<T>(Func<Task<T>> action, Func<AppDbContext, Task> change)
    {
        await using var holder = await s.ContextAsync();
        var held = await holder.Database.BeginSerializedTransactionAsync(CancellationToken.None); // whole database, like SetAccountDisabled
        var mark = database.Logs.Lines.Count;
        var running = Task.Run(action);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!database.Logs.Lines.Skip(mark).Any(l => l.Contains("Beginning transaction", StringComparison.Ordinal)))
        {
            Assert.False(running.IsCompleted, "The action finished while the turn was held.");
            Assert.True(DateTime.UtcNow < deadline, "The action never reached its turn.");
            await Task.Delay(5);
        }
        await Task.Delay(50);
        Assert.False(running.IsCompleted);
        await change(holder);
        await holder.SaveChangesAsync();
        await held.CommitAsync();
        await held.DisposeAsync();
        return await running;
    }

    [Fact]
    public async Task AnAccountDisabledWhileTheValidationWaitedForItsTurnDoesNotValidate()
    {
        var id = await s.SubmittedTreatmentAsync(TokenScenario.RobertoCpf);
        var dentist = await s.DentistAsync();
        await s.GenerateAsync(id, "470001", dentist);
        try
        {
            var result = await WhileQueuedAsync(
                () => s.Handler<ValidateTokenHandler>().HandleAsync(new(id, "470001"), dentist),
                db => db.Users.Where(u => u.Id == dentist.UserId).ExecuteUpdateAsync(x => x.SetProperty(u => u.IsDisabled, true)));

            // The account was disabled (committed) before the validation's write: it must be refused and change nothing.
            await using var check = await s.ContextAsync();
            var treatment = await check.Treatments.SingleAsync(t => t.Id == id);
            Assert.True(result.Status == ResultStatus.Forbidden,
                $"A disabled account validated the attendance: status {result.Status}, outcome {result.Value?.Outcome}, treatment {treatment.Status}, validated at {treatment.ValidatedAtUtc}");
        }
        finally
        {
            await using var db = await s.ContextAsync();
            await db.Users.Where(u => u.Id == dentist.UserId).ExecuteUpdateAsync(x => x.SetProperty(u => u.IsDisabled, false));
        }
    }

    [Fact]
    public async Task AClinicClosedWhileTheGenerationWaitedForItsTurnIssuesNoTokenAndSendsNothing()
    {
        var id = await s.SubmittedTreatmentAsync(TokenScenario.RobertoCpf);
        var dentist = await s.DentistAsync();
        try
        {
            database.Codes.Enqueue("470002");
            var result = await WhileQueuedAsync(
                () => s.Handler<GenerateTokenHandler>().HandleAsync(new(id), dentist),
                db => db.Clinics.Where(c => c.Id == dentist.ClinicId).ExecuteUpdateAsync(x => x.SetProperty(c => c.IsActive, false)));

            await using var check = await s.ContextAsync();
            var tokens = await check.Tokens.CountAsync(t => t.TreatmentId == id);
            var deliveries = await check.Deliveries.CountAsync(d => d.TreatmentId == id);
            Assert.True(result.Status == ResultStatus.Forbidden && tokens == 0 && deliveries == 0,
                $"A closed clinic issued a token: status {result.Status}, tokens {tokens}, deliveries {deliveries}");
        }
        finally
        {
            await using var db = await s.ContextAsync();
            await db.Clinics.Where(c => c.Id == dentist.ClinicId).ExecuteUpdateAsync(x => x.SetProperty(c => c.IsActive, true));
        }
    }

    [Fact]
    public async Task AnEmailChangedWhileTheGenerationWaitedForItsTurnGetsTheCodeNotTheOldAddress()
    {
        // Roberto has only an e-mail address. He confirms a new one (ConfirmContactChange saves Beneficiary.Email) while
        // the clinic's "Gerar token" waits for its write turn.
        var id = await s.SubmittedTreatmentAsync(TokenScenario.RobertoCpf);
        var dentist = await s.DentistAsync();
        var beneficiaryId = await s.BeneficiaryIdAsync(TokenScenario.RobertoCpf);
        string oldEmail;
        await using (var db = await s.ContextAsync())
            oldEmail = (await db.Beneficiaries.SingleAsync(b => b.Id == beneficiaryId)).Email!;
        const string newEmail = "roberto.novo@exemplo.com.br";
        try
        {
            database.Codes.Enqueue("470003");
            var result = await WhileQueuedAsync(
                () => s.Handler<GenerateTokenHandler>().HandleAsync(new(id), dentist),
                db => db.Beneficiaries.Where(b => b.Id == beneficiaryId).ExecuteUpdateAsync(x => x.SetProperty(b => b.Email, newEmail)));
            Assert.True(result.IsOk, string.Join("; ", result.Errors));

            await using var check = await s.ContextAsync();
            var emails = await check.Deliveries.Where(d => d.TreatmentId == id && d.Channel == DeliveryChannel.Email).Select(d => d.Destination).ToListAsync();
            Assert.NotEmpty(emails);
            Assert.True(!emails.Contains(oldEmail),
                $"The code was queued to the address the beneficiary had already replaced ({oldEmail}); e-mail destinations: {string.Join(", ", emails)}");
        }
        finally
        {
            await using var db = await s.ContextAsync();
            await db.Beneficiaries.Where(b => b.Id == beneficiaryId).ExecuteUpdateAsync(x => x.SetProperty(b => b.Email, oldEmail));
        }
    }

    [Fact]
    public async Task AStaleScreensGenerateIsNotAnsweredWithARevokedTokenAsIfItHadBeenSent()
    {
        // Screen A saw token nº 1. Screen B generated nº 2; the patient said "não solicitei" and nº 2 was revoked.
        // Screen A (a late-token row or a treatment page that missed the live refresh) clicks "Gerar token" with
        // SeenSequence = 1: the handler answers Ok with token nº 2 — revoked — and the page says "gerado e enviado".
        var id = await s.SubmittedTreatmentAsync(TokenScenario.RobertoCpf);
        var dentist = await s.DentistAsync();
        var generate = s.Handler<GenerateTokenHandler>();
        database.Codes.Enqueue("480001");
        Assert.True((await generate.HandleAsync(new(id, Guid.NewGuid(), 0), dentist)).IsOk);
        database.Codes.Enqueue("480002");
        Assert.Equal(2, (await generate.HandleAsync(new(id, Guid.NewGuid(), 1), dentist)).Value!.Sequence);
        await using (var db = await s.ContextAsync())
        {
            var t = await db.Treatments.Include(x => x.Tokens).SingleAsync(x => x.Id == id);
            Assert.True(t.RevokeToken(t.NewestToken!.Id, database.Clock.GetUtcNow()).Revoked);
            await db.SaveChangesAsync();
        }

        database.Codes.Enqueue("480003");
        var stale = await generate.HandleAsync(new(id, Guid.NewGuid(), 1), dentist);
        await using var check = await s.ContextAsync();
        var active = await check.Tokens.CountAsync(k => k.TreatmentId == id && k.Status == TokenStatus.Active);
        Assert.True(!stale.IsOk || active == 1,
            $"Answered {stale.Status} with token nº {stale.Value?.Sequence} (deliveries: {string.Join(", ", stale.Value?.Deliveries.Select(d => d.Status) ?? [])}) while the treatment has {active} active token(s)");
    }
}
