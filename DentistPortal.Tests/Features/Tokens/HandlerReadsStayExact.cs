using DentistPortal.Domain.Messaging;
using DentistPortal.Domain.Tokens;
using DentistPortal.Features.Common;
using DentistPortal.Features.Tokens;
using DentistPortal.Tests.CallCenter;
using DentistPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Tests.Features.Tokens;

/// <summary>
/// Issue 13 (handler cost): GenerateToken and ValidateToken read what they need in fewer, compiled statements, save
/// without savepoints, and count each destination's messages once. The rules those reads serve stay exact: the send caps
/// at their boundary (3 SMS per phone and 10 e-mails per address in 24 h here), and the clinic-only access read still
/// refuses a disabled account and a closed clinic.
/// </summary>
public class HandlerReadsStayExact(SmallCapsDatabase database) : IClassFixture<SmallCapsDatabase>
{
    private const string Cpf = "16180339805";
    private readonly TokenScenario s = new(database);

    private IEnumerable<string> Commands() => database.Logs.Lines.Where(l => l.Contains("Executed DbCommand", StringComparison.Ordinal));

    private async Task<GeneratedToken> GenerateAsync(string code)
    {
        var id = await s.SubmittedTreatmentAsync(Cpf);
        return await s.GenerateAsync(id, code);
    }

    private static DeliveryStatus StatusOf(GeneratedToken token, DeliveryChannel channel) => token.Deliveries.Single(d => d.Channel == channel).Status;

    [Fact]
    public async Task TheSendCapsCountQueuedAndDirectMessagesOnceAndStopExactlyAtTheCap()
    {
        await using (var db = await s.ContextAsync())
        {
            var contacts = await db.Beneficiaries.Where(b => b.Cpf == Cpf).Select(b => new { b.MobilePhone, b.Email }).SingleAsync();
            var now = database.Clock.GetUtcNow();
            // Inside the 24 h window: 1 SMS and 8 e-mails sent directly (contact-change messages). Outside it: 1 SMS, not counted.
            db.SentMessages.Add(new SentMessage { Channel = DeliveryChannel.Sms, Destination = contacts.MobilePhone!, Purpose = "contact-change-code", AtUtc = now.AddHours(-2) });
            db.SentMessages.Add(new SentMessage { Channel = DeliveryChannel.Sms, Destination = contacts.MobilePhone!, Purpose = "contact-change-code", AtUtc = now.AddHours(-25) });
            for (var i = 0; i < 8; i++)
                db.SentMessages.Add(new SentMessage { Channel = DeliveryChannel.Email, Destination = contacts.Email!, Purpose = "contact-change-notice", AtUtc = now.AddMinutes(-10 - i) });
            await db.SaveChangesAsync();
        }

        // SMS 1 → 2 and e-mail 8 → 9: both under their caps.
        var first = await GenerateAsync("410001");
        Assert.Equal(DeliveryStatus.Pending, StatusOf(first, DeliveryChannel.Sms));
        Assert.Equal(DeliveryStatus.Pending, StatusOf(first, DeliveryChannel.Email));

        // The last message each cap allows: SMS 2 → 3 of 3, e-mail 9 → 10 of 10. Each count is read in one statement.
        var before = Commands().Count();
        var second = await GenerateAsync("410002");
        var commands = Commands().Skip(before).ToList();
        Assert.Equal(DeliveryStatus.Pending, StatusOf(second, DeliveryChannel.Sms));
        Assert.Equal(DeliveryStatus.Pending, StatusOf(second, DeliveryChannel.Email));
        Assert.Single(commands, c => c.Contains("FROM \"Deliveries\"", StringComparison.Ordinal) && c.Contains("FROM \"SentMessages\"", StringComparison.Ordinal));
        Assert.DoesNotContain(commands, c => c.Contains("FROM \"Deliveries\"", StringComparison.Ordinal) != c.Contains("FROM \"SentMessages\"", StringComparison.Ordinal));

        // At the cap: both refused, the token still issued.
        var third = await GenerateAsync("410003");
        Assert.Equal(DeliveryStatus.Failed, StatusOf(third, DeliveryChannel.Sms));
        Assert.Contains("Limite de 3 SMS por dia", third.Deliveries.Single(d => d.Channel == DeliveryChannel.Sms).Reason);
        Assert.Equal(DeliveryStatus.Failed, StatusOf(third, DeliveryChannel.Email));
        Assert.Contains("Limite de 10 e-mails por dia", third.Deliveries.Single(d => d.Channel == DeliveryChannel.Email).Reason);
        // The screen says why (an outside tester read "não há celular nem e-mail" for a patient who has both).
        var (said, warning) = third.Describe();
        Assert.True(warning);
        Assert.Contains("gerado, mas não enviado: Limite de 3 SMS por dia para este celular atingido: SMS não enviado. Limite de 10 e-mails", said);
        Assert.DoesNotContain("não há celular", said);
        Assert.False(second.Describe().IsWarning);

        // 24 h after the first messages of the day, the oldest leave the window: one SMS fits again (the refused ones never counted).
        database.Clock.Advance(TimeSpan.FromHours(22).Add(TimeSpan.FromMinutes(1)));
        var later = await GenerateAsync("410004");
        Assert.Equal(DeliveryStatus.Pending, StatusOf(later, DeliveryChannel.Sms));
        Assert.Equal(DeliveryStatus.Failed, StatusOf(later, DeliveryChannel.Email)); // the 8 direct e-mails were sent 10–17 minutes ago

        await using var check = await s.ContextAsync();
        var mobile = await check.Beneficiaries.Where(b => b.Cpf == Cpf).Select(b => b.MobilePhone).SingleAsync();
        Assert.Equal(3, await check.Deliveries.CountAsync(d => d.Destination == mobile && d.Status != DeliveryStatus.Failed
                                                                 && d.CreatedAtUtc > database.Clock.GetUtcNow().AddHours(-24)));
    }

