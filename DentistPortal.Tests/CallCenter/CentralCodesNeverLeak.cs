using DentistPortal.Domain.Messaging;
using DentistPortal.Features.CallCenter;
using DentistPortal.Infrastructure.Messaging;
using DentistPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DentistPortal.Tests.CallCenter;

/// <summary>
/// TR-9 for the Central: a full call — search, identity check, list, read out, resend, dispatcher run, report — puts the
/// code on the agent's screen and in the patient's messages, and nowhere else: no log line, audit entry, case note,
/// delivery row or identity check.
/// </summary>
public class CentralCodesNeverLeak(TestDatabase database) : IClassFixture<TestDatabase>
{
    private readonly CallScenario s = new(database);

    [Fact]
    public async Task AFullCallLeavesTheCodeOnlyOnScreenAndInThePatientsMessages()
    {
        const string code = "736251";
        var token = await s.ActiveTokenAsync(TokenScenario.MariaCpf, code);
        var agent = await s.AgentAsync();
        var worker = database.Services.GetRequiredService<DeliveryWorker>();
        await worker.RunOnceAsync("test-worker", CancellationToken.None);

        Assert.True((await s.Handler<FindBeneficiaryHandler>().HandleAsync(new("maria aparecida"), agent)).IsOk);
        var (call, maria) = await s.MariaCallAsync(agent);
        Assert.Contains((await s.Handler<ListActiveTokensHandler>().HandleAsync(new(call, maria), agent)).Value!, t => t.TokenId == token.TokenId);
        Assert.Equal(code, (await s.Handler<RevealTokenCodeHandler>().HandleAsync(new(call, maria, token.TokenId, "Paciente sem acesso ao e-mail"), agent)).Value!.Code);
        var resent = await s.Handler<ResendTokenHandler>().HandleAsync(new(call, maria, token.TokenId, DeliveryChannel.Email, "Paciente não achou o e-mail"), agent);
        Assert.True(resent.IsOk, string.Join(";", resent.Errors));
        await worker.RunOnceAsync("test-worker", CancellationToken.None);

        await using var db = await s.Tokens.ContextAsync();
        // The resend went out: a second e-mail for the treatment, with the same code.
        var delivery = await db.Deliveries.SingleAsync(d => d.Id == resent.Value!.DeliveryId);
        Assert.Equal(DeliveryStatus.Sent, delivery.Status);
        var emails = await db.DevMessages.Where(m => m.Channel == DeliveryChannel.Email && m.Subject!.Contains(token.Number)).ToListAsync();
        Assert.Equal(2, emails.Count);
        Assert.All(emails, m => Assert.Contains(code, m.Body));

        Assert.True((await s.Handler<ReportUnsolicitedCodeHandler>().HandleAsync(new(call, maria, token.TokenId, "Paciente diz que não pediu"), agent)).IsOk);

        Assert.NotEmpty(database.Logs.Lines);
        Assert.DoesNotContain(database.Logs.Lines, l => l.Contains(code, StringComparison.Ordinal) || l.Contains("736 251", StringComparison.Ordinal));
        Assert.DoesNotContain(await db.AuditEntries.ToListAsync(), a => $"{a.Action} {a.Outcome} {a.SubjectId} {a.Detail}".Contains(code, StringComparison.Ordinal));
        Assert.DoesNotContain(await db.UnsolicitedReports.ToListAsync(), r => (r.Notes ?? "").Contains(code, StringComparison.Ordinal));
        Assert.DoesNotContain(await db.Deliveries.ToListAsync(), d => $"{d.Destination} {d.MaskedDestination} {d.LastError}".Contains(code, StringComparison.Ordinal));
        Assert.DoesNotContain(await db.IdentityChecks.ToListAsync(), c => $"{c.CallId} {c.Method}".Contains(code, StringComparison.Ordinal));
    }
}
