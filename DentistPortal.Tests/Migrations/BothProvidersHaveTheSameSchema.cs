using System.Data.Common;
using DentistPortal.Domain.Tokens;
using DentistPortal.Domain.Treatments;
using DentistPortal.Infrastructure.Data;
using DentistPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace DentistPortal.Tests.Migrations;

/// <summary>
/// Issue 12 (Provider by configuration): "the same model, indexes and concurrency tokens on both". The real migrations
/// applied to a fresh SQLite file and to a fresh PostgreSQL database give the same tables, columns and nullability, primary
/// keys, indexes (unique ones with their filters) and foreign keys, read back from each database's own catalog; neither
/// context has model changes without a migration; the partial unique index "one active token per treatment" and the
/// Version concurrency tokens hold on both. Runs whatever <see cref="TestProvider"/> says.
/// </summary>
[Trait("Provider", "Both")]
public sealed class BothProvidersHaveTheSameSchema(BothProvidersHaveTheSameSchema.Databases databases)
    : IClassFixture<BothProvidersHaveTheSameSchema.Databases>
{
    /// <summary>One migrated, seeded database per provider, and the schema each one's catalog describes.</summary>
    public sealed class Databases : BothProviderDatabases
    {
        public DatabaseSchema SqliteSchema { get; private set; } = default!;
        public DatabaseSchema PostgresSchema { get; private set; } = default!;

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            SqliteSchema = await DatabaseSchema.ReadAsync(Sqlite);
            PostgresSchema = await DatabaseSchema.ReadAsync(Postgres);
        }
    }

    public static TheoryData<bool> Providers => new() { false, true };

    private TestDatabase On(bool postgreSql) => postgreSql ? databases.Postgres : databases.Sqlite;

    [Fact]
    public void BothDatabasesHaveTheSameTables() =>
        AssertSame(databases.SqliteSchema.Columns.Select(c => c.Table).Distinct(), databases.PostgresSchema.Columns.Select(c => c.Table).Distinct());

    [Fact]
    public void BothDatabasesHaveTheSameColumnsAndTheSameNullability() =>
        AssertSame(databases.SqliteSchema.Columns.Select(c => c.ToString()), databases.PostgresSchema.Columns.Select(c => c.ToString()));

    [Fact]
    public void BothDatabasesHaveTheSamePrimaryKeys() =>
        AssertSame(databases.SqliteSchema.PrimaryKeys, databases.PostgresSchema.PrimaryKeys);

    [Fact]
    public void BothDatabasesHaveTheSameIndexesWithTheSameUniquenessAndFilters()
    {
        AssertSame(databases.SqliteSchema.Indexes.Select(i => i.ToString()), databases.PostgresSchema.Indexes.Select(i => i.ToString()));
        Assert.Contains("Tokens.IX_Tokens_OneActivePerTreatment (TreatmentId) unique where Status='Active'",
            databases.PostgresSchema.Indexes.Select(i => i.ToString()));
    }

    [Fact]
    public void BothDatabasesHaveTheSameForeignKeys() =>
        AssertSame(databases.SqliteSchema.ForeignKeys, databases.PostgresSchema.ForeignKeys);

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task TheModelHasNoChangesWithoutAMigration(bool postgreSql)
    {
        await using var db = await new TokenScenario(On(postgreSql)).ContextAsync();
        Assert.Equal(postgreSql ? typeof(PostgresAppDbContext) : typeof(AppDbContext), db.GetType());
        Assert.False(db.Database.HasPendingModelChanges(), $"{db.GetType().Name} has model changes without a migration");
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ASecondActiveTokenForATreatmentIsRefusedButEndedOnesMayBeMany(bool postgreSql)
    {
        var scenario = new TokenScenario(On(postgreSql));
        var treatmentId = await scenario.SubmittedTreatmentAsync();
        var token = await scenario.GenerateAsync(treatmentId, "381902");
        await using var db = await scenario.ContextAsync();

        // Rows written behind the domain's back, as a second instance racing this one could: only the index stands in the way.
        await CopyTokenAsync(db, token.TokenId, TokenStatus.Superseded, sequenceOffset: 100);
        await CopyTokenAsync(db, token.TokenId, TokenStatus.Expired, sequenceOffset: 101);
        var refused = await Assert.ThrowsAnyAsync<DbException>(() => CopyTokenAsync(db, token.TokenId, TokenStatus.Active, sequenceOffset: 102));

        Assert.True(DbRetry.IsUniqueViolation(refused, "Tokens"), refused.Message);
        Assert.Equal(1, await db.Tokens.CountAsync(t => t.TreatmentId == treatmentId && t.Status == TokenStatus.Active));
        Assert.Equal(3, await db.Tokens.CountAsync(t => t.TreatmentId == treatmentId));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AStaleUpdateOfATreatmentOrATokenFailsAsAConcurrencyConflict(bool postgreSql)
    {
        var scenario = new TokenScenario(On(postgreSql));
        var treatmentId = await scenario.SubmittedTreatmentAsync();
        var token = await scenario.GenerateAsync(treatmentId, "552071");

        await using (var first = await scenario.ContextAsync())
        await using (var second = await scenario.ContextAsync())
        {
            var mine = await first.Treatments.SingleAsync(t => t.Id == treatmentId);
            var theirs = await second.Treatments.SingleAsync(t => t.Id == treatmentId);
            mine.Touch();
            theirs.Touch();
            await first.SaveChangesAsync();
            await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync());
        }

        await using (var first = await scenario.ContextAsync())
        await using (var second = await scenario.ContextAsync())
        {
            var mine = await first.Tokens.SingleAsync(t => t.Id == token.TokenId);
            var theirs = await second.Tokens.SingleAsync(t => t.Id == token.TokenId);
            first.Entry(mine).Property(t => t.Version).CurrentValue++;
            second.Entry(theirs).Property(t => t.Version).CurrentValue++;
            await first.SaveChangesAsync();
            await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync());
        }
    }

    /// <summary>Inserts a copy of a token row with another status and sequence, in SQL both providers speak (names from the model).</summary>
    private static async Task CopyTokenAsync(AppDbContext db, int tokenId, TokenStatus status, int sequenceOffset)
    {
        var entity = db.Model.FindEntityType(typeof(AttendanceToken))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var columns = entity.GetProperties().Where(p => !p.IsPrimaryKey()).Select(p => p.GetColumnName(table)!).ToList();
        var values = columns.Select(c => c switch
        {
            "Status" => $"'{status}'",
            "Sequence" => $"\"Sequence\" + {sequenceOffset}",
            _ => $"\"{c}\"",
        });
#pragma warning disable EF1002 // names from the model and an enum value, not user input
        await db.Database.ExecuteSqlRawAsync(
            $"INSERT INTO \"{table.Name}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) SELECT {string.Join(", ", values)} FROM \"{table.Name}\" WHERE \"Id\" = {tokenId}");
#pragma warning restore EF1002
    }

    private static void AssertSame(IEnumerable<string> sqlite, IEnumerable<string> postgres)
    {
        var onlySqlite = sqlite.Except(postgres).Order(StringComparer.Ordinal).ToList();
        var onlyPostgres = postgres.Except(sqlite).Order(StringComparer.Ordinal).ToList();
        Assert.True(onlySqlite.Count == 0 && onlyPostgres.Count == 0,
            $"Only on SQLite:\n  {string.Join("\n  ", onlySqlite)}\nOnly on PostgreSQL:\n  {string.Join("\n  ", onlyPostgres)}");
        Assert.NotEmpty(sqlite);
    }
}

