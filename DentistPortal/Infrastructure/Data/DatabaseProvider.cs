using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Infrastructure.Data;

/// <summary>Which database the portal runs on: <c>Database:Provider</c> (issue 12).</summary>
public enum DatabaseProvider
{
    /// <summary>One embedded file (the default for <c>dotnet run</c>, a single instance).</summary>
    Sqlite,

    /// <summary>A PostgreSQL server shared by several portal instances.</summary>
    PostgreSQL,
}

public static class DatabaseProviders
{
    public const string Setting = "Database:Provider";

    /// <summary>Reads <c>Database:Provider</c> (case-insensitive; default Sqlite); throws naming the setting on any other value.</summary>
    public static DatabaseProvider FromConfiguration(IConfiguration configuration) =>
        configuration[Setting] switch
        {
            null or "" => DatabaseProvider.Sqlite,
            var v when v.Equals("Sqlite", StringComparison.OrdinalIgnoreCase) => DatabaseProvider.Sqlite,
            var v when v.Equals("PostgreSQL", StringComparison.OrdinalIgnoreCase) || v.Equals("Postgres", StringComparison.OrdinalIgnoreCase)
                || v.Equals("Npgsql", StringComparison.OrdinalIgnoreCase) => DatabaseProvider.PostgreSQL,
            var v => throw new InvalidOperationException($"{Setting} is \"{v}\": use Sqlite or PostgreSQL."),
        };

    /// <summary>True when this context talks to PostgreSQL.</summary>
    public static bool IsPostgreSql(this Microsoft.EntityFrameworkCore.Infrastructure.DatabaseFacade database) => database.IsNpgsql();
}

/// <summary>
/// The PostgreSQL flavour of <see cref="AppDbContext"/>: the same model, but its own migrations
/// (<c>Infrastructure/Data/Migrations/PostgreSQL</c>). Code everywhere asks for <see cref="AppDbContext"/>; the factory
/// hands out this type when <c>Database:Provider</c> is PostgreSQL.
/// </summary>
public sealed class PostgresAppDbContext(DbContextOptions<PostgresAppDbContext> options) : AppDbContext(options);

/// <summary>
/// What every <c>IDbContextFactory&lt;AppDbContext&gt;</c> consumer gets: plain <see cref="AppDbContext"/> on SQLite, the
/// <see cref="PostgresAppDbContext"/> (its own migrations) on PostgreSQL, per <c>Database:Provider</c> read when the
/// factory is first resolved (so configuration added after registration, e.g. by a test host, counts).
/// </summary>
internal sealed class PortalDbContextFactory(IServiceProvider services, IConfiguration configuration) : IDbContextFactory<AppDbContext>
{
    private readonly DatabaseProvider provider = DatabaseProviders.FromConfiguration(configuration);
    private IDbContextFactory<PostgresAppDbContext>? postgres;
    private DbContextOptions<AppDbContext>? sqlite;

    public AppDbContext CreateDbContext() => provider == DatabaseProvider.PostgreSQL
        ? (postgres ??= services.GetRequiredService<IDbContextFactory<PostgresAppDbContext>>()).CreateDbContext()
        : new AppDbContext(sqlite ??= services.GetRequiredService<DbContextOptions<AppDbContext>>());

    public async Task<AppDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
        provider == DatabaseProvider.PostgreSQL
            ? await (postgres ??= services.GetRequiredService<IDbContextFactory<PostgresAppDbContext>>()).CreateDbContextAsync(cancellationToken)
            : CreateDbContext();
}
