using DentistPortal.Domain.Messaging;
using DentistPortal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Infrastructure.Messaging;

/// <summary>Development "SMS": the message lands in the development inbox (DevMessages) instead of a phone.</summary>
public sealed class DevInboxSmsSender(IDbContextFactory<AppDbContext> dbFactory, TimeProvider time) : ISmsSender
{
    public Task<SendResult> SendAsync(string e164, string text, string reference, CancellationToken ct) =>
        DevInbox.WriteAsync(dbFactory, new DevMessage
        {
            Channel = DeliveryChannel.Sms,
            To = e164,
            Body = text,
            CreatedAtUtc = time.GetUtcNow(),
        }, ct);
}

/// <summary>Development e-mail: the message lands in the development inbox (DevMessages) instead of a mailbox.</summary>
public sealed class DevInboxEmailSender(IDbContextFactory<AppDbContext> dbFactory, TimeProvider time) : IEmailSender
{
    public Task<SendResult> SendAsync(string to, string subject, string text, string html, string reference, CancellationToken ct) =>
        DevInbox.WriteAsync(dbFactory, new DevMessage
        {
            Channel = DeliveryChannel.Email,
            To = to,
            Subject = subject,
            Body = text,
            HtmlBody = html,
            CreatedAtUtc = time.GetUtcNow(),
        }, ct);
}

internal static class DevInbox
{
    public static async Task<SendResult> WriteAsync(IDbContextFactory<AppDbContext> dbFactory, DevMessage message, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.DevMessages.Add(message);
        await db.SaveChangesAsync(ct);
        return SendResult.Sent($"dev-{message.Id}");
    }
}
