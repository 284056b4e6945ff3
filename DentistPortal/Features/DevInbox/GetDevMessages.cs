using DentistPortal.Domain.Messaging;
using DentistPortal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Features.DevInbox;

public sealed record DevMessageView(long Id, DeliveryChannel Channel, string To, string? Subject, string Body, DateTimeOffset CreatedAtUtc);

/// <summary>
/// The development inbox (Development only): SMS and e-mails the portal would have sent, newest first,
/// so the whole token round trip can be tried in one browser with no external service.
/// </summary>
public sealed class GetDevMessagesHandler(IDbContextFactory<AppDbContext> dbFactory, IHostEnvironment environment)
{
    public bool IsAvailable => environment.IsDevelopment();

    public async Task<IReadOnlyList<DevMessageView>> HandleAsync(int take = 50, CancellationToken ct = default)
    {
        if (!IsAvailable) return [];
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.DevMessages.AsNoTracking()
            .OrderByDescending(m => m.CreatedAtUtc).ThenByDescending(m => m.Id)
            .Take(Math.Clamp(take, 1, 200))
            .Select(m => new DevMessageView(m.Id, m.Channel, m.To, m.Subject, m.Body, m.CreatedAtUtc))
            .ToListAsync(ct);
    }
}
