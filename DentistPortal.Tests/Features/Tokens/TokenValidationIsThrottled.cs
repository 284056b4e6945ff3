using DentistPortal.Domain.Tokens;
using DentistPortal.Features.Common;
using DentistPortal.Features.Tokens;
using DentistPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Tests.Features.Tokens;

/// <summary>A database whose portal lets a user submit 3 codes (and a clinic 5) per hour.</summary>
public sealed class ThrottledTestDatabase : TestDatabase
{
    public const int PerUser = 3, PerClinic = 5;

    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings =>
    [
        new("RateLimiting:TokenValidationPerUser:PermitLimit", $"{PerUser}"),
        new("RateLimiting:TokenValidationPerUser:WindowSeconds", "3600"),
        new("RateLimiting:TokenValidationPerClinic:PermitLimit", $"{PerClinic}"),
        new("RateLimiting:TokenValidationPerClinic:WindowSeconds", "3600"),
    ];
}

/// <summary>
/// Issue 10 (Accounts: rate limiting on token validation): one throttle inside <see cref="ValidateTokenHandler"/>, so the
/// chair, the late-token list and the Central are all held to it. A refusal asks to wait, changes nothing and is not a
/// wrong code.
/// </summary>
public class TokenValidationIsThrottled(ThrottledTestDatabase database) : IClassFixture<ThrottledTestDatabase>
{
    private readonly TokenScenario s = new(database);

    [Fact]
    public async Task AUserTypingCodesTooFastIsAskedToWaitAndNothingIsCounted()
    {
        var dentist = await s.DentistAsync();
        var id = await s.SubmittedTreatmentAsync();
        await s.GenerateAsync(id, "135790");
        for (var i = 0; i < ThrottledTestDatabase.PerUser; i++)
            Assert.Equal(ValidationOutcome.WrongCode, (await s.ValidateAsync(id, "000001", dentist)).Outcome);

        // Even the right code waits: the throttle does not look at it.
        var refused = await s.Handler<ValidateTokenHandler>().HandleAsync(new(id, "135790"), dentist);
        Assert.Equal(ResultStatus.Invalid, refused.Status);
        Assert.Matches(@"^Muitas tentativas em pouco tempo; aguarde \d+ segundos", refused.Errors.Single());

        await using (var db = await s.ContextAsync())
        {
            Assert.Equal(ThrottledTestDatabase.PerUser, await db.TokenAttempts.CountAsync(a => a.UserId == dentist.UserId));
            var token = await db.Set<AttendanceToken>().SingleAsync(t => t.TreatmentId == id);
            Assert.Equal(TokenStatus.Active, token.Status);
            Assert.Equal(ThrottledTestDatabase.PerUser, await db.AuditEntries.CountAsync(a => a.Action == ValidateTokenHandler.Action && a.SubjectId == id.ToString()));
        }

        // Another user of the clinic is not held back by the first one's hurry, and the code still works.
        var colleague = await DemoActors.ForAsync(database.Services, "dentista3@demo.local", DemoActors.SaoPauloCnpj);
        Assert.Equal(ValidationOutcome.Validated, (await s.ValidateAsync(id, "135790", colleague)).Outcome);
    }

    [Fact]
    public async Task AClinicTypingCodesTooFastIsAskedToWait()
    {
        var staff = await DemoActors.ForAsync(database.Services, "recepcao2@demo.local", DemoActors.CampinasCnpj);
        var dentist = await DemoActors.ForAsync(database.Services, "dentista2@demo.local", DemoActors.CampinasCnpj);
        var id = await s.SubmittedTreatmentAsync(TokenScenario.RobertoCpf);
        // Campinas users on a São Paulo treatment: each try is refused (forbidden) yet still counts toward the clinic's pace.
        var attempts = 0;
        foreach (var actor in new[] { staff, staff, staff, dentist, dentist })
        {
            var result = await s.Handler<ValidateTokenHandler>().HandleAsync(new(id, "999999"), actor);
            Assert.NotEqual(ResultStatus.Invalid, result.Status);
            attempts++;
        }
        Assert.Equal(ThrottledTestDatabase.PerClinic, attempts);
        var refused = await s.Handler<ValidateTokenHandler>().HandleAsync(new(id, "999999"), dentist);
        Assert.Equal(ResultStatus.Invalid, refused.Status);
        Assert.StartsWith("Muitas tentativas em pouco tempo", refused.Errors.Single());
    }
}