/// <summary>A database's schema as its own catalog tells it (not as the EF model says), in provider-neutral lines.</summary>
public sealed record DatabaseSchema(
    IReadOnlyList<DatabaseSchema.Column> Columns, IReadOnlyList<string> PrimaryKeys, IReadOnlyList<DatabaseSchema.Index> Indexes,
    IReadOnlyList<string> ForeignKeys)
{
    public sealed record Column(string Table, string Name, bool Nullable)
    {
        public override string ToString() => $"{Table}.{Name} {(Nullable ? "null" : "not null")}";
    }

    public sealed record Index(string Table, string Name, string Columns, bool Unique, string? Filter)
    {
        public override string ToString() => $"{Table}.{Name} ({Columns}){(Unique ? " unique" : "")}{(Filter is null ? "" : " where " + Filter)}";
    }

    /// <summary>EF's own bookkeeping tables (migrations history and lock) are not the portal's schema.</summary>
    private static bool IsPortalTable(string table) => !table.StartsWith("__EF", StringComparison.Ordinal) && !table.StartsWith("sqlite_", StringComparison.Ordinal);

    public static async Task<DatabaseSchema> ReadAsync(TestDatabase database)
    {
        await using var db = await new TokenScenario(database).ContextAsync();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        return db.Database.IsNpgsql() ? await ReadPostgresAsync(connection) : await ReadSqliteAsync(connection);
    }

    private static async Task<DatabaseSchema> ReadSqliteAsync(DbConnection connection)
    {
        const string Tables = "(SELECT name FROM sqlite_master WHERE type = 'table')";
        var tableColumns = (await QueryAsync(connection,
                $"SELECT m.name, p.name, p.\"notnull\", p.pk FROM {Tables} m JOIN pragma_table_info(m.name) p",
                r => (Column: new Column(r.GetString(0), r.GetString(1), r.GetInt64(2) == 0), Pk: r.GetInt64(3))))
            .Where(c => IsPortalTable(c.Column.Table)).ToList();
        var columns = tableColumns.Select(c => c.Column).ToList();
        var primaryKeys = tableColumns.Where(c => c.Pk > 0).GroupBy(c => c.Column.Table)
            .Select(g => $"{g.Key} ({string.Join(',', g.OrderBy(c => c.Pk).Select(c => c.Column.Name))})").ToList();
        var indexes = (await QueryAsync(connection,
                $"""
                SELECT m.name, l.name, l."unique", i.sql, c.seqno, c.name
                FROM {Tables} m JOIN pragma_index_list(m.name) l JOIN pragma_index_info(l.name) c
                LEFT JOIN sqlite_master i ON i.type = 'index' AND i.name = l.name
                WHERE l.origin <> 'pk'
                """,
                r => (Table: r.GetString(0), Name: r.GetString(1), Unique: r.GetInt64(2) == 1, Sql: r.IsDBNull(3) ? null : r.GetString(3),
                    Seq: r.GetInt64(4), ColumnName: r.GetString(5))))
            .Where(i => IsPortalTable(i.Table))
            .GroupBy(i => (i.Table, i.Name, i.Unique, i.Sql))
            .Select(g => new Index(g.Key.Table, g.Key.Name, string.Join(',', g.OrderBy(c => c.Seq).Select(c => c.ColumnName)), g.Key.Unique,
                g.Key.Sql is null ? null : SqliteFilter(g.Key.Sql)))
            .ToList();
        var foreignKeys = (await QueryAsync(connection,
                $"SELECT m.name, f.id, f.seq, f.\"table\", f.\"from\", f.\"to\", f.on_delete FROM {Tables} m JOIN pragma_foreign_key_list(m.name) f",
                r => (Table: r.GetString(0), Id: r.GetInt64(1), Seq: r.GetInt64(2), Principal: r.GetString(3), From: r.GetString(4),
                    To: r.GetString(5), OnDelete: r.GetString(6))))
            .Where(f => IsPortalTable(f.Table))
            .GroupBy(f => (f.Table, f.Id, f.Principal, f.OnDelete))
            .Select(g => $"{g.Key.Table} ({string.Join(',', g.OrderBy(f => f.Seq).Select(f => f.From))}) -> {g.Key.Principal} ({string.Join(',', g.OrderBy(f => f.Seq).Select(f => f.To))}) on delete {g.Key.OnDelete}")
            .ToList();
        return new(columns, primaryKeys, indexes, foreignKeys);
    }

    private static async Task<DatabaseSchema> ReadPostgresAsync(DbConnection connection)
    {
        const string Schema = "current_schema()";
        var columns = (await QueryAsync(connection,
                $"""
                SELECT c.table_name, c.column_name, c.is_nullable = 'YES'
                FROM information_schema.columns c JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
                WHERE c.table_schema = {Schema} AND t.table_type = 'BASE TABLE'
                """,
                r => new Column(r.GetString(0), r.GetString(1), r.GetBoolean(2))))
            .Where(c => IsPortalTable(c.Table)).ToList();
        const string IndexColumns =
            "array_to_string(ARRAY(SELECT a.attname FROM unnest(x.indkey) WITH ORDINALITY k(attnum, ord) JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum ORDER BY k.ord), ',')";
        var all = await QueryAsync(connection,
            $"""
            SELECT t.relname, i.relname, x.indisunique, x.indisprimary, pg_get_expr(x.indpred, x.indrelid), {IndexColumns}
            FROM pg_index x JOIN pg_class t ON t.oid = x.indrelid JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_namespace n ON n.oid = t.relnamespace
            WHERE n.nspname = {Schema}
            """,
            r => (Primary: r.GetBoolean(3),
                Index: new Index(r.GetString(0), r.GetString(1), r.GetString(5), r.GetBoolean(2), r.IsDBNull(4) ? null : Normalize(r.GetString(4)))));
        var primaryKeys = all.Where(i => i.Primary && IsPortalTable(i.Index.Table)).Select(i => $"{i.Index.Table} ({i.Index.Columns})").ToList();
        var indexes = all.Where(i => !i.Primary && IsPortalTable(i.Index.Table)).Select(i => i.Index).ToList();
        const string KeyColumns =
            "array_to_string(ARRAY(SELECT a.attname FROM unnest({0}) WITH ORDINALITY k(attnum, ord) JOIN pg_attribute a ON a.attrelid = {1} AND a.attnum = k.attnum ORDER BY k.ord), ',')";
        var foreignKeys = (await QueryAsync(connection,
                $"""
                SELECT t.relname, p.relname, {string.Format(KeyColumns, "c.conkey", "c.conrelid")}, {string.Format(KeyColumns, "c.confkey", "c.confrelid")},
                       CASE c.confdeltype WHEN 'a' THEN 'NO ACTION' WHEN 'r' THEN 'RESTRICT' WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL' ELSE 'SET DEFAULT' END
                FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_class p ON p.oid = c.confrelid JOIN pg_namespace n ON n.oid = c.connamespace
                WHERE c.contype = 'f' AND n.nspname = {Schema}
                """,
                r => (Table: r.GetString(0), Line: $"{r.GetString(0)} ({r.GetString(2)}) -> {r.GetString(1)} ({r.GetString(3)}) on delete {r.GetString(4)}")))
            .Where(f => IsPortalTable(f.Table)).Select(f => f.Line).ToList();
        return new(columns, primaryKeys, indexes, foreignKeys);
    }

    /// <summary>The WHERE of a SQLite CREATE INDEX statement, normalized.</summary>
    private static string? SqliteFilter(string createIndex)
    {
        var where = createIndex.IndexOf(" WHERE ", StringComparison.OrdinalIgnoreCase);
        return where < 0 ? null : Normalize(createIndex[(where + 7)..]);
    }

    /// <summary>A filter without what each catalog adds of its own: quotes, brackets, parentheses, casts, spaces.</summary>
    private static string Normalize(string filter)
    {
        var s = filter;
        foreach (var cast in new[] { "::character varying", "::text", "::bigint", "::integer" }) s = s.Replace(cast, "", StringComparison.Ordinal);
        foreach (var noise in new[] { "\"", "[", "]", "(", ")" }) s = s.Replace(noise, "", StringComparison.Ordinal);
        return System.Text.RegularExpressions.Regex.Replace(s, @"\s+", " ").Replace(" = ", "=", StringComparison.Ordinal).Trim();
    }

    private static async Task<List<T>> QueryAsync<T>(DbConnection connection, string sql, Func<DbDataReader, T> read)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync()) rows.Add(read(reader));
        return rows;
    }
}
