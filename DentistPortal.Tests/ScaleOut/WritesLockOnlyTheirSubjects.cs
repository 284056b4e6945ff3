using DentistPortal.Domain.Messaging;
using DentistPortal.Domain.Tokens;
using DentistPortal.Features.Tokens;
using DentistPortal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using DentistPortal.Tests.Infrastructure;
using Npgsql;

namespace DentistPortal.Tests.ScaleOut;

/// <summary>
/// Issue 13 ("No latency cliffs"): on PostgreSQL a token write no longer takes the one lock every write of every instance
/// shared; it locks what its rules count (<see cref="WriteSubject"/>) under the write gate taken in shared mode.
/// Each rule's lock is proved here by holding it from another connection (as another instance's transaction would)
/// and watching the handler queue on exactly that lock in <c>pg_locks</c>; dropping the lock from the handler makes
/// it finish instead, and the test fails. The caps themselves are exercised by <see cref="RulesHoldAcrossInstances"/>.
/// </summary>
public sealed class WritesLockOnlyTheirSubjects : ScaleOutTest
{
    /// <summary>A transaction of "another instance" holding advisory locks until released.</summary>
    private sealed class Holder(NpgsqlConnection connection, NpgsqlTransaction transaction) : IAsyncDisposable
    {
        public async Task ReleaseAsync() => await transaction.RollbackAsync();

        public async ValueTask DisposeAsync()
        {
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }
    }