    [Fact]
    public async Task GenerateAndValidateLoadTheTreatmentOnceAndSaveWithoutSavepoints()
    {
        var id = await s.SubmittedTreatmentAsync(TokenScenario.RobertoCpf);
        var before = database.Logs.Lines.Count;
        await s.GenerateAsync(id, "420001");
        await s.GenerateAsync(id, "420002"); // supersedes the first: the webhook outbox uses the treatment already loaded
        Assert.True((await s.ValidateAsync(id, "420002")).Succeeded);
        var lines = database.Logs.Lines.Skip(before).ToList();

        var commands = lines.Where(l => l.Contains("Executed DbCommand", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, commands.Count(c => c.Contains("FROM \"Treatments\"", StringComparison.Ordinal))); // one per call
        Assert.DoesNotContain(lines, l => l.Contains("savepoint", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task AClosedClinicOrADisabledAccountCannotGenerateNorValidate()
    {
        var id = await s.SubmittedTreatmentAsync(TokenScenario.RobertoCpf);
        var dentist = await s.DentistAsync();
        await s.GenerateAsync(id, "430001");

        async Task AssertRefusedAsync()
        {
            Assert.Equal(ResultStatus.Forbidden, (await s.Handler<GenerateTokenHandler>().HandleAsync(new(id), dentist)).Status);
            Assert.Equal(ResultStatus.Forbidden, (await s.Handler<ValidateTokenHandler>().HandleAsync(new(id, "430001"), dentist)).Status);
        }

        await using (var db = await s.ContextAsync())
            await db.Clinics.Where(c => c.Id == dentist.ClinicId).ExecuteUpdateAsync(x => x.SetProperty(c => c.IsActive, false));
        try { await AssertRefusedAsync(); }
        finally
        {
            await using var db = await s.ContextAsync();
            await db.Clinics.Where(c => c.Id == dentist.ClinicId).ExecuteUpdateAsync(x => x.SetProperty(c => c.IsActive, true));
        }

        await using (var db = await s.ContextAsync())
            await db.Users.Where(u => u.Id == dentist.UserId).ExecuteUpdateAsync(x => x.SetProperty(u => u.IsDisabled, true));
        try { await AssertRefusedAsync(); }
        finally
        {
            await using var db = await s.ContextAsync();
            await db.Users.Where(u => u.Id == dentist.UserId).ExecuteUpdateAsync(x => x.SetProperty(u => u.IsDisabled, false));
        }

        // Nothing changed while refused: the first token is still the one to type.
        Assert.Equal(ValidationOutcome.Validated, (await s.ValidateAsync(id, "430001", dentist)).Outcome);
    }
    [Fact]
    public async Task TheSmsCapCountSkipsTheMessagesItRefused()
    {
        // Issue 13 (handler cost): a phone past its cap gets a Failed row for every refused token. The count each generation
        // runs must not walk those rows: on the old index it read every refused message of the last 24 h, so a patient with
        // many refused tokens slowed every later generation for that phone.
        await using var db = await s.ContextAsync();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        await using var definition = connection.CreateCommand();
        definition.CommandText = database.OnPostgreSql
            ? "SELECT indexdef FROM pg_indexes WHERE indexname = 'IX_Deliveries_Channel_Destination_CreatedAtUtc'"
            : "SELECT sql FROM sqlite_master WHERE name = 'IX_Deliveries_Channel_Destination_CreatedAtUtc'";
        var sql = (string?)await definition.ExecuteScalarAsync();
        Assert.NotNull(sql);
        Assert.Matches(@"WHERE\s+\(*""?Status""?\)?(::text)?\s*<>\s*'Failed'", sql);
        if (database.OnPostgreSql) return;

        // SQLite uses that index for the count as EF writes it (a partial index is used only when the query implies its WHERE).
        var mobile = await db.Beneficiaries.Where(b => b.Cpf == Cpf).Select(b => b.MobilePhone).SingleAsync();
        var since = database.Clock.GetUtcNow().AddHours(-24);
        var query = db.Deliveries.Where(d => d.Channel == DeliveryChannel.Sms && d.Destination == mobile && d.CreatedAtUtc > since && d.Status != DeliveryStatus.Failed)
            .Select(d => d.Id).ToQueryString();
        await using var plan = connection.CreateCommand();
        var lines = query.Split('\n');
        foreach (var line in lines.Where(l => l.StartsWith(".param set ", StringComparison.Ordinal)))
        {
            var parts = line[".param set ".Length..].Split(' ', 2);
            var parameter = plan.CreateParameter();
            parameter.ParameterName = parts[0];
            parameter.Value = parts[1].StartsWith('\'') ? parts[1].Trim().Trim('\'') : long.Parse(parts[1].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            plan.Parameters.Add(parameter);
        }
        plan.CommandText = "EXPLAIN QUERY PLAN " + string.Join('\n', lines.Where(l => !l.StartsWith(".param", StringComparison.Ordinal)));
        var steps = new List<string>();
        await using (var reader = await plan.ExecuteReaderAsync())
            while (await reader.ReadAsync()) steps.Add(reader.GetString(3));
        Assert.Contains(steps, step => step.Contains("USING INDEX IX_Deliveries_Channel_Destination_CreatedAtUtc", StringComparison.Ordinal)
                                      || step.Contains("USING COVERING INDEX IX_Deliveries_Channel_Destination_CreatedAtUtc", StringComparison.Ordinal));
    }
}
