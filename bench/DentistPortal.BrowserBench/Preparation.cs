using DentistPortal.Features.Beneficiaries;
using DentistPortal.Features.Common;
using DentistPortal.Features.Tokens;
using DentistPortal.Features.Treatments;
using DentistPortal.Infrastructure;
using DentistPortal.Infrastructure.Data;
using DentistPortal.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DentistPortal.BrowserBench;

/// <summary>
/// Prepares what the browser scenarios need through the portal's own handlers (never rows written by hand), in this
/// process, on the running portal's database file: the dentist's lookup of a beneficiary (issue 9 §2, the only way to a
/// reference), "Enviar para autorização" (<see cref="CreateAndSubmitTreatmentHandler"/>) and "Gerar token"
/// (<see cref="GenerateTokenHandler"/>) with the real random code generator, whose last code is kept so the browser can
/// type it. Same token HMAC key, Data Protection keys and development secrets folder as the portal
/// (<see cref="BenchPortal.SharedSettings"/>), so the portal verifies the code and its delivery worker sends it.
/// </summary>
public sealed class Preparation : IAsyncDisposable
{
    public const string DentistEmail = "dentista@demo.local";
    public const string SaoPauloCnpj = "11222333000181";
    /// <summary>Maria Aparecida da Silva, holder with two dependents (README, demo data).</summary>
    public const string MariaCpf = "52998224725";

    private readonly ServiceProvider services;
    private readonly KnownCodes codes;
    private Actor? dentist;
    private string? reference;

    private Preparation(ServiceProvider services, KnownCodes codes)
    {
        this.services = services;
        this.codes = codes;
    }

    public static Preparation For(BenchPortal portal)
    {
        var settings = portal.SharedSettings();
        settings["Database:ApplyMigrationsAtStartup"] = "false";
        settings["Database:SeedDemoData"] = "false";
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddInMemoryCollection(settings)
            .Build();
        var codes = new KnownCodes();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton<ITokenCodeGenerator>(codes); // before AddPortalCore, which uses TryAdd
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddPortalKeyStorage(); // the portal's Data Protection keys and development certificate (same folders)
        services.AddPortalCore(configuration);
        services.AddSingleton<IHostEnvironment>(new Environment(portal.Folder));
        return new Preparation(services.BuildServiceProvider(), codes);
    }

    /// <summary>A submitted treatment (one 81000030 consultation for Maria) with an active token; its number and code.</summary>
    public async Task<(string Number, string Code)> TreatmentWithActiveTokenAsync()
    {
        var actor = await DentistAsync();
        reference ??= await LookupAsync(actor);
        await using var scope = services.CreateAsyncScope();
        var submitted = await scope.ServiceProvider.GetRequiredService<CreateAndSubmitTreatmentHandler>()
            .HandleAsync(new CreateAndSubmitTreatmentCommand(reference, [new TreatmentItemInput("81000030", null, null, null)]), actor);
        if (!submitted.IsOk) throw new InvalidOperationException("Enviar para autorização failed: " + string.Join("; ", submitted.Errors));
        var generated = await scope.ServiceProvider.GetRequiredService<GenerateTokenHandler>()
            .HandleAsync(new GenerateTokenCommand(submitted.Value!.Id), actor);
        if (!generated.IsOk) throw new InvalidOperationException("Gerar token failed: " + string.Join("; ", generated.Errors));
        return (submitted.Value.Number, codes.Last ?? throw new InvalidOperationException("No code was generated."));
    }

    private async Task<string> LookupAsync(Actor actor)
    {
        await using var scope = services.CreateAsyncScope();
        var found = await scope.ServiceProvider.GetRequiredService<LookupBeneficiaryHandler>().HandleAsync(new LookupBeneficiaryQuery(MariaCpf), actor);
        return found.Value?.Found.Reference ?? throw new InvalidOperationException("Lookup failed: " + string.Join("; ", found.Errors));
    }

    /// <summary>The actor the dentist's sign-in cookie carries (same query as the tests' DemoActors).</summary>
    private async Task<Actor> DentistAsync()
    {
        if (dentist is not null) return dentist;
        await using var db = await services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var user = await db.Users.SingleAsync(u => u.Email == DentistEmail);
        var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == user.Id select r.Name!).ToListAsync();
        var clinicId = await db.Clinics.Where(c => c.Cnpj == SaoPauloCnpj).Select(c => c.Id).SingleAsync();
        return dentist = new Actor(user.Id, user.FullName, roles.ToHashSet(), clinicId);
    }

    public async ValueTask DisposeAsync() => await services.DisposeAsync();

    /// <summary>The real generator (TR-1), remembering the last code so the bench can type it like the patient would tell it.</summary>
    private sealed class KnownCodes : ITokenCodeGenerator
    {
        private readonly RandomTokenCodeGenerator random = new();
        public string? Last { get; private set; }
        public string Next() => Last = random.Next();
    }

    private sealed class Environment(string root) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Development"; // as the portal runs (development certificate)
        public string ApplicationName { get; set; } = "DentistPortal";
        public string ContentRootPath { get; set; } = root;
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
