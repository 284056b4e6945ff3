using System.Data;
using System.Security.Cryptography;
using DentistPortal.Infrastructure.Security;
using DentistPortal.Features.Common;
using Microsoft.Data.Sqlite;

namespace DentistPortal.Bench;

/// <summary>
/// Issue 13, goal 3's floor (SQLite only, an experiment, not the portal's code): what ValidateToken's work costs with
/// hand-written SQL and no EF Core, DI or domain objects. One connection, statements prepared once and reused, the same
/// reads (the treatment with its tokens, the actor at the clinic, the wrong codes of the last 24 h, the clinic's webhook)
/// and the same writes into the same tables and indexes (an audit entry, the attempt, the token, the treatment), the HMAC
/// check of the code, one BEGIN IMMEDIATE … COMMIT. It skips what the handler also does (the write gate, the
/// idempotency and retry wrapper, the result message, the live-update event), so it is a lower bound for any
/// implementation that writes these rows.
/// </summary>
sealed class RawValidateFloor : IBenchWorker
{
    private readonly SqliteConnection connection;
    private readonly ITokenCodeProtector protector;
    private readonly Actor actor;
    private readonly ArraySegment<(int TreatmentId, string Code)> work;
    private readonly SqliteCommand treatment, access, wrongToday, webhook, audit, attempt, token, treatmentUpdate;

    public RawValidateFloor(SqliteConnection connection, ITokenCodeProtector protector, Actor actor, ArraySegment<(int, string)> work)
    {
        this.connection = connection;
        this.protector = protector;
        this.actor = actor;
        this.work = work;
        treatment = Command("""
            SELECT t."ClinicId", t."Status", t."Version", k."Id", k."Status", k."CodeHash", k."HmacKeyId", k."ExpiresAtUtc", k."Version", k."Sequence"
            FROM "Treatments" AS t LEFT JOIN "Tokens" AS k ON k."TreatmentId" = t."Id" WHERE t."Id" = @id ORDER BY k."Sequence" DESC
            """, "@id");
        access = Command("""
            SELECT u."IsDisabled",
                   (SELECT group_concat(r."Name") FROM "AspNetUserRoles" AS ur JOIN "AspNetRoles" AS r ON r."Id" = ur."RoleId" WHERE ur."UserId" = u."Id"),
                   (SELECT m."Kind" FROM "ClinicMembers" AS m JOIN "Clinics" AS c ON c."Id" = m."ClinicId" WHERE m."UserId" = u."Id" AND m."ClinicId" = @clinic AND c."IsActive" LIMIT 1)
            FROM "AspNetUsers" AS u WHERE u."Id" = @user
            """, "@clinic", "@user");
        wrongToday = Command("""SELECT COUNT(*) FROM "TokenAttempts" WHERE "UserId" = @user AND "Outcome" = 'Wrong' AND "AtUtc" > @since""", "@user", "@since");
        webhook = Command("""SELECT "Id" FROM "WebhookSubscriptions" WHERE "IsActive" AND "ClinicId" = @clinic LIMIT 1""", "@clinic");
        audit = Command("""
            INSERT INTO "AuditEntries" ("Action", "ActorName", "ActorRole", "ActorUserId", "AtUtc", "ClinicId", "Detail", "Outcome", "SubjectId", "SubjectType")
            VALUES ('token.code-entered', @name, 'Dentist', @user, @now, @clinic, @detail, 'Validated', @subject, 'Treatment')
            """, "@name", "@user", "@now", "@clinic", "@detail", "@subject");
        attempt = Command("""
            INSERT INTO "TokenAttempts" ("AtUtc", "Outcome", "TokenId", "TreatmentId", "UserId", "Via") VALUES (@now, 'Validated', @token, @id, @user, 'Chair')
            """, "@now", "@token", "@id", "@user");
        token = Command("""
            UPDATE "Tokens" SET "Status" = 'Validated', "EndedAtUtc" = @now, "ValidatedByUserId" = @user, "ValidatedVia" = 'Chair', "EncryptedCode" = NULL, "Version" = "Version" + 1
            WHERE "Id" = @token AND "Version" = @version
            """, "@now", "@user", "@token", "@version");
        treatmentUpdate = Command("""
            UPDATE "Treatments" SET "Status" = 'Validated', "ValidatedAtUtc" = @now, "ValidationReference" = @reference, "Version" = "Version" + 1
            WHERE "Id" = @id AND "Version" = @version
            """, "@now", "@reference", "@id", "@version");
    }

