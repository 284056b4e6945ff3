using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace DentistPortal.Infrastructure.Messaging;

public static class MessagingRegistration
{
    public const string SmsDevInbox = "DevInbox";
    public const string SmsHttpGateway = "HttpGateway";
    public const string EmailDevInbox = "DevInbox";
    public const string EmailSmtp = "Smtp";

    /// <summary>
    /// The token messages: options ("Messaging"), the SMS and e-mail senders chosen by provider, the outbox worker
    /// and its background dispatcher, and the per-treatment change events. Needs AddPortalCore's database factory
    /// and TimeProvider, and an <c>ITokenCodeProtector</c>.
    /// </summary>
    public static IServiceCollection AddPortalMessaging(this IServiceCollection services, IConfiguration configuration)
    {
        // Once only: a second AddHttpClient(...).AddResilienceHandler would nest the pipeline in itself.
        if (services.Any(d => d.ServiceType == typeof(DeliveryWorker))) return services;

        services.TryAddSingleton(TimeProvider.System);

        services.AddOptions<MessagingOptions>()
            .Bind(configuration.GetSection(MessagingOptions.Section))
            // The development inbox is the default only in Development (issue 10, Environments); elsewhere an unset
            // provider fails validation and the start is refused (PortalStartup).
            .PostConfigure<IServiceProvider>((o, sp) =>
            {
                if (sp.GetService<IHostEnvironment>()?.IsDevelopment() != true) return;
                if (string.IsNullOrWhiteSpace(o.Sms.Provider)) o.Sms.Provider = SmsDevInbox;
                if (string.IsNullOrWhiteSpace(o.Email.Provider)) o.Email.Provider = EmailDevInbox;
            })
            .Validate(o => Is(o.Sms.Provider, SmsDevInbox) || Is(o.Sms.Provider, SmsHttpGateway),
                "Messaging:Sms:Provider must be \"HttpGateway\" (or \"DevInbox\", the development inbox, in Development only).")
            .Validate(o => !Is(o.Sms.Provider, SmsHttpGateway) || Uri.TryCreate(o.Sms.BaseUrl, UriKind.Absolute, out _),
                "Messaging:Sms:BaseUrl must be an absolute URL when the SMS provider is \"HttpGateway\".")
            .Validate(o => Is(o.Email.Provider, EmailDevInbox) || Is(o.Email.Provider, EmailSmtp),
                "Messaging:Email:Provider must be \"Smtp\" (or \"DevInbox\", the development inbox, in Development only).")
            .ValidateOnStart();

        services.AddTreatmentEvents(configuration);
        services.TryAddSingleton<DeliverySignal>();

        services.TryAddEnumerable(ServiceDescriptor.Transient<Microsoft.AspNetCore.Hosting.IStartupFilter, Security.DevelopmentPagesOnlyInDevelopment>());
        services.TryAddTransient<DevInboxSmsSender>();
        services.TryAddTransient<DevInboxEmailSender>();
        services.TryAddTransient<MailKitEmailSender>();

        services.AddHttpClient<HttpSmsGatewayClient>((sp, client) =>
            {
                var sms = sp.GetRequiredService<IOptionsMonitor<MessagingOptions>>().CurrentValue.Sms;
                if (Uri.TryCreate(sms.BaseUrl.EndsWith('/') ? sms.BaseUrl : sms.BaseUrl + "/", UriKind.Absolute, out var baseUrl))
                    client.BaseAddress = baseUrl;
                // The resilience handler owns the timeouts; this is only a backstop.
                client.Timeout = TotalTimeout(sms) + TimeSpan.FromSeconds(5);
            })
            // The standard resilience pipeline (rate limiter, total timeout, retry, circuit breaker, attempt timeout),
            // on real time: Polly would otherwise take the app's TimeProvider, and a network wait cannot follow a
            // test's fake clock (the outbox's own schedule does). Same strategies and defaults as
            // AddStandardResilienceHandler, which offers no way to set the clock.
            .AddResilienceHandler("standard", (pipeline, context) =>
            {
                var sms = context.ServiceProvider.GetRequiredService<IOptionsMonitor<MessagingOptions>>().CurrentValue.Sms;
                var standard = StandardOptions(sms);
                pipeline.TimeProvider = TimeProvider.System;
                pipeline
                    .AddRateLimiter(standard.RateLimiter)
                    .AddTimeout(standard.TotalRequestTimeout)
                    .AddRetry(standard.Retry)
                    .AddCircuitBreaker(standard.CircuitBreaker)
                    .AddTimeout(standard.AttemptTimeout);
            });

        // Chosen when resolved (per worker pass), so configuration added later (tests, environment) wins.
        services.TryAddTransient<ISmsSender>(sp =>
            Is(sp.GetRequiredService<IOptionsMonitor<MessagingOptions>>().CurrentValue.Sms.Provider, SmsHttpGateway)
                ? sp.GetRequiredService<HttpSmsGatewayClient>()
                : sp.GetRequiredService<DevInboxSmsSender>());
        services.TryAddTransient<IEmailSender>(sp =>
            Is(sp.GetRequiredService<IOptionsMonitor<MessagingOptions>>().CurrentValue.Email.Provider, EmailSmtp)
                ? sp.GetRequiredService<MailKitEmailSender>()
                : sp.GetRequiredService<DevInboxEmailSender>());

        services.TryAddSingleton<DeliveryWorker>();
        services.AddHostedService<DeliveryDispatcher>();
        return services;
    }

    /// <summary>The standard HTTP resilience options, tuned for the gateway: short attempts, 2 quick retries, total ≈ 3 attempts.</summary>
    internal static HttpStandardResilienceOptions StandardOptions(SmsOptions sms)
    {
        var attempt = AttemptTimeout(sms);
        var o = new HttpStandardResilienceOptions();
        o.AttemptTimeout.Timeout = attempt;
        o.TotalRequestTimeout.Timeout = TotalTimeout(sms);
        o.Retry.MaxRetryAttempts = 2;
        o.Retry.Delay = TimeSpan.FromMilliseconds(200);
        o.Retry.BackoffType = DelayBackoffType.Exponential;
        o.Retry.UseJitter = true;
        o.Retry.MaxDelay = TimeSpan.FromSeconds(2); // a long Retry-After is the outbox's job, not this call's
        var sampling = TimeSpan.FromSeconds(30);
        o.CircuitBreaker.SamplingDuration = attempt * 2 > sampling ? attempt * 2 : sampling;
        return o;
    }

    internal static TimeSpan AttemptTimeout(SmsOptions sms) => TimeSpan.FromSeconds(Math.Clamp(sms.TimeoutSeconds, 1, 120));

    internal static TimeSpan TotalTimeout(SmsOptions sms) => AttemptTimeout(sms) * 3;

    private static bool Is(string? value, string expected) => string.Equals(value?.Trim(), expected, StringComparison.OrdinalIgnoreCase);
}
