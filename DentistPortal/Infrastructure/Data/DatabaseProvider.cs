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

/// <summary>
/// Design time (<c>dotnet ef … --context AppDbContext</c>): the SQLite model and migrations, never opened. Each provider
/// has its own factory so the tools never have to start the portal to find either context.
/// </summary>
internal sealed class SqliteDesignTimeFactory : Microsoft.EntityFrameworkCore.Design.IDesignTimeDbContextFactory<AppDbContext>
{
    public AppDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<AppDbContext>().UseSqlite("Data Source=design-time.db")
            .UseApplicationServiceProvider(DesignTime.Services).Options);
}

internal static class DesignTime
{
    /// <summary>What shapes the model besides the configurations: Identity's schema version (passkeys table), as AddPortalCore sets it.</summary>
    public static readonly IServiceProvider Services = new ServiceCollection()
        .Configure<Microsoft.AspNetCore.Identity.IdentityOptions>(o => o.Stores.SchemaVersion = Microsoft.AspNetCore.Identity.IdentitySchemaVersions.Version3)
        .BuildServiceProvider();
}

/// <summary>Design time (<c>dotnet ef … --context PostgresAppDbContext --output-dir Infrastructure/Data/Migrations/PostgreSQL</c>): never opened.</summary>
internal sealed class PostgresDesignTimeFactory : Microsoft.EntityFrameworkCore.Design.IDesignTimeDbContextFactory<PostgresAppDbContext>
{
    public PostgresAppDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresAppDbContext>().UseNpgsql("Host=localhost;Database=dentistportal_design")
            .UseApplicationServiceProvider(DesignTime.Services).Options);
}
