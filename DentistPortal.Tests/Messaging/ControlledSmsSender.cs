using DentistPortal.Infrastructure.Messaging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DentistPortal.Tests.Messaging;

/// <summary>
/// The development-inbox SMS sender with a hook run before each send: a test uses it to make the process "die"
/// mid-batch, hold a send while the clock moves, or throw like a misbehaving provider.
/// </summary>
public sealed class SmsSendHook
{
    private int calls;

    public Func<int, string, CancellationToken, Task>? BeforeSend { get; set; }

    public int Calls => Volatile.Read(ref calls);

    public void Install(IServiceCollection services) =>
        services.Replace(ServiceDescriptor.Transient<ISmsSender>(sp => new ControlledSmsSender(sp.GetRequiredService<DevInboxSmsSender>(), this)));

    internal Task RunAsync(string text, CancellationToken ct) =>
        BeforeSend?.Invoke(Interlocked.Increment(ref calls), text, ct) ?? Task.CompletedTask;
}

public sealed class ControlledSmsSender(DevInboxSmsSender inner, SmsSendHook hook) : ISmsSender
{
    public async Task<SendResult> SendAsync(string e164, string text, string reference, CancellationToken ct)
    {
        await hook.RunAsync(text, ct);
        return await inner.SendAsync(e164, text, reference, ct);
    }
}
