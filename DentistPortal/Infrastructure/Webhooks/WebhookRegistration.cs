using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DentistPortal.Infrastructure.Webhooks;

public static class WebhookRegistration
{
    /// <summary>
    /// Clinic webhooks (issue 11): options ("Webhooks"), the secrets, the outbox interceptor's signal, the worker with its
    /// HTTP client (no redirects, short timeout, no retries of its own: the outbox retries) and the background dispatcher.
    /// The interceptor itself is added to the database options by AddPortalCore. The client connects only to public addresses
    /// (<see cref="WebhookConnector"/>, names resolved by <see cref="IWebhookAddressResolver"/>) and has no request logging:
    /// IHttpClientFactory's default loggers would print the clinic's full URL.
    /// </summary>
    public static IServiceCollection AddPortalWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(d => d.ServiceType == typeof(WebhookWorker))) return services;
        services.AddOptions<WebhookOptions>().Bind(configuration.GetSection(WebhookOptions.Section));
        services.TryAddSingleton<WebhookSignal>();
        services.TryAddSingleton<WebhookSecrets>();
        services.TryAddSingleton<IWebhookAddressResolver, DnsWebhookAddressResolver>();
        services.AddHttpClient(WebhookWorker.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(65))
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                ConnectTimeout = TimeSpan.FromSeconds(5),
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
                UseCookies = false,
                UseProxy = false, // a proxy would resolve and connect on our behalf, past the check below
                ConnectCallback = new WebhookConnector(sp.GetRequiredService<IWebhookAddressResolver>(),
                    sp.GetService<IHostEnvironment>()?.IsDevelopment() == true).ConnectAsync,
            })
            .RemoveAllLoggers();
        services.TryAddSingleton<WebhookWorker>();
        services.AddHostedService<WebhookDispatcher>();
        return services;
    }
}
