using DentistPortal.Domain.Tokens;
using DentistPortal.Domain.Messaging;
using DentistPortal.Features.Tokens;
using DentistPortal.Infrastructure.Messaging;
using DentistPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DentistPortal.Tests.Features.Tokens;

/// <summary>TR-9: a full generate → deliver → validate run writes the code to no log line, audit entry or error.</summary>
public class CodesNeverLeak(TestDatabase database) : IClassFixture<TestDatabase>
{
    private readonly TokenScenario s = new(database);

    [Fact]
    public async Task AFullRunLogsNothingThatContainsTheCode()
    {
        const string code = "583920";
        var id = await s.SubmittedTreatmentAsync(withDeniedAndReview: true);
        await s.GenerateAsync(id, code);
        var worker = database.Services.GetRequiredService<DeliveryWorker>();
        await worker.RunOnceAsync("test-worker", CancellationToken.None);
        Assert.Equal(ValidationOutcome.WrongCode, (await s.ValidateAsync(id, "583921")).Outcome);
        Assert.Equal(ValidationOutcome.Validated, (await s.ValidateAsync(id, code)).Outcome);

        await using var db = await s.ContextAsync();
        // The messages did go out (to the development inbox) with the code…
        var deliveries = await db.Deliveries.Where(d => d.TreatmentId == id).ToListAsync();
        Assert.All(deliveries, d => Assert.Equal(DeliveryStatus.Sent, d.Status));
        Assert.Contains(await db.DevMessages.Select(m => m.Body).ToListAsync(), b => b.Contains(code));

        // …but no log line, audit entry, delivery error or stored token column holds it.
        Assert.NotEmpty(database.Logs.Lines);
        Assert.DoesNotContain(database.Logs.Lines, l => l.Contains(code) || l.Contains("583 920"));
        var audit = await db.AuditEntries.ToListAsync();
        Assert.DoesNotContain(audit, a => $"{a.Action} {a.Outcome} {a.Detail} {a.SubjectId}".Contains(code));
        Assert.DoesNotContain(deliveries, d => (d.LastError ?? "").Contains(code) || d.Destination.Contains(code));
        var token = await db.Tokens.SingleAsync(t => t.TreatmentId == id);
        Assert.Null(token.EncryptedCode);
    }
}
