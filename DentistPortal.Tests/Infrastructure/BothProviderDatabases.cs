namespace DentistPortal.Tests.Infrastructure;

/// <summary>
/// A class fixture: one migrated, seeded <see cref="TestDatabase"/> per provider (SQLite and PostgreSQL) in one test
/// process, whatever <see cref="TestProvider"/> says, for the tests that compare the two or mix them (issue 12, issue 13).
/// </summary>
public class BothProviderDatabases : IAsyncLifetime
{
    public TestDatabase Sqlite { get; } = new OnSqlite();
    public TestDatabase Postgres { get; } = new OnPostgres();

    public virtual Task InitializeAsync() => Task.WhenAll(Sqlite.InitializeAsync(), Postgres.InitializeAsync());

    public Task DisposeAsync() => Task.WhenAll(Sqlite.DisposeAsync(), Postgres.DisposeAsync());

    private sealed class OnSqlite : TestDatabase
    {
        public override bool OnPostgreSql => false;
    }

    private sealed class OnPostgres : TestDatabase
    {
        public override bool OnPostgreSql => true;
    }
}
