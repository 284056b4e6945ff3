using DentistPortal.Domain.Audit;
using DentistPortal.Domain.Tokens;
using DentistPortal.Features.Common;
using DentistPortal.Features.Tokens;
using DentistPortal.Infrastructure.Data;
using DentistPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DentistPortal.Tests.Features.Tokens;

/// <summary>
/// Issue 10 (Keys and secrets): every token hash names its HMAC key; after a rotation old tokens keep verifying with
/// their own key, and a token whose key is gone answers "token precisa ser reemitido" without counting anything.
/// Real handlers on a real SQLite file; the "portal after the rotation" is the same file with other key settings.
/// </summary>
public class TokenKeyRotation(TestDatabase database) : IClassFixture<TestDatabase>
{
    private readonly TokenScenario s = new(database);

    private static readonly KeyValuePair<string, string?>[] BothKeysSecondCurrent =
    [
        new("Tokens:HmacKeys:" + TestKeys.SecondHmacKeyId, TestKeys.SecondHmacKey),
        new("Tokens:CurrentHmacKeyId", TestKeys.SecondHmacKeyId),
    ];

    private static readonly KeyValuePair<string, string?>[] OnlySecondKey = TestKeys.FirstKeyRemoved;

    [Fact]
    public async Task ATokenMadeWithTheOldKeyStillValidatesAfterTheNewKeyBecomesCurrent()
    {
        var id = await s.SubmittedTreatmentAsync();
        await s.GenerateAsync(id, "314159");
        Assert.Equal(TestKeys.HmacKeyId, await KeyIdOfNewestTokenAsync(id));

        await using var rotated = database.ServicesWith(BothKeysSecondCurrent);
        var result = await ValidateAsync(rotated, id, "314159");

        Assert.Equal(ValidationOutcome.Validated, result.Outcome);
    }

    [Fact]
    public async Task NewTokensAreHashedWithTheCurrentKeyAndVerifyWithIt()
    {
        await using var rotated = database.ServicesWith(BothKeysSecondCurrent);
        var id = await s.SubmittedTreatmentAsync();
        database.Codes.Enqueue("271828");
        var generated = await Handler<GenerateTokenHandler>(rotated).HandleAsync(new(id), await s.DentistAsync());
        Assert.True(generated.IsOk, string.Join("; ", generated.Errors));
        Assert.Equal(TestKeys.SecondHmacKeyId, await KeyIdOfNewestTokenAsync(id));

        Assert.Equal(ValidationOutcome.WrongCode, (await ValidateAsync(rotated, id, "000001")).Outcome);
        Assert.Equal(ValidationOutcome.Validated, (await ValidateAsync(rotated, id, "271828")).Outcome);
    }

    [Fact]
    public async Task ATokenWhoseKeyIsGoneMustBeReissuedAndNothingIsCounted()
    {
        var id = await s.SubmittedTreatmentAsync();
        await s.GenerateAsync(id, "161803");

        await using var withoutItsKey = database.ServicesWith(OnlySecondKey);
        var right = await ValidateAsync(withoutItsKey, id, "161803");
        var wrong = await ValidateAsync(withoutItsKey, id, "999999");

        foreach (var answer in new[] { right, wrong })
        {
            Assert.Equal(ValidationOutcome.ReissueRequired, answer.Outcome);
            Assert.StartsWith("Token precisa ser reemitido", answer.Message);
            Assert.Contains("Nenhuma tentativa foi contada", answer.Message);
            Assert.Contains("Gere um novo token", answer.NextStep);
            Assert.Null(answer.AttemptsLeft);
        }
        await using (var db = await s.ContextAsync())
        {
            var token = await db.Tokens.SingleAsync(t => t.TreatmentId == id);
            Assert.Equal(TokenStatus.Active, token.Status);
            Assert.Equal(0, token.WrongAttempts);
            Assert.Equal(0, (await db.Treatments.SingleAsync(t => t.Id == id)).WrongCodeCount);
            Assert.Empty(await db.TokenAttempts.Where(a => a.TreatmentId == id).ToListAsync());
            var subject = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var audit = await db.AuditEntries.Where(a => a.SubjectId == subject && a.Action == AuditActions.TokenCodeEntered).ToListAsync();
            Assert.Equal(2, audit.Count);
            Assert.All(audit, a => Assert.Equal("ReissueRequired", a.Outcome));
        }

        // The treatment page says so before anyone types a code; with the key present it does not.
        var dentist = await s.DentistAsync();
        var seen = await Handler<DentistPortal.Features.Treatments.GetTreatmentHandler>(withoutItsKey).HandleAsync(new(id), dentist);
        Assert.True(seen.Value!.CurrentToken!.NeedsReissue);
        Assert.False((await s.Handler<DentistPortal.Features.Treatments.GetTreatmentHandler>().HandleAsync(new(id), dentist)).Value!.CurrentToken!.NeedsReissue);

        // The way out: a new token, made with the current key, validates.
        database.Codes.Enqueue("577215");
        var reissued = await Handler<GenerateTokenHandler>(withoutItsKey).HandleAsync(new(id), await s.DentistAsync());
        Assert.True(reissued.IsOk, string.Join("; ", reissued.Errors));
        Assert.Equal(ValidationOutcome.Validated, (await ValidateAsync(withoutItsKey, id, "577215")).Outcome);
    }

    [Fact]
    public async Task ReissueAnswersNeverBlockTheDentist()
    {
        var dentist = await s.DentistAsync();
        var ids = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            var id = await s.SubmittedTreatmentAsync(TokenScenario.RobertoCpf);
            await s.GenerateAsync(id, "123456");
            ids.Add(id);
        }
        await using var withoutItsKey = database.ServicesWith(OnlySecondKey);
        // Far more than every cap (5 per token, 10 per treatment, 20 per user in 24 h).
        for (var i = 0; i < 25; i++)
            Assert.Equal(ValidationOutcome.ReissueRequired, (await ValidateAsync(withoutItsKey, ids[i % 3], "654321", dentist)).Outcome);

        await using var db = await s.ContextAsync();
        Assert.Empty(await db.TokenAttempts.Where(a => ids.Contains(a.TreatmentId)).ToListAsync());
        Assert.All(await db.Tokens.Where(t => ids.Contains(t.TreatmentId)).ToListAsync(), t => Assert.Equal(TokenStatus.Active, t.Status));
    }

    private static T Handler<T>(IServiceProvider services) where T : notnull => services.CreateScope().ServiceProvider.GetRequiredService<T>();

    private async Task<ValidationResult> ValidateAsync(IServiceProvider services, int treatmentId, string code, Actor? actor = null)
    {
        var result = await Handler<ValidateTokenHandler>(services).HandleAsync(new(treatmentId, code), actor ?? await s.DentistAsync());
        Assert.True(result.IsOk, string.Join("; ", result.Errors));
        return result.Value!;
    }

    private async Task<string> KeyIdOfNewestTokenAsync(int treatmentId)
    {
        await using var db = await s.ContextAsync();
        return await db.Tokens.Where(t => t.TreatmentId == treatmentId).OrderByDescending(t => t.Sequence).Select(t => t.HmacKeyId).FirstAsync();
    }
}
