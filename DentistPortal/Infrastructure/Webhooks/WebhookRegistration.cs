using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DentistPortal.Infrastructure.Webhooks;

public static class WebhookRegistration
{
    /// <summary>
    /// Clinic webhooks (issue 11): options ("Webhooks"), the secrets, the outbox interceptor's signal, the worker with its
    /// HTTP client (no redirects, short timeout, no retries of its own: the outbox retries) and the background dispatcher.
    /// The interceptor itself is added to the database options by AddPortalCore.
    /// </summary>
    public static IServiceCollection AddPortalWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(d => d.ServiceType == typeof(WebhookWorker))) return services;
        services.AddOptions<WebhookOptions>().Bind(configuration.GetSection(WebhookOptions.Section));
        services.TryAddSingleton<WebhookSignal>();
        services.TryAddSingleton<WebhookSecrets>();
        services.AddHttpClient(WebhookWorker.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(65))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                ConnectTimeout = TimeSpan.FromSeconds(5),
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
                UseCookies = false,
            });
        services.TryAddSingleton<WebhookWorker>();
        services.AddHostedService<WebhookDispatcher>();
        return services;
    }
}