    private SqliteCommand Command(string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters) command.Parameters.Add(new SqliteParameter { ParameterName = name });
        command.Prepare();
        return command;
    }

    private static SqliteCommand With(SqliteCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i] ?? DBNull.Value;
        return command;
    }

    public async Task<bool> RunAsync(int index)
    {
        var (treatmentId, code) = work[index];
        var now = DateTimeOffset.UtcNow.UtcTicks;
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(IsolationLevel.Serializable); // BEGIN IMMEDIATE
        foreach (var c in new[] { treatment, access, wrongToday, webhook, audit, attempt, token, treatmentUpdate }) c.Transaction = tx;

        int clinicId, treatmentVersion, tokenId = 0, tokenVersion = 0, sequence = 0;
        var matched = false;
        await using (var reader = await With(treatment, treatmentId).ExecuteReaderAsync())
        {
            if (!await reader.ReadAsync()) return false;
            clinicId = reader.GetInt32(0);
            treatmentVersion = reader.GetInt32(2);
            if (!reader.IsDBNull(3) && reader.GetString(4) == "Active" && reader.GetInt64(7) > now)
            {
                tokenId = reader.GetInt32(3);
                tokenVersion = reader.GetInt32(8);
                sequence = reader.GetInt32(9);
                var stored = (byte[])reader.GetValue(5);
                matched = protector.HashWith(reader.GetString(6), code) is { } hash && CryptographicOperations.FixedTimeEquals(hash, stored);
            }
        }
        if (!matched) return false;
        await using (var reader = await With(access, clinicId, actor.UserId).ExecuteReaderAsync())
            if (!await reader.ReadAsync() || reader.GetBoolean(0) || reader.IsDBNull(2)) return false;
        var wrong = Convert.ToInt32(await With(wrongToday, actor.UserId, now - TimeSpan.TicksPerDay).ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        if (wrong >= 20) return false;
        _ = await With(webhook, clinicId).ExecuteScalarAsync();

        var subject = treatmentId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await With(audit, actor.Name, actor.UserId, now, clinicId, $"token nº {sequence}; na cadeira", subject).ExecuteNonQueryAsync();
        await With(attempt, now, tokenId, treatmentId, actor.UserId).ExecuteNonQueryAsync();
        var tokens = await With(token, now, actor.UserId, tokenId, tokenVersion).ExecuteNonQueryAsync();
        var treatments = await With(treatmentUpdate, now, "F" + treatmentId.ToString("D9", System.Globalization.CultureInfo.InvariantCulture), treatmentId, treatmentVersion).ExecuteNonQueryAsync();
        var committing = System.Diagnostics.Stopwatch.GetTimestamp();
        await tx.CommitAsync();
        Interlocked.Add(ref commitTicks, System.Diagnostics.Stopwatch.GetTimestamp() - committing);
        return tokens == 1 && treatments == 1;
    }

    private static long commitTicks;

    /// <summary>Time all floor workers spent in COMMIT so far.</summary>
    public static TimeSpan CommitTime => System.Diagnostics.Stopwatch.GetElapsedTime(0, Interlocked.Read(ref commitTicks));

    public async ValueTask DisposeAsync()
    {
        foreach (var c in new[] { treatment, access, wrongToday, webhook, audit, attempt, token, treatmentUpdate }) await c.DisposeAsync();
        await connection.DisposeAsync();
    }
}
