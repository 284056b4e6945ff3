using System.Net;
using DentistPortal.Infrastructure.Messaging;
using Microsoft.Extensions.Options;

namespace DentistPortal.Infrastructure.Security;

/// <summary>
/// What must hold before the portal serves anyone (issue 10, Keys and secrets / Environments). Outside Development:
/// a configured token HMAC key, Data Protection keys encrypted at rest, real SMS and e-mail providers (never the
/// development inbox); everywhere: SMTP never sends credentials without TLS. Every problem is reported at once, each
/// naming its setting, and the start is refused. (Development-only pages: <see cref="DevelopmentPagesOnlyInDevelopment"/>.)
/// </summary>
public static class PortalStartup
{
    /// <summary>Refuses to start on an unsafe configuration (throws, after logging the reasons as critical).</summary>
    public static WebApplication EnforceEnvironmentRules(this WebApplication app)
    {
        var problems = Problems(app.Services, app.Environment);
        if (problems.Count > 0)
        {
            var message = $"The portal refuses to start in the \"{app.Environment.EnvironmentName}\" environment:" +
                          string.Concat(problems.Select(p => Environment.NewLine + " - " + p));
            app.Logger.LogCritical("{Refusal}", message);
            throw new InvalidOperationException(message);
        }
        return app;
    }

    /// <summary>
    /// After the database is ready (issue 12): every Data Protection key still in use must open with the configured
    /// certificates (<see cref="KeyStorage.UnreadableKeys"/>). An instance given another certificate than the others on
    /// the shared store is refused with a message naming the setting, instead of signing everybody out and writing keys
    /// the other instances cannot read.
    /// </summary>
    public static WebApplication EnsureDataProtectionKeysReadable(this WebApplication app)
    {
        var storage = app.Services.GetRequiredService<KeyStorage>();
        var repository = app.Services.GetRequiredService<IOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>>().Value.XmlRepository;
        if (repository is null) return app;
        var problems = storage.UnreadableKeys(repository.GetAllElements(), app.Services.GetRequiredService<TimeProvider>().GetUtcNow());
        if (problems.Count == 0) return app;
        var message = $"The portal refuses to start in the \"{app.Environment.EnvironmentName}\" environment:" +
                      string.Concat(problems.Select(p => Environment.NewLine + " - " + p));
        app.Logger.LogCritical("{Refusal}", message);
        throw new InvalidOperationException(message);
    }

    /// <summary>The refusals for these services in this environment (empty: fine to start).</summary>
    public static List<string> Problems(IServiceProvider services, IHostEnvironment environment)
    {
        var problems = new List<string>();
        Try(problems, () => services.GetRequiredService<TokenHmacKeyRing>());
        Try(problems, () => services.GetRequiredService<KeyStorage>());

        MessagingOptions? messaging = null;
        try
        {
            messaging = services.GetRequiredService<IOptions<MessagingOptions>>().Value;
        }
        catch (OptionsValidationException ex)
        {
            problems.AddRange(ex.Failures);
        }
        if (messaging is null) return problems;

        if (!environment.IsDevelopment())
        {
            if (Is(messaging.Sms.Provider, MessagingRegistration.SmsDevInbox))
                problems.Add("Messaging:Sms:Provider is \"DevInbox\" (the development inbox), which is allowed only in Development: set it to \"HttpGateway\" with Messaging:Sms:BaseUrl and ApiKey.");
            if (Is(messaging.Email.Provider, MessagingRegistration.EmailDevInbox))
                problems.Add("Messaging:Email:Provider is \"DevInbox\" (the development inbox), which is allowed only in Development: set it to \"Smtp\" with Messaging:Email:Host.");
        }
        if (Is(messaging.Email.Provider, MessagingRegistration.EmailSmtp) && SmtpSecurityRules.WhyRefused(messaging.Email) is { } smtp)
            problems.Add(smtp);
        return problems;
    }

    private static void Try(List<string> problems, Action resolve)
    {
        try
        {
            resolve();
        }
        catch (InvalidOperationException ex)
        {
            problems.Add(ex.Message);
        }
    }

    private static bool Is(string? value, string expected) => string.Equals(value?.Trim(), expected, StringComparison.OrdinalIgnoreCase);
}

/// <summary>Messaging:Email:Security (issue 10, Environments): how the SMTP connection is protected.</summary>
public enum SmtpSecurity
{
    /// <summary>Plain connection upgraded with STARTTLS before anything else (port 587); refused if the server does not offer it.</summary>
    StartTls = 0,
    /// <summary>TLS from the first byte (implicit TLS, port 465).</summary>
    SslOnConnect = 1,
    /// <summary>No TLS: only to a loopback server (a local relay or a development catcher), and never with credentials.</summary>
    None = 2,
}

/// <summary>The one rule both the start-up check and the sender read: credentials never go over plaintext.</summary>
public static class SmtpSecurityRules
{
    /// <summary>Why this SMTP configuration must not be used, or null. Never mentions the password.</summary>
    public static string? WhyRefused(EmailOptions email)
    {
        if (email.Security != SmtpSecurity.None) return null;
        if (!IsLoopback(email.Host))
            return $"Messaging:Email:Security is \"None\" for the server \"{email.Host}\": plaintext SMTP is allowed only to a loopback server. Use \"StartTls\" (default) or \"SslOnConnect\".";
        if (!string.IsNullOrEmpty(email.UserName) || !string.IsNullOrEmpty(email.Password))
            return "Messaging:Email:Security is \"None\" but credentials are configured (Messaging:Email:UserName/Password): credentials are never sent without TLS. Use \"StartTls\" or \"SslOnConnect\".";
        return null;
    }

    public static bool IsLoopback(string? host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
}

/// <summary>
/// Issue 10 (Environments): outside Development, <c>/dev/…</c> (the development inbox) answers 404 before anything
/// else in the pipeline runs, so not even a login redirect tells that it exists. In Development the page itself
/// requires a logged-in user.
/// </summary>
public sealed class DevelopmentPagesOnlyInDevelopment(IHostEnvironment environment) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        if (!environment.IsDevelopment())
        {
            app.Use((context, following) =>
            {
                if (!context.Request.Path.StartsWithSegments("/dev", StringComparison.OrdinalIgnoreCase)) return following(context);
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            });
        }
        next(app);
    };
}
