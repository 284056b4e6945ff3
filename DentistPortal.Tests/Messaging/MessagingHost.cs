using DentistPortal.Domain.Messaging;
using DentistPortal.Features.Common;
using DentistPortal.Features.Tokens;
using DentistPortal.Features.Treatments;
using DentistPortal.Infrastructure.Data;
using DentistPortal.Infrastructure.Messaging;
using DentistPortal.Infrastructure.Security;
using DentistPortal.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace DentistPortal.Tests.Messaging;

/// <summary>
/// The portal's real registrations (AddPortalCore + AddPortalMessaging) on a private database copied from a
/// migrated, seeded template (made once per test run; a SQLite file copy, or <c>CREATE DATABASE … TEMPLATE</c> on
/// PostgreSQL), with a fake clock, forced codes and captured logs.
/// One host per test: the outbox worker processes every due delivery in its database, so tests must not share one.
/// </summary>
public sealed class MessagingHost : IAsyncDisposable
{
    public const string Code = "004219";
    public const string SacNumber = "0800-700-0001";
    public const string MariaCpf = "52998224725";
    public const string MariaMobile = "+5511987654321";
    public const string MariaEmail = "maria.silva@exemplo.com.br";

    public static readonly DateTimeOffset Start = new(2026, 11, 25, 13, 0, 0, TimeSpan.Zero);

    private static readonly SemaphoreSlim TemplateLock = new(1, 1);
    private static string? templatePath;

    private readonly string filePath;

    private MessagingHost(string? path = null) =>
        filePath = path ?? Path.Combine(Path.GetTempPath(), "dentistportal-tests", $"messaging-{Guid.NewGuid():N}.db");

    public FakeTimeProvider Clock { get; } = new(Start);
    public ForcedCodeGenerator Codes { get; } = new();
    public CapturingLoggerProvider Logs { get; } = new();
    public ServiceProvider Services { get; private set; } = default!;

    public DeliveryWorker Worker => Services.GetRequiredService<DeliveryWorker>();

    /// <summary>Settings every messaging test shares; a test's own settings override them.</summary>
    public static Dictionary<string, string?> BaseSettings(string dbPath)
    {
        var settings = TestDatabase.Settings(dbPath);
        settings["Operator:SmsName"] = "Sorriso Pleno";
        settings["Operator:Channels:1:Key"] = "sac";
        settings["Operator:Channels:1:Name"] = "SAC";
        settings["Operator:Channels:1:Phones:0:Number"] = SacNumber;
        settings["Operator:Channels:1:Phones:0:Note"] = "todas as localidades";
        settings["Operator:Channels:1:HoursText"] = "todos os dias da semana, 24h por dia";
        settings["Messaging:Sms:Provider"] = "DevInbox";
        settings["Messaging:Email:Provider"] = "DevInbox";
        settings["Messaging:Dispatcher:MaxAttempts"] = "4";
        settings["Messaging:Dispatcher:BaseDelaySeconds"] = "5";
        settings["Messaging:Dispatcher:MaxDelaySeconds"] = "60";
        settings["Messaging:Dispatcher:LeaseSeconds"] = "60";
        settings["Messaging:Dispatcher:BatchSize"] = "20";
        return settings;
    }

