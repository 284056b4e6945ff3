using DentistPortal.Features.Common;
using DentistPortal.Infrastructure.Data;
using DentistPortal.Infrastructure.Security;
using DentistPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DentistPortal.Tests.ScaleOut;

/// <summary>
/// One PostgreSQL database for several portal instances (issue 12), always on the run's throwaway server whatever
/// <see cref="TestProvider"/> says: the portal's own migrations and demo data, written by the test's "setup" services
/// (the real registrations, no background service running, clock at the real time so the instances and the setup agree).
/// The instances share its connection string, one Data Protection certificate and the token HMAC key ring.
/// </summary>
public sealed class SharedPostgres : TestDatabase, IAsyncLifetime
{
    public SharedPostgres() => Clock.SetUtcNow(TimeProvider.System.GetUtcNow());

    public string ConnectionString { get; } = TestPostgres.CreateDatabase();

    /// <summary>Folder of this database's certificates (and anything else the instances share on disk).</summary>
    public string SecretsFolder { get; } = Path.Combine(Path.GetTempPath(), "dentistportal-scaleout", Guid.NewGuid().ToString("N"));

    /// <summary>Codes the next tokens get, on whichever instance (random when empty).</summary>
    public ForcedCodeGenerator SharedCodes => Codes;

    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings => new Dictionary<string, string?>
    {
        ["Database:Provider"] = "PostgreSQL",
        ["ConnectionStrings:DefaultConnection"] = ConnectionString,
        ["DataProtection:Certificate:Path"] = CertificatePath(),
        ["DataProtection:Certificate:Password"] = ProductionSettings.CertificatePassword,
    };

    /// <summary>The setup services protect with the instances' keys (in the database, same certificate): what they write, an instance reads.</summary>
    protected override void AddServices(IServiceCollection services) => services.AddPortalKeyStorage();

    /// <summary>The certificate every instance encrypts the Data Protection keys with (or another, by name, for the refusal test).</summary>
    public string CertificatePath(string name = "shared")
    {
        Directory.CreateDirectory(SecretsFolder);
        var path = Path.Combine(SecretsFolder, name + ".pfx");
        if (!File.Exists(path)) File.WriteAllBytes(path, ProductionSettings.CertificatePfx("CN=DentistPortal Data Protection (" + name + ")"));
        return path;
    }

    /// <summary>Settings of an instance on this database (the same keys and certificate as the others unless changed).</summary>
    public Dictionary<string, string?> InstanceSettings(string certificate = "shared") => new()
    {
        ["Database:Provider"] = "PostgreSQL",
        ["ConnectionStrings:DefaultConnection"] = ConnectionString,
        ["DataProtection:Certificate:Path"] = CertificatePath(certificate),
        ["DataProtection:Certificate:Password"] = ProductionSettings.CertificatePassword,
        ["Messaging:Dispatcher:PollSeconds"] = "0.2",
        ["Webhooks:PollSeconds"] = "0.2",
    };

    public async Task<AppDbContext> ContextAsync() => await Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        TestPostgres.DropDatabase(ConnectionString);
        try { Directory.Delete(SecretsFolder, recursive: true); } catch (IOException) { }
    }
}

/// <summary>
/// A real portal instance (Program.cs in a test server, background dispatchers running) on a <see cref="SharedPostgres"/>
/// database: two of them are two instances behind one address. Codes come from the database's shared generator.
/// </summary>
public sealed class PortalInstance(SharedPostgres shared, IEnumerable<KeyValuePair<string, string?>>? settings = null, string certificate = "shared") : PortalFactory
{
    private readonly Dictionary<string, string?> settings = Merge(shared.InstanceSettings(certificate), settings);

    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings => settings;

    private static Dictionary<string, string?> Merge(Dictionary<string, string?> first, IEnumerable<KeyValuePair<string, string?>>? more)
    {
        foreach (var (k, v) in more ?? []) first[k] = v;
        return first;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(s => s.Replace(ServiceDescriptor.Singleton<ITokenCodeGenerator>(shared.SharedCodes)));
    }

    /// <summary>Starts the instance (migrations are already there; demo data is found, not written twice).</summary>
    public PortalInstance Started()
    {
        _ = Services;
        return this;
    }

    /// <summary>A use-case handler of this instance, in a scope of its own.</summary>
    public T Handler<T>() where T : notnull => Services.CreateScope().ServiceProvider.GetRequiredService<T>();

    public Task<Actor> ActorAsync(string email, string? clinicCnpj = DemoActors.SaoPauloCnpj) => DemoActors.ForAsync(Services, email, clinicCnpj);
}

/// <summary>
/// A test on its own <see cref="SharedPostgres"/> database with the instances it starts; everything disposed after it
/// (instances first, then the database).
/// </summary>
public abstract class ScaleOutTest : IAsyncLifetime
{
    protected readonly SharedPostgres db = new();
    private readonly List<PortalInstance> instances = [];

    protected TokenScenario Scenario => new(db);

    public virtual Task InitializeAsync() => db.InitializeAsync();

    /// <summary>Starts one more instance on the shared database.</summary>
    protected PortalInstance Start(IEnumerable<KeyValuePair<string, string?>>? settings = null, string certificate = "shared")
    {
        var instance = new PortalInstance(db, settings, certificate);
        instances.Add(instance);
        return instance.Started();
    }

    public virtual async Task DisposeAsync()
    {
        foreach (var instance in instances) await instance.DisposeAsync();
        await db.DisposeAsync();
    }
}
