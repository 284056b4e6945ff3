using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DentistPortal.Infrastructure.Pdf;

public static class PdfRegistration
{
    /// <summary>The GTO renderer: stateless and thread-safe, one per process. Needs no database nor configuration.</summary>
    public static IServiceCollection AddGuidePdf(this IServiceCollection services)
    {
        services.TryAddSingleton<IGuidePdfRenderer, GuidePdfRenderer>();
        return services;
    }
}
