using DentistPortal.Bench.Shared;
using DentistPortal.Features.Common;
using DentistPortal.Infrastructure.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DentistPortal.BrowserBench;

/// <summary>
/// Prepares what the browser scenarios need through the portal's own handlers (<see cref="PortalServices"/>), in this
/// process, on the running portal's database file: the dentist's lookup of a beneficiary (issue 9 §2, the only way to a
/// reference), "Enviar para autorização" (<see cref="Features.Treatments.CreateAndSubmitTreatmentHandler"/>) and "Gerar token"
/// (<see cref="Features.Tokens.GenerateTokenHandler"/>) with the real random code generator, whose last code is kept so the browser can
/// type it. Same token HMAC key, Data Protection keys and development secrets folder as the portal
/// (<see cref="BenchPortal.SharedSettings"/>), so the portal verifies the code and its delivery worker sends it.
/// </summary>
public sealed class Preparation : IAsyncDisposable
{
    public const string DentistEmail = PortalServices.DentistEmail;

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
        var codes = new KnownCodes();
        var services = PortalServices.Build(settings, portal.Folder, services =>
        {
            services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
            services.AddPortalKeyStorage(); // the portal's Data Protection keys and development certificate (same folders)
        }, environmentName: "Development", codes: codes); // as the portal runs (development certificate)
        return new Preparation(services, codes);
    }

    /// <summary>A submitted treatment (one 81000030 consultation for Maria) with an active token; its number and code.</summary>
    public async Task<(string Number, string Code)> TreatmentWithActiveTokenAsync()
    {
        var actor = dentist ??= await PortalServices.ActorAsync(services, DentistEmail, PortalServices.SaoPauloCnpj);
        reference ??= await PortalServices.LookupAsync(services, actor, PortalServices.MariaCpf);
        var treatment = await PortalServices.TreatmentWithActiveTokenAsync(services, actor, reference);
        return (treatment.Number, codes.Last ?? throw new InvalidOperationException("No code was generated."));
    }

    public async ValueTask DisposeAsync() => await services.DisposeAsync();

    /// <summary>The real generator (TR-1), remembering the last code so the bench can type it like the patient would tell it.</summary>
    private sealed class KnownCodes : ITokenCodeGenerator
    {
        private readonly RandomTokenCodeGenerator random = new();
        public string? Last { get; private set; }
        public string Next() => Last = random.Next();
    }
}
