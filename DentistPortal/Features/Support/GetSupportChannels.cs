using DentistPortal.Domain.Support;
using Microsoft.Extensions.Options;

namespace DentistPortal.Features.Support;

public sealed record SupportChannelStatus(SupportChannel Channel, ServiceStatus Status);

public sealed record SupportInfo(string OperatorName, string AnsRegistration, IReadOnlyList<SupportChannelStatus> Channels, IReadOnlyList<SupportLink> Links);

/// <summary>The support channels from configuration, each marked open or closed right now (Brasília time).</summary>
public sealed class GetSupportChannelsHandler(IOptionsMonitor<OperatorOptions> options, TimeProvider time)
{
    public SupportInfo Handle()
    {
        var o = options.CurrentValue;
        var now = time.GetUtcNow();
        return new SupportInfo(
            o.Name,
            o.AnsRegistration,
            o.Channels.Select(c => new SupportChannelStatus(c, c.Hours?.StatusAt(now) ?? new ServiceStatus(true, "Aberto 24 horas."))).ToList(),
            o.Links);
    }
}
