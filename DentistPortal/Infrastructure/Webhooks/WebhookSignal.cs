using DentistPortal.Infrastructure.Messaging;

namespace DentistPortal.Infrastructure.Webhooks;

/// <summary>Wakes the webhook dispatcher when a transaction that wrote events committed, instead of waiting for its next poll.</summary>
public sealed class WebhookSignal : OutboxSignal;
