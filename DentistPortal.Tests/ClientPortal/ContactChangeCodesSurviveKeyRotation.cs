using DentistPortal.Domain.ClientPortal;
using DentistPortal.Domain.Messaging;
using DentistPortal.Features.ClientPortal;
using DentistPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DentistPortal.Tests.ClientPortal;

/// <summary>
/// Issue 10 (Keys and secrets), for the Portal do Cliente's contact-change codes: checked with the key they were
/// hashed with; when that key is gone the answer is "peça um novo código" and no attempt is counted.
/// </summary>
public class ContactChangeCodesSurviveKeyRotation : IClassFixture<TestDatabase>
{
    private readonly TestDatabase database;
    private readonly PortalScenario s;

    public ContactChangeCodesSurviveKeyRotation(TestDatabase database)
    {
        this.database = database;
        s = new PortalScenario(database);
        database.Clock.Advance(TimeSpan.FromDays(1)); // a fresh daily cap per test
    }

    [Theory]
    [InlineData(true, "ok")]
    [InlineData(false, "reissue-required")]
    public async Task ACodeIsCheckedWithItsOwnKey(bool oldKeyKept, string expectedOutcome)
    {
        var joao = await s.JoaoAsync();
        var beneficiary = await s.Tokens.BeneficiaryIdAsync(PortalScenario.JoaoCpf);
        database.Codes.Enqueue("141421");
        var requested = await s.Tokens.Handler<RequestContactChangeHandler>()
            .HandleAsync(new(beneficiary, DeliveryChannel.Sms, oldKeyKept ? "(11) 93333-4444" : "(11) 93333-5555"), joao);
        Assert.True(requested.IsOk, string.Join("; ", requested.Errors));

        await using var rotated = database.ServicesWith(
        [
            new("Tokens:HmacKeys:" + TestKeys.HmacKeyId, oldKeyKept ? TestKeys.HmacKey : null),
            new("Tokens:HmacKeys:" + TestKeys.SecondHmacKeyId, TestKeys.SecondHmacKey),
            new("Tokens:CurrentHmacKeyId", TestKeys.SecondHmacKeyId),
        ]);
        var confirmed = await rotated.CreateScope().ServiceProvider.GetRequiredService<ConfirmContactChangeHandler>()
            .HandleAsync(new(requested.Value!.RequestId, "141421"), joao);

        Assert.Equal(oldKeyKept, confirmed.IsOk);
        if (!oldKeyKept) Assert.Contains("Peça um novo código", confirmed.Errors.Single());
        await using var db = await s.Tokens.ContextAsync();
        var request = await db.ContactChangeRequests.SingleAsync(r => r.Id == requested.Value.RequestId);
        Assert.Equal(TestKeys.HmacKeyId, request.HmacKeyId);
        Assert.Equal(oldKeyKept ? 1 : 0, request.Attempts);
        Assert.Equal(oldKeyKept ? ContactChangeStatus.Confirmed : ContactChangeStatus.Expired, request.Status);
        var subject = beneficiary.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains(await db.AuditEntries.Where(a => a.SubjectId == subject).Select(a => a.Outcome).ToListAsync(), o => o == expectedOutcome);
    }
}
