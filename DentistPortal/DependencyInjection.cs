using DentistPortal.Domain.Tokens;
using DentistPortal.Features.Common;
using DentistPortal.Domain.Support;
using DentistPortal.Features.Treatments;
using DentistPortal.Infrastructure.Messaging;
using DentistPortal.Infrastructure.Pdf;
using DentistPortal.Infrastructure.Security;
using DentistPortal.Infrastructure.Data;
using DentistPortal.Infrastructure.Identity;
using FluentValidation;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DentistPortal;

public static class DependencyInjection
{
    /// <summary>
    /// The composition root's shared half (beside Program.cs, so Infrastructure never needs to know Features).
    /// Everything but the web pipeline: database, Identity stores, options, handlers and validators.
    /// Shared by Program.cs and the tests, so tests exercise the real registrations.
    /// </summary>
    public static IServiceCollection AddPortalCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);

        // Read when first resolved, not now: configuration added later (tests, command line) must win.
        // Database:Provider picks SQLite (embedded default) or PostgreSQL (several instances, issue 12): same model,
        // each with its own migrations; everybody asks for IDbContextFactory<AppDbContext>.
        void Configure(IServiceProvider sp, DbContextOptionsBuilder o, DatabaseProvider provider)
        {
            var connectionString = configuration.GetConnectionString("DefaultConnection")
                ?? throw new InvalidOperationException("ConnectionStrings:DefaultConnection is not configured.");
            if (provider == DatabaseProvider.PostgreSQL)
            {
                o.UseNpgsql(PostgresConnectionStrings.Resolve(connectionString));
            }
            else
            {
                var contentRoot = sp.GetService<IHostEnvironment>()?.ContentRootPath ?? AppContext.BaseDirectory;
                o.UseSqlite(SqliteConnectionStrings.Resolve(connectionString, contentRoot));
                // Issue 13 (no latency cliffs): this process's writers queue for the file instead of sleeping on SQLITE_BUSY.
                o.AddInterceptors(SqliteWriteGate.Interceptor.Instance);
                o.ReplaceService<Microsoft.EntityFrameworkCore.Storage.IRelationalTransactionFactory, SqliteWriteGate.TransactionFactory>();
            }
            // Issue 12: U+0000 and unpaired surrogates become U+FFFD on both providers (PostgreSQL cannot store them).
            o.AddInterceptors(StorableTextInterceptor.Instance);
            // Issue 11 (webhooks): token changes write their webhook events in their own transaction.
            o.AddInterceptors(new DentistPortal.Infrastructure.Webhooks.WebhookOutboxInterceptor(
                sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<DentistPortal.Infrastructure.Webhooks.WebhookSignal>()));
            // Crash tests only (issue 10): never outside Development, never without Testing:HoldCommit:Action.
            if (DentistPortal.Infrastructure.Diagnostics.CommitHold.FromConfiguration(configuration, sp.GetService<IHostEnvironment>()) is { } hold)
                o.AddInterceptors(hold);
        }

        // Both are registered; which one serves IDbContextFactory<AppDbContext> is read at first resolution, like the rest.
        services.AddDbContextFactory<AppDbContext>((sp, o) => Configure(sp, o, DatabaseProvider.Sqlite));
        services.AddDbContextFactory<PostgresAppDbContext>((sp, o) => Configure(sp, o, DatabaseProvider.PostgreSQL));
        services.Replace(ServiceDescriptor.Singleton<IDbContextFactory<AppDbContext>>(sp => new PortalDbContextFactory(sp, configuration)));
        services.Replace(ServiceDescriptor.Scoped(sp => sp.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext()));

        services.AddIdentityCore<ApplicationUser>(options =>
            {
                options.SignIn.RequireConfirmedAccount = true;
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 8;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.Stores.SchemaVersion = IdentitySchemaVersions.Version3;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<AppDbContext>()
            .AddSignInManager<PortalSignInManager>()
            .AddDefaultTokenProviders()
            .AddErrorDescriber<PortugueseIdentityErrorDescriber>()
            .AddClaimsPrincipalFactory<PortalClaimsPrincipalFactory>();

        services.Configure<OperatorOptions>(configuration.GetSection(OperatorOptions.Section));
        services.Configure<TokenPolicy>(configuration.GetSection(TokenPolicy.Section));
        services.Configure<DentistPortal.Domain.Beneficiaries.LookupGrantPolicy>(configuration.GetSection(DentistPortal.Domain.Beneficiaries.LookupGrantPolicy.Section));
        services.Configure<DentistPortal.Domain.Contingency.SignedGuidePolicy>(configuration.GetSection(DentistPortal.Domain.Contingency.SignedGuidePolicy.Section));
        services.Configure<Domain.Oversight.FraudSignalOptions>(configuration.GetSection(Domain.Oversight.FraudSignalOptions.Section));
        services.TryAddSingleton<ITokenCodeGenerator, RandomTokenCodeGenerator>();
        services.TryAddSingleton<IValidationReferenceGenerator, RandomValidationReferenceGenerator>();
        services.TryAddSingleton(sp => TokenHmacKeyRing.Load(sp.GetRequiredService<IConfiguration>(), sp.GetService<IHostEnvironment>(), sp.GetService<ILoggerFactory>()?.CreateLogger<TokenHmacKeyRing>()));
        services.TryAddSingleton<ITokenCodeProtector, TokenCodeProtector>();
        services.AddOptions<DentistPortal.Infrastructure.Web.RateLimitOptions>().Bind(configuration.GetSection(DentistPortal.Infrastructure.Web.RateLimitOptions.Section));
        services.TryAddSingleton<TokenValidationThrottle>();
        services.TryAddSingleton<ProcedureCatalog>();
        services.TryAddSingleton<DentistPortal.Infrastructure.Identity.OpenSessions>();
        services.TryAddSingleton<AccessCheck>();
        services.TryAddSingleton<DentistPortal.Features.Admin.CredentialReceipts>();
        services.AddTreatmentEvents(configuration);
        services.TryAddSingleton<DeliverySignal>();
        services.AddValidatorsFromAssemblyContaining<DemoDataSeeder>(includeInternalTypes: true);

        // One plain class per use case (STYLE.md): every *Handler under Features/ is injectable as itself.
        foreach (var type in typeof(DependencyInjection).Assembly.GetTypes()
                     .Where(t => t is { IsClass: true, IsAbstract: false } && t.Name.EndsWith("Handler", StringComparison.Ordinal)
                                 && t.Namespace?.StartsWith("DentistPortal.Features", StringComparison.Ordinal) == true))
            services.TryAddScoped(type);

        services.AddPortalMessaging(configuration);
        DentistPortal.Infrastructure.Webhooks.WebhookRegistration.AddPortalWebhooks(services, configuration);
        services.AddGuidePdf();
        services.TryAddSingleton<DentistPortal.Infrastructure.Storage.IScanInspector, DentistPortal.Infrastructure.Storage.ScanInspector>();
        services.TryAddSingleton<DentistPortal.Infrastructure.Storage.IScanStorage>(sp =>
            new DentistPortal.Infrastructure.Storage.FileScanStorage(configuration, sp.GetService<IHostEnvironment>()));
        // Issue 10: finishes or deletes uploads a stopped process left half done.
        services.AddHostedService<DentistPortal.Infrastructure.Storage.ScanStorageRecovery>();

        // Issue 9 §9: ends expired tokens (and prunes idempotency records) even when nobody touches them.
        services.TryAddSingleton<DentistPortal.Infrastructure.Maintenance.ExpirySweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<DentistPortal.Infrastructure.Maintenance.ExpirySweeper>());

        services.AddSingleton<DemoDataSeeder>();
        services.AddSingleton<DatabaseInitializer>();
        return services;
    }
}
