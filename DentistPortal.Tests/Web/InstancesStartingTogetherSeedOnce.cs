using DentistPortal.Infrastructure.Data;
using DentistPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace DentistPortal.Tests.Web;

/// <summary>
/// Issue 12 (several instances on one database), found by an outside tester: two development instances started at the
/// same moment on one database both found the demo users missing, both created them, and one stopped at start with
/// "Demo data: Este usuário já existe". Start-up (migrations and demo data) now runs one instance at a time
/// (<see cref="StartupLock"/>); the later ones find it done. Both providers.
/// </summary>
public sealed class InstancesStartingTogetherSeedOnce : IDisposable
{
    private readonly string path = Path.Combine(Path.GetTempPath(), "dentistportal-tests", $"together-{Guid.NewGuid():N}.db");
    private readonly List<ServiceProvider> instances = [];

    [Fact]
    public async Task FourInstancesStartingAtOnceAllStartAndTheDemoDataIsThereOnce()
    {
        for (var i = 0; i < 4; i++) instances.Add(Instance());
        using var start = new Barrier(instances.Count);
        var starts = instances.Select(sp => Task.Factory.StartNew(() =>
        {
            start.SignalAndWait(TimeSpan.FromSeconds(30));
            sp.GetRequiredService<DatabaseInitializer>().InitializeAsync().GetAwaiter().GetResult();
        }, TaskCreationOptions.LongRunning)).ToArray();

        await Task.WhenAll(starts); // before: InvalidOperationException "Demo data: Este usuário já existe" in all but one

        await using var db = await instances[0].GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        Assert.Equal(1, await db.Users.CountAsync(u => u.NormalizedEmail == "DENTISTA@DEMO.LOCAL"));
        Assert.Equal(1, await db.Clinics.CountAsync(c => c.Cnpj == DemoActors.SaoPauloCnpj));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!, Path.GetFileName(path) + ".startup.lock")); // released
    }

    /// <summary>One portal instance's services on the shared database (its own container, pools and caches).</summary>
    private ServiceProvider Instance()
    {
        var settings = TestDatabase.Settings(path);
        var folder = Path.Combine(Path.GetDirectoryName(path)!, Path.GetFileNameWithoutExtension(path));
        settings["DataProtection:KeysFolder"] = Path.Combine(folder, "keys");
        settings["Storage:SignedGuidesFolder"] = Path.Combine(folder, "scans");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton(TimeProvider.System);
        TestDatabase.AddPortal(services, configuration);
        services.AddSingleton<Microsoft.Extensions.Hosting.IHostEnvironment>(new Microsoft.Extensions.Hosting.Internal.HostingEnvironment
        {
            EnvironmentName = "Testing", ApplicationName = "DentistPortal", ContentRootPath = AppContext.BaseDirectory,
        });
        return services.BuildServiceProvider();
    }

    public void Dispose()
    {
        foreach (var sp in instances) sp.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        TestDatabase.DropDatabaseFor(path);
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            File.Delete(path + suffix);
    }
}
