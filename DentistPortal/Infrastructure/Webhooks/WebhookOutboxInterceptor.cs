using System.Data.Common;
using System.Runtime.CompilerServices;
using DentistPortal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace DentistPortal.Infrastructure.Webhooks;

/// <summary>
/// The one hook every token change already passes through: the save of its unit of work. Before each save it asks
/// <see cref="WebhookOutbox"/> to add the events of the tokens that ended, so they commit (or roll back) with the change
/// itself, whichever handler or sweep made it; after a commit that wrote events it wakes the dispatcher.
/// </summary>
public sealed class WebhookOutboxInterceptor(TimeProvider time, WebhookSignal signal) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    private readonly ConditionalWeakTable<DbContext, object> wrote = [];

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is AppDbContext db && await WebhookOutbox.StageTokenEndingsAsync(db, time.GetUtcNow(), cancellationToken) > 0)
            wrote.AddOrUpdate(db, this);
        return result;
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        // SQLite's provider is synchronous underneath; the sync save path (seeding) is rare.
        if (eventData.Context is AppDbContext db && WebhookOutbox.StageTokenEndingsAsync(db, time.GetUtcNow(), CancellationToken.None).GetAwaiter().GetResult() > 0)
            wrote.AddOrUpdate(db, this);
        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        WakeIfAutoCommitted(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        WakeIfAutoCommitted(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => WakeIfWrote(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        WakeIfWrote(eventData.Context);
        return Task.CompletedTask;
    }

    // Without an explicit transaction the save committed by itself; inside one, the wake waits for its commit.
    private void WakeIfAutoCommitted(DbContext? context)
    {
        if (context?.Database.CurrentTransaction is null) WakeIfWrote(context);
    }

    private void WakeIfWrote(DbContext? context)
    {
        if (context is not null && wrote.TryGetValue(context, out _))
        {
            wrote.Remove(context);
            signal.Wake();
        }
    }
}