    private async Task<Holder> HoldAsync(string sql, params object[] args)
    {
        var connection = new NpgsqlConnection(db.ConnectionString);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var a in args) command.Parameters.Add(new NpgsqlParameter { Value = a });
        await command.ExecuteNonQueryAsync();
        return new Holder(connection, transaction);
    }

    private Task<Holder> HoldAsync(WriteSubject subject) => HoldAsync("SELECT pg_advisory_xact_lock($1, $2)", (int)subject.Kind, subject.Key);

    /// <summary>Someone in this database is queued on the advisory lock (two-key form = subject; one-key form = the write gate).</summary>
    private async Task<bool> SomeoneWaitsForAsync(WriteSubject? subject)
    {
        await using var connection = new NpgsqlConnection(db.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT count(*) FROM pg_locks
            WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
              AND classid::bigint = $1 AND objid::bigint = $2 AND objsubid = $3
            """, connection);
        var (high, low, form) = subject is { } s
            ? ((long)(uint)(int)s.Kind, (long)(uint)s.Key, (short)2)
            : ((long)(uint)(SerializedTransactions.PostgresWriteGateKey >> 32), SerializedTransactions.PostgresWriteGateKey & 0xFFFFFFFFL, (short)1);
        command.Parameters.Add(new NpgsqlParameter { Value = high });
        command.Parameters.Add(new NpgsqlParameter { Value = low });
        command.Parameters.Add(new NpgsqlParameter { Value = form });
        return (long)(await command.ExecuteScalarAsync())! > 0;
    }

    /// <summary>Starts <paramref name="call"/> while <paramref name="held"/> is held, proves it queues on it, releases, and returns its result.</summary>
    private async Task<T> QueuesOnAsync<T>(Holder held, WriteSubject? subject, Func<Task<T>> call)
    {
        var running = Task.Run(call);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await SomeoneWaitsForAsync(subject))
        {
            if (running.IsCompleted) await running; // an exception explains more than the assertion below
            Assert.False(running.IsCompleted, $"The handler finished while {subject?.ToString() ?? "the write gate"} was held: it does not take that lock.");
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The handler neither finished nor queued on the lock.");
            await Task.Delay(10);
        }
        Assert.False(running.IsCompleted);
        await held.ReleaseAsync();
        return await running;
    }

    [Fact]
    public async Task ValidatingWaitsForAnyoneWritingTheSameTreatment()
    {
        var id = await Scenario.SubmittedTreatmentAsync();
        await Scenario.GenerateAsync(id, "246802");
        var dentist = await Scenario.DentistAsync();
        await using var held = await HoldAsync(WriteSubject.Treatment(id));

        var result = await QueuesOnAsync(held, WriteSubject.Treatment(id), () =>
            Scenario.Handler<ValidateTokenHandler>().HandleAsync(new(id, "246802", ValidationChannel.Chair, Guid.NewGuid()), dentist));

        Assert.Equal(ValidationOutcome.Validated, result.Value!.Outcome);
    }

    [Fact]
    public async Task ValidatingWaitsForAnyoneCountingTheSameUsersWrongCodes()
    {
        var id = await Scenario.SubmittedTreatmentAsync();
        await Scenario.GenerateAsync(id, "135791");
        var dentist = await Scenario.DentistAsync();
        await using var held = await HoldAsync(WriteSubject.ValidatingUser(dentist.UserId));

        var result = await QueuesOnAsync(held, WriteSubject.ValidatingUser(dentist.UserId), () =>
            Scenario.Handler<ValidateTokenHandler>().HandleAsync(new(id, "000001", ValidationChannel.Chair, Guid.NewGuid()), dentist));

        Assert.Equal(ValidationOutcome.WrongCode, result.Value!.Outcome);
    }

    [Fact]
    public async Task GeneratingWaitsForAnyoneWritingTheSameTreatment()
    {
        var id = await Scenario.SubmittedTreatmentAsync();
        var dentist = await Scenario.DentistAsync();
        await using var held = await HoldAsync(WriteSubject.Treatment(id));

        var result = await QueuesOnAsync(held, WriteSubject.Treatment(id), () =>
            Scenario.Handler<GenerateTokenHandler>().HandleAsync(new(id, Guid.NewGuid()), dentist));

        Assert.True(result.IsOk, string.Join("; ", result.Errors));
    }

    [Theory]
    [InlineData(DeliveryChannel.Sms)]
    [InlineData(DeliveryChannel.Email)]
    public async Task GeneratingWaitsForAnyoneSendingToTheSameDestination(DeliveryChannel channel)
    {
        // Pedro (a dependent) receives through Maria, the holder: his family's messages share her phone and address.
        var id = await Scenario.SubmittedTreatmentAsync(TokenScenario.PedroCard);
        var dentist = await Scenario.DentistAsync();
        await using var ctx = await db.ContextAsync();
        var route = (await ctx.Beneficiaries.Include(b => b.Holder).SingleAsync(b => b.CardNumber == TokenScenario.PedroCard)).ContactRoute();
        var destination = WriteSubject.Destination(channel, channel == DeliveryChannel.Sms ? route.MobilePhone! : route.Email!);
        await using var held = await HoldAsync(destination);

        var result = await QueuesOnAsync(held, destination, () =>
            Scenario.Handler<GenerateTokenHandler>().HandleAsync(new(id, Guid.NewGuid()), dentist));

        Assert.Contains(result.Value!.Deliveries, d => d.Channel == channel && d.Status == DeliveryStatus.Pending);
    }

    [Fact]
    public async Task ARepeatedRequestWaitsForTheFirstOneWithTheSameKey()
    {
        var id = await Scenario.SubmittedTreatmentAsync();
        var dentist = await Scenario.DentistAsync();
        var click = Guid.NewGuid();
        await using var held = await HoldAsync(WriteSubject.Request(dentist.UserId, click));

        var result = await QueuesOnAsync(held, WriteSubject.Request(dentist.UserId, click), () =>
            Scenario.Handler<GenerateTokenHandler>().HandleAsync(new(id, click), dentist));

        Assert.True(result.IsOk, string.Join("; ", result.Errors));
    }

    [Fact]
    public async Task AWholeDatabaseTransactionStillHoldsOffTokenWrites()
    {
        // Rare actions (admin, cases, contact changes) still serialize against everything: the gate, exclusive.
        var id = await Scenario.SubmittedTreatmentAsync();
        await Scenario.GenerateAsync(id, "975310");
        var dentist = await Scenario.DentistAsync();
        await using var held = await HoldAsync("SELECT pg_advisory_xact_lock($1)", SerializedTransactions.PostgresWriteGateKey);

        var result = await QueuesOnAsync(held, null, () =>
            Scenario.Handler<ValidateTokenHandler>().HandleAsync(new(id, "975310", ValidationChannel.Chair, Guid.NewGuid()), dentist));

        Assert.Equal(ValidationOutcome.Validated, result.Value!.Outcome);
    }

    [Fact]
    public async Task TwoUnrelatedTreatmentsNoLongerWaitForEachOther()
    {
        var busy = await Scenario.SubmittedTreatmentAsync();
        var other = await Scenario.SubmittedTreatmentAsync(TokenScenario.RobertoCpf);
        await Scenario.GenerateAsync(other, "864200");
        var dentist = await Scenario.DentistAsync();

        // Treatment "busy" is in the middle of a token write on another instance: the same locks, held open.
        await using var ctx = await db.ContextAsync();
        await using var inFlight = await ctx.Database.BeginSerializedTransactionAsync([WriteSubject.Treatment(busy), WriteSubject.ValidatingUser(dentist.UserId + "-other")], CancellationToken.None);

        db.SharedCodes.Enqueue("864201");
        var generated = await Scenario.Handler<GenerateTokenHandler>().HandleAsync(new(other, Guid.NewGuid()), dentist).WaitAsync(TimeSpan.FromSeconds(60));
        var validated = await Scenario.Handler<ValidateTokenHandler>().HandleAsync(new(other, "864201", ValidationChannel.Chair, Guid.NewGuid()), dentist).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(generated.IsOk, string.Join("; ", generated.Errors));
        Assert.Equal(ValidationOutcome.Validated, validated.Value!.Outcome);
        Assert.NotNull(ctx.Database.CurrentTransaction); // still open: nothing above waited for it
        await inFlight.CommitAsync();
    }
}