    public static async Task<MessagingHost> StartAsync(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
    {
        var template = await TemplateAsync();
        var host = new MessagingHost();
        Directory.CreateDirectory(Path.GetDirectoryName(host.filePath)!);
        TestDatabase.CopyDatabase(template, host.filePath);
        host.Build(settings, configure);
        return host;
    }

    private void Build(IDictionary<string, string?>? overrides, Action<IServiceCollection>? configure)
    {
        var settings = BaseSettings(filePath);
        foreach (var (k, v) in overrides ?? new Dictionary<string, string?>()) settings[k] = v;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton<ITokenCodeGenerator>(Codes);
        TestDatabase.AddPortal(services, configuration);
        services.AddLogging(b => b.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
        services.AddSingleton<Microsoft.Extensions.Hosting.IHostEnvironment>(new TestHostEnvironment());
        // AddPortalCore will call AddPortalMessaging; until it does, the tests register it themselves.
        if (!services.Any(d => d.ServiceType == typeof(DeliveryWorker))) services.AddPortalMessaging(configuration);
        configure?.Invoke(services);
        Services = services.BuildServiceProvider();
    }

    /// <summary>Migrations and demo data once per test run; every host copies the file.</summary>
    private static async Task<string> TemplateAsync()
    {
        await TemplateLock.WaitAsync();
        try
        {
            if (templatePath is not null) return templatePath;
            var path = Path.Combine(Path.GetTempPath(), "dentistportal-tests", $"messaging-template-{Guid.NewGuid():N}.db");
            var host = new MessagingHost(path);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            host.Build(null, null);
            await host.Services.GetRequiredService<DatabaseInitializer>().InitializeAsync();
            await host.Services.DisposeAsync();
            SqliteConnection.ClearAllPools(); // closes the file: the WAL is checkpointed into it
            AppDomain.CurrentDomain.ProcessExit += (_, _) => DeleteDatabase(path);
            templatePath = path;
            return path;
        }
        finally
        {
            TemplateLock.Release();
        }
    }

    public async Task<AppDbContext> DbAsync() =>
        await Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();

    /// <summary>A submitted treatment for Maria (or <paramref name="cpfOrCard"/>) at Clínica Sorriso Paulista and its token, through the real handlers.</summary>
    public async Task<GeneratedTreatment> GenerateTokenAsync(string code = Code, string cpfOrCard = MariaCpf)
    {
        var dentist = await DemoActors.ForAsync(Services, "dentista@demo.local", DemoActors.SaoPauloCnpj);
        var maria = await LookupReferences.ForAsync(Services, dentist, cpfOrCard);

        using var scope = Services.CreateScope();
        var created = await scope.ServiceProvider.GetRequiredService<CreateTreatmentHandler>()
            .HandleAsync(new(maria, [new TreatmentItemInput("81000030", null, null, null)]), dentist);
        Assert.True(created.IsOk, string.Join("; ", created.Errors));
        var submitted = await scope.ServiceProvider.GetRequiredService<SubmitForAuthorizationHandler>().HandleAsync(new(created.Value!.Id), dentist);
        Assert.True(submitted.IsOk, string.Join("; ", submitted.Errors));
        Codes.Enqueue(code);
        var generated = await scope.ServiceProvider.GetRequiredService<GenerateTokenHandler>().HandleAsync(new(created.Value.Id), dentist);
        Assert.True(generated.IsOk, string.Join("; ", generated.Errors));

        await using var ctx = await DbAsync();
        var treatment = await ctx.Treatments.AsNoTracking().SingleAsync(t => t.Id == created.Value.Id);
        return new GeneratedTreatment(treatment.Id, treatment.Number, generated.Value!.TokenId, dentist);
    }

    /// <summary>A new token for the same treatment: the active one is superseded (TR-4).</summary>
    public async Task<int> RegenerateAsync(GeneratedTreatment t, string code)
    {
        using var scope = Services.CreateScope();
        Codes.Enqueue(code);
        var generated = await scope.ServiceProvider.GetRequiredService<GenerateTokenHandler>().HandleAsync(new(t.TreatmentId), t.Dentist);
        Assert.True(generated.IsOk, string.Join("; ", generated.Errors));
        return generated.Value!.TokenId;
    }

    public async Task<Delivery> DeliveryAsync(int treatmentId, DeliveryChannel channel)
    {
        await using var db = await DbAsync();
        return await db.Deliveries.AsNoTracking().SingleAsync(d => d.TreatmentId == treatmentId && d.Channel == channel);
    }

    public async Task<List<DevMessage>> DevInboxAsync()
    {
        await using var db = await DbAsync();
        return await db.DevMessages.AsNoTracking().OrderBy(m => m.Id).ToListAsync();
    }

    public async Task<List<Delivery>> DeliveriesAsync()
    {
        await using var db = await DbAsync();
        return await db.Deliveries.AsNoTracking().OrderBy(d => d.Id).ToListAsync();
    }

    /// <summary>Moves the clock to when the delivery may be tried again.</summary>
    public async Task AdvanceToNextAttemptAsync(long deliveryId)
    {
        await using var db = await DbAsync();
        var next = await db.Deliveries.Where(d => d.Id == deliveryId).Select(d => d.NextAttemptAtUtc).SingleAsync();
        if (next > Clock.GetUtcNow()) Clock.SetUtcNow(next);
    }

    /// <summary>No log line of the run carries the code (nor, therefore, a message text).</summary>
    public void AssertNoCodeInLogs(string code = Code)
    {
        Assert.NotEmpty(Logs.Lines);
        var leaks = Logs.Lines.Where(l => l.Contains(code, StringComparison.Ordinal)).ToList();
        Assert.True(leaks.Count == 0, "The code reached the logs:\n" + string.Join("\n", leaks));
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        DeleteDatabase(filePath);
    }

    private static void DeleteDatabase(string path)
    {
        TestDatabase.DropDatabaseFor(path);
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            try { File.Delete(path + suffix); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private sealed class TestHostEnvironment : Microsoft.Extensions.Hosting.IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Testing";
        public string ApplicationName { get; set; } = "DentistPortal";
        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;
        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = new Microsoft.Extensions.FileProviders.NullFileProvider();
    }
}

public sealed record GeneratedTreatment(int TreatmentId, string Number, int TokenId, Actor Dentist);
