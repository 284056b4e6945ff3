using DentistPortal.Features.Beneficiaries;
using DentistPortal.Features.Common;
using DentistPortal.Features.Tokens;
using DentistPortal.Features.Treatments;
using DentistPortal.Infrastructure.Data;
using DentistPortal.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace DentistPortal.Bench.Shared;

// Linked into the three benchmarks (bench/DentistPortal.Bench, .BrowserBench, .CircuitBench), hence internal: the test
// project references the browser bench, and no bench exposes it.

/// <summary>
/// The portal's own services (<c>AddPortalCore</c>) without a web host, over the database its settings name, wired like
/// the tests' TestDatabase: what the benchmarks use to seed the demo data and to prepare what they measure through the
/// real handlers acting as a demo user (a beneficiary lookup, a submitted treatment with an active token), never rows
/// written by hand.
/// </summary>
internal static class PortalServices
{
    public const string DentistEmail = "dentista@demo.local";
    public const string SaoPauloCnpj = "11222333000181";
    /// <summary>Maria Aparecida da Silva, holder with two dependents (README, demo data).</summary>
    public const string MariaCpf = "52998224725";

    /// <summary>
    /// A container on the app's own appsettings.json (copied next to the bench's binary by the project reference) with
    /// <paramref name="settings"/> over it (configuration keys with ':'). <paramref name="codes"/>, when given, is
    /// registered before <c>AddPortalCore</c> (which uses TryAdd), so the bench decides the tokens' codes;
    /// <paramref name="configure"/> runs after it and adds logging, Data Protection and any DbContext interceptors.
    /// <paramref name="contentRoot"/> and <paramref name="environmentName"/> make the <see cref="IHostEnvironment"/> the
    /// portal's services read (SQLite relative paths, scan storage, development certificate).
    /// </summary>
    public static ServiceProvider Build(IReadOnlyDictionary<string, string?> settings, string contentRoot, Action<IServiceCollection> configure,
        string environmentName = "Benchmark", ITokenCodeGenerator? codes = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddInMemoryCollection(settings)
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        if (codes is not null) services.AddSingleton<ITokenCodeGenerator>(codes);
        services.AddPortalCore(configuration);
        configure(services);
        services.AddSingleton<IHostEnvironment>(new Environment(environmentName, contentRoot));
        return services.BuildServiceProvider();
    }

    /// <summary>Creates or migrates the database and seeds the demo data as the portal's startup does (per its settings).</summary>
    public static Task InitializeDatabaseAsync(IServiceProvider services) => services.GetRequiredService<DatabaseInitializer>().InitializeAsync();

    /// <summary>The actor the sign-in cookie would carry (same query as the tests' DemoActors.ForAsync).</summary>
    public static async Task<Actor> ActorAsync(IServiceProvider services, string email, string? clinicCnpj)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var user = await db.Users.SingleAsync(u => u.Email == email);
        var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == user.Id select r.Name!).ToListAsync();
        int? clinicId = null;
        if (clinicCnpj is not null) clinicId = await db.Clinics.Where(c => c.Cnpj == clinicCnpj).Select(c => c.Id).SingleAsync();
        return new Actor(user.Id, user.FullName, roles.ToHashSet(), clinicId);
    }

    /// <summary>The dentist's lookup of a beneficiary by CPF (issue 9 §2, the only way to a reference): its reference.</summary>
    public static async Task<string> LookupAsync(IServiceProvider services, Actor dentist, string cpf)
    {
        await using var scope = services.CreateAsyncScope();
        var found = await scope.ServiceProvider.GetRequiredService<LookupBeneficiaryHandler>().HandleAsync(new LookupBeneficiaryQuery(cpf), dentist);
        return found.Value?.Found.Reference ?? throw new InvalidOperationException("Lookup failed: " + string.Join("; ", found.Errors));
    }

    /// <summary>
    /// "Enviar para autorização" of one 81000030 consultation for the beneficiary behind <paramref name="reference"/>, then
    /// "Gerar token" (the code comes from the container's <c>ITokenCodeGenerator</c>): the treatment, its token active.
    /// </summary>
    public static async Task<SubmittedTreatment> TreatmentWithActiveTokenAsync(IServiceProvider services, Actor dentist, string reference)
    {
        await using var scope = services.CreateAsyncScope();
        var submitted = await scope.ServiceProvider.GetRequiredService<CreateAndSubmitTreatmentHandler>()
            .HandleAsync(new CreateAndSubmitTreatmentCommand(reference, [new TreatmentItemInput("81000030", null, null, null)]), dentist);
        if (!submitted.IsOk) throw new InvalidOperationException("Enviar para autorização failed: " + string.Join("; ", submitted.Errors));
        var generated = await scope.ServiceProvider.GetRequiredService<GenerateTokenHandler>()
            .HandleAsync(new GenerateTokenCommand(submitted.Value!.Id), dentist);
        if (!generated.IsOk) throw new InvalidOperationException("Gerar token failed: " + string.Join("; ", generated.Errors));
        return submitted.Value;
    }

    private sealed class Environment(string name, string root) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "DentistPortal";
        public string ContentRootPath { get; set; } = root;
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
